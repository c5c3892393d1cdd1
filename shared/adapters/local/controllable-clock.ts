/**
 * The local stack's clock: real time plus an offset that `POST /dev/clock` moves, so a demo can jump ten days
 * ahead and watch reminders fire. The offset is saved in the data folder, so a restart keeps the same "now".
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Clock } from '#shared/ports/clock.ts';

export class ControllableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly stateFile?: string) {
    if (stateFile && existsSync(stateFile)) {
      const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { offsetMs?: unknown };
      if (typeof saved.offsetMs === 'number' && Number.isFinite(saved.offsetMs)) this.offsetMs = saved.offsetMs;
    }
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock forward (never backward: schedules already fired stay fired). */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    this.save();
    return this.now();
  }

  set(instant: Date): Date {
    if (Number.isNaN(instant.getTime())) throw new RangeError('not an instant');
    this.offsetMs = instant.getTime() - Date.now();
    this.save();
    return this.now();
  }

  private save(): void {
    if (this.stateFile) writeFileSync(this.stateFile, JSON.stringify({ offsetMs: this.offsetMs }));
  }
}
