/**
 * Amounts and dates as the readers need them: decimal strings to Money without floats, calendar dates
 * validated, two-digit years expanded.
 */
import { type IsoDate, isIsoDate } from '#shared/domain/calendar-date.ts';
import { isCurrencyCode, type Money, minorUnitDigits, money } from '#shared/domain/money.ts';

/** ISO 4217 "no currency": used for MT940 fragments that never say which currency they are in. */
export const NO_CURRENCY = 'XXX';

export interface AmountParse {
  money: Money;
  /** Set when digits beyond the currency's minor unit were rounded away. */
  rounded?: string;
}

/**
 * Converts a canonical decimal string (`-1234.5`, `+000115.8331`, `12.`) in major units to Money, rounding half
 * away from zero when it carries more decimals than the currency has. Returns undefined when it is not a number.
 */
export function decimalToMoney(text: string, currency: string): AmountParse | undefined {
  const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  if (!isCurrencyCode(currency)) return undefined;
  const digits = minorUnitDigits(currency);
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const dropped = fraction.slice(digits);
  let minor = BigInt((whole || '0') + kept);
  let rounded: string | undefined;
  if (/[1-9]/.test(dropped)) {
    if ((dropped.charCodeAt(0) ?? 48) >= 53) minor += 1n;
    rounded = `${text.trim()} has more than ${digits} decimals for ${currency}; rounded`;
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const value = Number(minor);
  return { money: money(sign === '-' && value !== 0 ? -value : value, currency), rounded };
}

/** Two-digit years: 80–99 are 19xx, 00–79 are 20xx (bank statements of the last and this century). */
export function expandYear(yy: number): number {
  return yy >= 80 ? 1900 + yy : 2000 + yy;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): IsoDate | undefined {
  const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(value) ? value : undefined;
}

/**
 * A calendar date whose day may overflow the month, as German banks write interest and fee bookings on
 * "30 February": the day is clamped to the month's last day. Month and day zero stay invalid.
 */
export function clampedDate(year: number, month: number, day: number): { date?: IsoDate; clamped: boolean } {
  if (month < 1 || month > 12 || day < 1 || day > 31) return { clamped: false };
  const last = lastDayOfMonth(year, month);
  if (day > last) return { date: isoDate(year, month, last), clamped: true };
  return { date: isoDate(year, month, day), clamped: false };
}

/**
 * The calendar date of an ISO 8601 date or date-time in its own offset: `2014-12-31T23:30:00-05:00` is
 * 2014-12-31, whatever the reader's time zone.
 */
export function calendarDateOf(value: string): IsoDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return isIsoDate(date) ? date : undefined;
}
