import { describe, expect, it } from 'vitest';
import {
  add,
  formatMoney,
  fromMajorNumber,
  minorUnitDigits,
  money,
  multiplyByRatio,
  parseDecimal,
  subtract,
  sum,
  toDecimalString,
} from '#shared/domain/money.ts';

describe('Money', () => {
  it('refuses non-integer amounts and bad currencies', () => {
    expect(() => money(12.5, 'EUR')).toThrow(/integer/);
    expect(() => money(1, 'euro')).toThrow(/ISO 4217/);
  });

  it('adds and subtracts only within one currency', () => {
    expect(add(money(10, 'EUR'), money(5, 'EUR'))).toEqual(money(15, 'EUR'));
    expect(subtract(money(10, 'EUR'), money(15, 'EUR'))).toEqual(money(-5, 'EUR'));
    expect(() => add(money(1, 'EUR'), money(1, 'USD'))).toThrow(/EUR with USD/);
    expect(sum([money(1, 'EUR'), money(2, 'EUR')], 'EUR')).toEqual(money(3, 'EUR'));
  });

  it('parses decimal strings exactly, whatever the currency exponent', () => {
    expect(parseDecimal('2520.000', 'EUR')).toEqual(money(252000, 'EUR'));
    expect(parseDecimal('-12.5', 'EUR')).toEqual(money(-1250, 'EUR'));
    expect(parseDecimal('2700', 'JPY')).toEqual(money(2700, 'JPY'));
    expect(parseDecimal('1.234', 'KWD')).toEqual(money(1234, 'KWD'));
    expect(minorUnitDigits('JPY')).toBe(0);
    // 0.1 + 0.2 style float traps never appear: the string is read digit by digit.
    expect(parseDecimal('0.30', 'EUR').amount).toBe(30);
  });

  it('rejects extra decimals unless asked to round half-up', () => {
    expect(() => parseDecimal('12.345', 'EUR')).toThrow(/more than 2 decimals/);
    expect(parseDecimal('12.345', 'EUR', 'half-up').amount).toBe(1235);
    expect(parseDecimal('12.344', 'EUR', 'half-up').amount).toBe(1234);
    expect(() => parseDecimal('1,5', 'EUR')).toThrow(/not a decimal/);
  });

  it('converts JSON numbers through their shortest decimal form', () => {
    expect(fromMajorNumber(1234.56, 'EUR').amount).toBe(123456);
    expect(fromMajorNumber(0.1 + 0.2, 'EUR').amount).toBe(30); // 0.30000000000000004 rounds half-up to 0.30
    expect(fromMajorNumber(19.99, 'EUR').amount).toBe(1999); // 19.99 * 100 would be 1998.9999999999998
  });

  it('multiplies by exact ratios with commercial rounding', () => {
    // EUR 1 200,00 at 12.15 % for 45 days: 120000 × 1215 × 45 / (10000 × 365) = 1797.53… → 1798
    expect(multiplyByRatio(money(120000, 'EUR'), 1215n * 45n, 10000n * 365n).amount).toBe(1798);
    expect(multiplyByRatio(money(-5, 'EUR'), 1n, 2n).amount).toBe(-3);
  });

  it('formats in French and English', () => {
    expect(formatMoney(money(123456, 'EUR'), 'fr').replace(/\s/g, ' ')).toBe('1 234,56 €');
    expect(formatMoney(money(123456, 'EUR'), 'en')).toBe('€1,234.56');
    expect(formatMoney(money(2700, 'JPY'), 'en')).toBe('JP¥2,700');
    expect(toDecimalString(money(-5, 'EUR'))).toBe('-0.05');
  });
});
