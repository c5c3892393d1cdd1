/**
 * "Send on 2026-03-30 at 09:00 in Europe/Paris" as the two things the scheduler needs: the local wall-clock
 * time for an EventBridge `at()` expression with `ScheduleExpressionTimezone` (INTEGRATIONS §6), and the UTC
 * instant for our own comparisons and the local scheduler. Only Intl: no time-zone library.
 *
 * DST: a wall-clock time that does not exist (02:30 on a spring-forward day in Paris) moves forward by the
 * length of the gap (→ 03:30), and one that happens twice (02:30 on a fall-back day) takes the first
 * occurrence — the same as Temporal's 'compatible' disambiguation and java.time. The `local` returned is
 * the time that really happens, so `at()` and `utc` always agree.
 */
import { assertIsoDate, type IsoDate } from '../calendar-date.ts';
import { InvalidValueError } from '../errors.ts';

export interface SendInstant {
  /** Wall-clock time in the zone, `YYYY-MM-DDTHH:MM:SS`, for `at(...)`. */
  readonly local: string;
  /** The same moment as an ISO 8601 UTC instant (`2026-03-30T07:00:00.000Z`). */
  readonly utc: string;
}

/** Hours 0-23, or "HH:MM" for a send time with minutes. */
export type SendHour = number | string;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new InvalidValueError('timeZone', `"${timeZone}" is not an IANA time zone`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in the zone, as milliseconds of a UTC clock showing the same digits. */
function wallClockMs(utcMs: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The zone's offset from UTC at an instant, in ms (Paris in summer: +7 200 000). Whole seconds only. */
function offsetMs(utcMs: number, timeZone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

/** Parses 9, "9", "09:00", "9:30" into minutes after midnight. */
export function parseSendHour(sendHour: SendHour): number {
  if (typeof sendHour === 'number') {
    if (!Number.isInteger(sendHour) || sendHour < 0 || sendHour > 23) {
      throw new InvalidValueError('sendHour', `must be an hour 0-23 or "HH:MM", got ${sendHour}`);
    }
    return sendHour * 60;
  }
  const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(sendHour.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2] ?? 0);
  if (!match || hours > 23 || minutes > 59) {
    throw new InvalidValueError('sendHour', `must be an hour 0-23 or "HH:MM", got "${sendHour}"`);
  }
  return hours * 60 + minutes;
}

/** The instant a wall-clock time happens in a zone (gap → moved forward, overlap → first occurrence). */
export function zonedTimeToUtc(wallMs: number, timeZone: string): number {
  // The offsets a day either side bracket any single transition near this wall time.
  const before = offsetMs(wallMs - DAY_MS, timeZone);
  const after = offsetMs(wallMs + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallMs - offset)
    .filter((utc) => wallClockMs(utc, timeZone) === wallMs)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return first;
  // In the gap: read the wall time with the offset from before the jump, which lands after it
  // (Paris 02:30 +01:00 = 01:30Z = 03:30 CEST).
  return wallMs - before;
}

function formatWall(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}

export function sendInstant(date: IsoDate, sendHour: SendHour, timeZone: string): SendInstant {
  assertIsoDate(date, 'date');
  const minutes = parseSendHour(sendHour);
  formatter(timeZone); // validates the zone before any arithmetic
  const wallMs = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  const utcMs = zonedTimeToUtc(wallMs, timeZone);
  return { local: formatWall(wallClockMs(utcMs, timeZone)), utc: new Date(utcMs).toISOString() };
}

/** The local calendar date and `HH:MM` of an instant in a zone (for tests and display). */
export function localDateTime(instant: string | Date, timeZone: string): { date: IsoDate; time: string } {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new InvalidValueError('instant', `"${String(instant)}" is not an ISO instant`);
  const wall = formatWall(wallClockMs(ms, timeZone));
  return { date: wall.slice(0, 10), time: wall.slice(11, 16) };
}
