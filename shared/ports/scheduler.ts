/**
 * One-time schedules (EventBridge Scheduler on AWS, timers over stored schedules locally).
 * The name is deterministic, so asking twice for the same schedule is harmless ("exists").
 */
export interface OneTimeSchedule {
  /** 1–64 chars of [0-9a-zA-Z-_.]. */
  name: string;
  /** Local wall-clock time `YYYY-MM-DDTHH:MM:SS` in `timeZone` (the `at()` expression). */
  at: string;
  timeZone: string;
  /** Which handler receives the payload when it fires. */
  target: string;
  payload: unknown;
}

export interface Scheduler {
  schedule(schedule: OneTimeSchedule): Promise<'created' | 'exists'>;
  cancel(name: string): Promise<void>;
}
