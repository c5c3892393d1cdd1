/**
 * Business days for sending reminders: Monday to Friday, minus France's public holidays.
 *
 * The national list (Code du travail L3133-1), 11 days: 1 Jan, Easter Monday, 1 May, 8 May, Ascension,
 * Whit Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec. It is computed here (Easter by the anonymous Gregorian
 * algorithm) rather than read from a holiday library, which would put over a megabyte of data, moment-timezone and
 * an astronomy library in every function that plans a reminder. test/unit/dunning/business-calendar-reference.test.ts
 * checks it against date-holidays' FR public holidays for 1950–2200.
 *
 * Only public holidays count: observances such as Pentecost Sunday or Mother's Day, and bank-only closures, do not
 * stop a reminder. Whit Monday (lundi de Pentecôte) is a jour férié even though many companies work it as the
 * "journée de solidarité": we do not send on it. Alsace-Moselle's extra days (Good Friday, 26 Dec) are regional,
 * not applied: we calendar by country.
 *
 * Only France has a calendar: nothing passes another country today (the dispatch and the upcoming-reminders view
 * use the default), and any other code is refused rather than treated as a country without holidays.
 */
import { addDays, assertIsoDate, dayOfWeek, type IsoDate } from '../calendar-date.ts';
import { InvalidValueError } from '../errors.ts';

export type CountryCode = string;

const SUPPORTED: readonly CountryCode[] = ['FR'];

/** Fixed-date public holidays, as `MM-DD`. */
const FIXED_HOLIDAYS = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'] as const;
/** Holidays set by Easter Sunday, in days after it: Easter Monday, Ascension, Whit Monday. */
const EASTER_OFFSETS = [1, 39, 50] as const;

/** Easter Sunday of a Gregorian year (the anonymous algorithm: Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** year → the public-holiday dates of that year in France, as `YYYY-MM-DD`. */
const holidayDates = new Map<number, ReadonlySet<IsoDate>>();

function checkedCountry(country: CountryCode): CountryCode {
  if (!/^[A-Z]{2}$/.test(country)) throw new InvalidValueError('country', `"${country}" is not an ISO 3166 code`);
  if (!SUPPORTED.includes(country)) throw new InvalidValueError('country', `no holiday calendar for "${country}"`);
  return country;
}

function frenchPublicHolidays(year: number): ReadonlySet<IsoDate> {
  let dates = holidayDates.get(year);
  if (!dates) {
    const yyyy = String(year).padStart(4, '0');
    const easter = easterSunday(year);
    dates = new Set([
      ...FIXED_HOLIDAYS.map((monthDay) => `${yyyy}-${monthDay}`),
      ...EASTER_OFFSETS.map((days) => addDays(easter, days)),
    ]);
    holidayDates.set(year, dates);
  }
  return dates;
}

export function isPublicHoliday(date: IsoDate, country: CountryCode = 'FR'): boolean {
  assertIsoDate(date, 'date');
  checkedCountry(country);
  return frenchPublicHolidays(Number(date.slice(0, 4))).has(date);
}

export function isBusinessDay(date: IsoDate, country: CountryCode = 'FR'): boolean {
  const dow = dayOfWeek(assertIsoDate(date, 'date'));
  checkedCountry(country);
  return dow !== 0 && dow !== 6 && !isPublicHoliday(date, country);
}

/** The date itself when it is a business day, else the first business day after it. */
export function nextBusinessDayOnOrAfter(date: IsoDate, country: CountryCode = 'FR'): IsoDate {
  let day = assertIsoDate(date, 'date');
  // Any real calendar has a business day within a couple of weeks; the bound only guards bad data.
  for (let i = 0; i < 366; i++) {
    if (isBusinessDay(day, country)) return day;
    day = addDays(day, 1);
  }
  throw new InvalidValueError('country', `no business day within a year after ${date} in ${country}`);
}

/** The first business day strictly after the date. */
export function nextBusinessDayAfter(date: IsoDate, country: CountryCode = 'FR'): IsoDate {
  return nextBusinessDayOnOrAfter(addDays(assertIsoDate(date, 'date'), 1), country);
}
