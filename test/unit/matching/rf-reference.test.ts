import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '#shared/domain/errors.ts';
import {
  createRfReference,
  formatRfReference,
  isValidRfReference,
  normalizeRfReference,
  rfBaseFrom,
} from '#shared/domain/matching/rf-reference.ts';

describe('isValidRfReference', () => {
  it.each(['RF18539007547034', 'RF712348231', 'RF18 5390 0754 7034', 'rf18539007547034', ' RF71 2348 231 '])(
    'accepts the valid reference %j',
    (reference) => {
      // Act / Assess
      expect(isValidRfReference(reference)).toBe(true);
    },
  );

  it.each([
    ['wrong check digits', 'RF19539007547034'],
    ['a swapped pair of digits', 'RF18539007547043'],
    ['one digit changed', 'RF712348232'],
    ['no reference part', 'RF18'],
    ['more than 21 characters after the check digits', 'RF18539007547034539007547034'],
    ['punctuation', 'RF18-5390-0754-7034'],
    ['another prefix', 'FR18539007547034'],
    ['letters as check digits', 'RFAB539007547034'],
    ['an empty string', ''],
  ])('rejects %s', (_label, reference) => {
    // Act / Assess
    expect(isValidRfReference(reference)).toBe(false);
  });

  it('rejects check digits 00, 01 and 99 even when they pass mod 97 by aliasing', () => {
    // Prepare: a base whose computed check digits are 02, 97 or 98 has an alias 99, 00 or 01.
    const mod97 = (text: string) =>
      BigInt([...text].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('')) % 97n;
    let base = 0;
    let check = 0;
    do {
      base++;
      check = Number(createRfReference(String(base)).slice(2, 4));
    } while (check !== 2 && check !== 97 && check !== 98);
    const alias = check === 2 ? '99' : String(check - 97).padStart(2, '0');
    const aliased = `RF${alias}${base}`;
    // Act / Assess
    expect(mod97(`${base}RF${alias}`)).toBe(1n);
    expect(isValidRfReference(aliased)).toBe(false);
    expect(isValidRfReference(createRfReference(String(base)))).toBe(true);
  });
});

describe('createRfReference', () => {
  it.each([
    ['539007547034', 'RF18539007547034'],
    ['2348231', 'RF712348231'],
  ])('creates the published reference for %s', (base, expected) => {
    // Act / Assess
    expect(createRfReference(base)).toBe(expected);
  });

  it('derives the base from an invoice number: letters and digits, upper case', () => {
    // Act
    const reference = createRfReference('f-2026-0042');
    // Assess
    expect(reference).toMatch(/^RF\d{2}F20260042$/);
    expect(isValidRfReference(reference)).toBe(true);
  });

  it('fits an id longer than 21 characters (a UUID) and keeps distinct ids distinct', () => {
    // Prepare
    const a = '0b5e2a43-7c1d-4e5f-9a0b-1c2d3e4f5a6b';
    const b = '0b5e2a43-7c1d-4e5f-9a0b-1c2d3e4f5a6c';
    // Act
    const [refA, refB] = [createRfReference(a), createRfReference(b)];
    // Assess
    expect(refA).toHaveLength(25);
    expect(isValidRfReference(refA)).toBe(true);
    expect(refA).not.toBe(refB);
    expect(rfBaseFrom(a)).toHaveLength(21);
  });

  it('refuses a base without any letter or digit', () => {
    // Act / Assess
    expect(() => createRfReference('--/ ')).toThrow(InvalidValueError);
  });
});

describe('normalizeRfReference and formatRfReference', () => {
  it('removes spaces and upper-cases, and prints groups of four', () => {
    // Act / Assess
    expect(normalizeRfReference(' rf18 5390\t0754 7034 ')).toBe('RF18539007547034');
    expect(formatRfReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
    expect(formatRfReference('rf712348231')).toBe('RF71 2348 231');
  });
});

describe('RF round trip (property)', () => {
  const base = fc.stringMatching(/^[A-Z0-9]{1,21}$/);

  it('creates valid references that survive printing and re-reading', () => {
    fc.assert(
      fc.property(base, (b) => {
        const reference = createRfReference(b);
        expect(reference.slice(4)).toBe(b);
        expect(isValidRfReference(reference)).toBe(true);
        expect(normalizeRfReference(formatRfReference(reference).toLowerCase())).toBe(reference);
      }),
    );
  });

  it('detects any single changed digit in a numeric reference', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,21}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (digits, at, shift) => {
        const reference = createRfReference(digits);
        const position = 4 + (at % digits.length);
        const changed = String((Number(reference[position]) + shift) % 10);
        const typo = reference.slice(0, position) + changed + reference.slice(position + 1);
        expect(isValidRfReference(typo)).toBe(false);
      }),
    );
  });
});
