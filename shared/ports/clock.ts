/** Time is a dependency: production uses the system clock, the local stack and tests a controllable one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
