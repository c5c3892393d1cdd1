import { describe, expect, it } from 'vitest';
import { assertBusinessDate, BUSINESS_YEARS, isBusinessDate } from '#shared/domain/calendar-date.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';

describe('business dates', () => {
  it(`accepts calendar dates from ${BUSINESS_YEARS.min} to ${BUSINESS_YEARS.max}, and nothing else`, () => {
    for (const ok of ['1900-01-01', '2026-11-23', '2028-02-29', '2199-12-31']) expect(isBusinessDate(ok)).toBe(true);
    for (const bad of ['1899-12-31', '2200-01-01', '9999-12-31', '0001-01-01', '2026-02-30', '2026-1-5', ''])
      expect(isBusinessDate(bad)).toBe(false);
  });

  it('names the field and says why', () => {
    expect(() => assertBusinessDate('9999-12-31', 'dueDate')).toThrow(InvalidValueError);
    expect(() => assertBusinessDate('9999-12-31', 'dueDate')).toThrow(/dueDate.*1900–2199|1900–2199/);
    expect(() => assertBusinessDate('2026-02-30', 'dueDate')).toThrow(/not a calendar date/);
    expect(assertBusinessDate('2026-11-23', 'dueDate')).toBe('2026-11-23');
  });
});
