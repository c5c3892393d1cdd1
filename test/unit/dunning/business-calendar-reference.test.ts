/**
 * The French calendar computed in business-calendar.ts against a reference: date-holidays' FR public holidays
 * (a dev dependency only; production does not ship it), every year from 1950 to 2200.
 */
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { addDays } from '#shared/domain/calendar-date.ts';
import { easterSunday, isPublicHoliday } from '#shared/domain/dunning/business-calendar.ts';

const FIRST_YEAR = 1950;
const LAST_YEAR = 2200;

/** The year's public holidays in date-holidays, and their distinct dates (Ascension can fall on 1 or 8 May). */
function referenceHolidays(holidays: Holidays, year: number): { count: number; dates: string[] } {
  const publicHolidays = holidays.getHolidays(year).filter((h) => h.type === 'public');
  // `date` is the local calendar date ("2026-05-25 00:00:00").
  const dates = [...new Set(publicHolidays.map((h) => h.date.slice(0, 10)))].sort();
  return { count: publicHolidays.length, dates };
}

function ownHolidays(year: number): string[] {
  const days: string[] = [];
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1))
    if (isPublicHoliday(day)) days.push(day);
  return days;
}

describe('French public holidays', () => {
  it(`are date-holidays' FR public holidays, every day of ${FIRST_YEAR}–${LAST_YEAR}`, () => {
    const holidays = new Holidays('FR', { types: ['public'] });
    const differences: string[] = [];
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      const { count, dates } = referenceHolidays(holidays, year);
      const actual = ownHolidays(year);
      if (count !== 11) differences.push(`${year}: the reference lists ${count} holidays`);
      if (JSON.stringify(actual) !== JSON.stringify(dates))
        differences.push(`${year}: ours ${actual.join(' ')} / date-holidays ${dates.join(' ')}`);
    }
    expect(differences).toEqual([]);
  });

  it.each([
    [1961, '1961-04-02'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'], // near the earliest possible date (22 March)
    [2011, '2011-04-24'],
    [2038, '2038-04-25'], // the latest possible date
    [2026, '2026-04-05'],
    [2285, '2285-03-22'], // the earliest possible date
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});
