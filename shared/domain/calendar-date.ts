/**
 * Calendar dates as `YYYY-MM-DD` strings: an invoice is due on a day, not at an instant.
 * Arithmetic goes through UTC midnight so no local time zone or DST shift can move a day.
 */
import { InvalidValueError } from './errors.ts';

export type IsoDate = string;

const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function assertIsoDate(value: string, field: string): IsoDate {
  if (!isIsoDate(value)) throw new InvalidValueError(field, `"${value}" is not a calendar date (YYYY-MM-DD)`);
  return value;
}

/**
 * The years a business date (an invoice's issue and due dates, an instalment, a promise, a pause) can have.
 * Anything else is a typo or a misread, and a date near 9999 would overflow the arithmetic that follows it
 * (due date + plan offsets, issue date + terms) past what an ISO date can hold.
 */
export const BUSINESS_YEARS = { min: 1900, max: 2199 } as const;

/** A calendar date within BUSINESS_YEARS. */
export function isBusinessDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return isIsoDate(value) && year >= BUSINESS_YEARS.min && year <= BUSINESS_YEARS.max;
}

export function assertBusinessDate(value: string, field: string): IsoDate {
  assertIsoDate(value, field);
  if (!isBusinessDate(value)) {
    throw new InvalidValueError(field, `"${value}" is outside ${BUSINESS_YEARS.min}–${BUSINESS_YEARS.max}`);
  }
  return value;
}

function toEpochDay(date: IsoDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function fromEpochDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar date of an instant in an IANA time zone ("2026-03-29T23:30:00Z" in Europe/Paris is 2026-03-30). */
export function dateInZone(instant: Date, timeZone: string): IsoDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** A day for people to read: "2 déc. 2026" / "2 Dec 2026" (medium) or "2 décembre 2026" / "2 December 2026" (long). */
export function formatDate(date: IsoDate, language: 'fr' | 'en', style: 'medium' | 'long' = 'medium'): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: style, timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}
