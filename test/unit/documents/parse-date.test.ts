import { describe, expect, it } from 'vitest';
import { findDateTexts, inferDateOrder, parseDate } from '#shared/domain/documents/normalize.ts';

describe('parseDate', () => {
  it.each([
    ['15/01/2026', '2026-01-15'],
    ['15.01.2026', '2026-01-15'],
    ['15-01-26', '2026-01-15'],
    ['2026-01-15', '2026-01-15'],
    ['15 janvier 2026', '2026-01-15'],
    ['1er mars 2026', '2026-03-01'],
    ['le 15 janv. 2026', '2026-01-15'],
    ['lundi 2 février 2026', '2026-02-02'],
    ['12 août 2026', '2026-08-12'],
    ['3 décembre 2025', '2025-12-03'],
    ['01-Jan-2021', '2021-01-01'],
    ['January 31, 2021', '2021-01-31'],
    ['Monday, March 2, 2026', '2026-03-02'],
    ['31st Jan 2021', '2021-01-31'],
    ['sept. 5, 2026', '2026-09-05'],
    ['01/31/2021', '2021-01-31'],
    ['01/13/17', '2017-01-13'],
    ['15\u00a0janvier\u00a02026', '2026-01-15'],
  ])('reads %j as %s', (text, iso) => {
    // Act / Assess
    expect(parseDate(text, 'auto')).toBe(iso);
  });

  it('settles day and month by a part over 12, whatever the hint', () => {
    // Act / Assess
    expect(parseDate('31/01/2026', 'mdy')).toBe('2026-01-31');
    expect(parseDate('01/31/2026', 'dmy')).toBe('2026-01-31');
  });

  it('reads an ambiguous numeric date D/M by default and M/D for a US document', () => {
    // Act / Assess
    expect(parseDate('05/06/2026', 'auto')).toBe('2026-06-05');
    expect(parseDate('05/06/2026', 'dmy')).toBe('2026-06-05');
    expect(parseDate('05/06/2026', 'mdy')).toBe('2026-05-06');
  });

  it('maps two-digit years 00–69 to 20xx and 70–99 to 19xx', () => {
    // Act / Assess
    expect(parseDate('15/01/69')).toBe('2069-01-15');
    expect(parseDate('15/01/70')).toBe('1970-01-15');
  });

  it.each(['31/02/2026', '2026-13-01', 'hello', '15 janvier', '32 mars 2026', ''])('refuses %j', (text) => {
    // Act / Assess
    expect(parseDate(text)).toBeUndefined();
  });
});

describe('findDateTexts', () => {
  it('finds the dates inside sentences, and never across cells', () => {
    // Act
    const found = findDateTexts('Facture n° 2026-07 du 3 mars 2026\tRéf. 14 septembre\t2025 — le 15/01/2026');
    // Assess
    expect(found).toEqual(['3 mars 2026', '15/01/2026']);
  });
});

describe('inferDateOrder', () => {
  it('takes the order from an unambiguous date of the same document', () => {
    // Act / Assess
    expect(inferDateOrder(['01/13/17', '01/02/2017'], 'EUR')).toBe('mdy');
    expect(inferDateOrder(['13/01/2017', '01/02/2017'], 'USD')).toBe('dmy');
  });

  it('falls back on the currency: US dollars are M/D, everything else D/M', () => {
    // Act / Assess
    expect(inferDateOrder(['01/02/2026'], 'USD')).toBe('mdy');
    expect(inferDateOrder(['01/02/2026'], 'EUR')).toBe('dmy');
    expect(inferDateOrder([])).toBe('dmy');
  });

  it('ignores contradicting evidence', () => {
    // Act / Assess
    expect(inferDateOrder(['13/01/2026', '01/13/2026'], 'USD')).toBe('mdy');
  });
});
