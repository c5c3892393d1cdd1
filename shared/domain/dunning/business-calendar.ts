/**
 * Business days for sending reminders: Monday to Friday, minus the country's public holidays as
 * date-holidays knows them (type 'public' only: observances such as Pentecost Sunday or Mother's Day,
 * and bank-only closures, do not stop a reminder).
 *
 * For France this is the national list (11 days: 1 Jan, Easter Monday, 1 May, 8 May, Ascension,
 * Whit Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec). Whit Monday (lundi de Pentecôte) is 'public' in
 * date-holidays' FR data and is a jour férié in the Code du travail (L3133-1), even though many companies
 * work it as the "journée de solidarité": we follow the data and do not send on it.
 * Alsace-Moselle's extra days (Good Friday, 26 Dec) are regional, not applied: we calendar by country.
 */
import Holidays from 'date-holidays';
import { addDays, assertIsoDate, dayOfWeek, type IsoDate } from '../calendar-date.ts';
import { InvalidValueError } from '../errors.ts';

export type CountryCode = string;

const instances = new Map<CountryCode, Holidays>();
/** `${country}:${year}` → the public-holiday dates of that year, as `YYYY-MM-DD`. */
const holidayDates = new Map<string, ReadonlySet<IsoDate>>();

function holidaysFor(country: CountryCode): Holidays {
  let h = instances.get(country);
  if (!h) {
    if (!/^[A-Z]{2}$/.test(country)) throw new InvalidValueError('country', `"${country}" is not an ISO 3166 code`);
    h = new Holidays();
    // init returns nothing useful; an unknown country leaves the instance without rules.
    h.init(country, { types: ['public'] });
    if (h.getRules().length === 0) throw new InvalidValueError('country', `no holiday data for "${country}"`);
    instances.set(country, h);
  }
  return h;
}

function publicHolidays(country: CountryCode, year: number): ReadonlySet<IsoDate> {
  const key = `${country}:${year}`;
  let dates = holidayDates.get(key);
  if (!dates) {
    const set = new Set<IsoDate>();
    for (const holiday of holidaysFor(country).getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      // `date` is the local calendar date ("2026-05-25 00:00:00"); reading it avoids any time-zone maths.
      const first = holiday.date.slice(0, 10);
      // A holiday may last several days in some countries: count whole days between start and end.
      const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
      for (let i = 0; i < length; i++) set.add(addDays(first, i));
    }
    dates = set;
    holidayDates.set(key, dates);
  }
  return dates;
}

export function isPublicHoliday(date: IsoDate, country: CountryCode = 'FR'): boolean {
  assertIsoDate(date, 'date');
  const year = Number(date.slice(0, 4));
  // A multi-day holiday can start in the previous year.
  return publicHolidays(country, year).has(date) || publicHolidays(country, year - 1).has(date);
}

export function isBusinessDay(date: IsoDate, country: CountryCode = 'FR'): boolean {
  const dow = dayOfWeek(assertIsoDate(date, 'date'));
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
