import { describe, expect, it } from 'vitest';
import {
  isBusinessDay,
  isPublicHoliday,
  nextBusinessDayAfter,
  nextBusinessDayOnOrAfter,
} from '#shared/domain/dunning/business-calendar.ts';
import { fieldOf } from './helpers.ts';

describe('isBusinessDay (France)', () => {
  it.each([
    ['2026-01-01', "New Year's Day"],
    ['2026-04-06', 'Easter Monday'],
    ['2026-05-01', 'Labour Day (a Friday)'],
    ['2026-05-08', 'Victory in Europe Day (a Friday)'],
    ['2026-05-14', 'Ascension (a Thursday)'],
    // Whit Monday: a jour férié in the Code du travail (L3133-1) even where a company works it as the "journée de
    // solidarité", and 'public' in date-holidays' FR data (rule "easter 50"). No reminders.
    ['2026-05-25', 'Whit Monday'],
    ['2026-07-14', 'Bastille Day (a Tuesday)'],
    ['2026-11-11', 'Armistice (a Wednesday)'],
    ['2026-12-25', 'Christmas (a Friday)'],
  ])('%s (%s) is a public holiday, not a business day', (date) => {
    expect(isPublicHoliday(date)).toBe(true);
    expect(isBusinessDay(date)).toBe(false);
  });

  it.each([
    ['2026-05-02', 'Saturday'],
    ['2026-05-03', 'Sunday'],
    ['2026-03-29', 'Sunday (spring DST change)'],
    ['2026-10-25', 'Sunday (autumn DST change)'],
  ])('%s (%s) is not a business day', (date) => {
    expect(isBusinessDay(date)).toBe(false);
  });

  it.each([
    ['2026-04-03', 'Good Friday: only an Alsace-Moselle holiday, we calendar by country'],
    ['2026-05-26', 'the Tuesday after Whit Monday'],
    ['2026-12-24', 'Christmas Eve'],
    ['2026-12-31', "New Year's Eve"],
    ['2026-05-07', 'the Thursday before 8 May'],
  ])('%s (%s) is a business day', (date) => {
    expect(isBusinessDay(date)).toBe(true);
  });

  it('ignores observances such as Pentecost Sunday and Mother’s Day (they are Sundays anyway)', () => {
    expect(isPublicHoliday('2026-05-24')).toBe(false);
    expect(isPublicHoliday('2026-05-31')).toBe(false);
  });

  it('calendars France only: another country is refused, not taken as a country without holidays', () => {
    expect(isBusinessDay('2026-07-21', 'FR')).toBe(true);
    expect(fieldOf(() => isBusinessDay('2026-07-21', 'BE'))).toBe('country');
    expect(fieldOf(() => isBusinessDay('2026-07-18', 'BE'))).toBe('country'); // a Saturday: refused all the same
    expect(fieldOf(() => isPublicHoliday('2026-07-14', 'DE'))).toBe('country');
    expect(fieldOf(() => nextBusinessDayOnOrAfter('2026-07-14', 'BE'))).toBe('country');
  });

  it('rejects a malformed date or an unknown country', () => {
    expect(fieldOf(() => isBusinessDay('2026-02-30'))).toBe('date');
    expect(fieldOf(() => isBusinessDay('2026-02-03', 'XX'))).toBe('country');
    expect(fieldOf(() => isBusinessDay('2026-02-03', 'fr'))).toBe('country');
  });
});

describe('nextBusinessDayOnOrAfter', () => {
  it.each([
    ['2026-05-07', '2026-05-07', 'a business day is itself'],
    ['2026-05-01', '2026-05-04', 'Friday holiday → Monday'],
    ['2026-05-08', '2026-05-11', 'Friday holiday → Monday'],
    ['2026-05-23', '2026-05-26', 'Saturday, Sunday, Whit Monday → Tuesday'],
    ['2026-05-14', '2026-05-15', 'Ascension → the Friday after'],
    ['2026-04-04', '2026-04-07', 'Easter weekend and Monday → Tuesday'],
    ['2026-12-25', '2026-12-28', 'Christmas Friday → Monday'],
    ['2026-07-14', '2026-07-15', 'Bastille Day → Wednesday'],
    ['2027-01-01', '2027-01-04', 'New Year 2027 (Friday) → Monday'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(nextBusinessDayOnOrAfter(date)).toBe(expected);
  });

  it('nextBusinessDayAfter skips the day itself', () => {
    expect(nextBusinessDayAfter('2026-05-07')).toBe('2026-05-11');
    expect(nextBusinessDayAfter('2026-05-06')).toBe('2026-05-07');
  });
});
