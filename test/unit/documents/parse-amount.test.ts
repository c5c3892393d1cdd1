import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectCurrency, parseAmount } from '#shared/domain/documents/normalize.ts';

describe('parseAmount', () => {
  it.each([
    ['1 234,56 €', 123456, 'EUR'],
    ['1\u00a0234,56\u00a0€', 123456, 'EUR'],
    ['1\u202f234,56\u00a0€', 123456, 'EUR'],
    ['1.234,56 EUR', 123456, 'EUR'],
    ['EUR 1 234,56', 123456, 'EUR'],
    ['1 200,00 € TTC', 120000, 'EUR'],
    ['1234,56 €', 123456, 'EUR'],
    ['12,5', 1250, 'EUR'],
    ['€1,234.56', 123456, 'EUR'],
    ['$6169.40', 616940, 'USD'],
    ['$-19172.54', -1917254, 'USD'],
    ['-$12', -1200, 'USD'],
    ['$4,544.65', 454465, 'USD'],
    ['£38.48', 3848, 'GBP'],
    ["CHF 1'234.50", 123450, 'CHF'],
    ['CA$5.00', 500, 'CAD'],
    ['1 234 567,89 €', 123456789, 'EUR'],
    ['(12.00)', -1200, 'EUR'],
    ['12,00-', -1200, 'EUR'],
    ['\u2212 5,00 €', -500, 'EUR'],
    ['0.00', 0, 'EUR'],
  ])('reads %j as %i minor units of %s', (text, amount, currency) => {
    // Act
    const parsed = parseAmount(text);
    // Assess
    expect(parsed).toEqual({ amount, currency });
  });

  it('uses the default currency when the text names none', () => {
    // Act
    const parsed = parseAmount('4,544.65', 'USD');
    // Assess
    expect(parsed).toEqual({ amount: 454465, currency: 'USD' });
  });

  it('reads a lone separator followed by three digits as thousands, since amounts carry two decimals', () => {
    // Act / Assess
    expect(parseAmount('1,234')).toEqual({ amount: 123400, currency: 'EUR' });
    expect(parseAmount('1.234 €')).toEqual({ amount: 123400, currency: 'EUR' });
  });

  it('reads zero-decimal currencies without inventing cents', () => {
    // Act / Assess
    expect(parseAmount('¥1,200')).toEqual({ amount: 1200, currency: 'JPY' });
  });

  it.each([
    '',
    '$',
    'abc',
    'Total : 12,00',
    '1,234,56',
    '12 34,56',
    '1 234.567',
    '0,125',
    '3 fois',
    '1e5',
    '12,00 € 13,00 €',
  ])('refuses %j, which is not exactly one amount', (text) => {
    // Act / Assess
    expect(parseAmount(text)).toBeUndefined();
  });

  it('reads back any amount written the French, English or Swiss way', () => {
    // Prepare
    const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    const styles = [
      (w: string, f: string) => `${group(w, '\u00a0')},${f}\u00a0€`,
      (w: string, f: string) => `${group(w, '.')},${f} EUR`,
      (w: string, f: string) => `€${group(w, ',')}.${f}`,
      (w: string, f: string) => `${group(w, "'")}.${f} EUR`,
      (w: string, f: string) => `${w},${f} €`,
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.nat({ max: styles.length - 1 }), (cents, style) => {
        const whole = String(Math.floor(cents / 100));
        const fraction = String(cents % 100).padStart(2, '0');
        // Act
        const parsed = parseAmount(styles[style]?.(whole, fraction) ?? '');
        // Assess
        expect(parsed).toEqual({ amount: cents, currency: 'EUR' });
      }),
    );
  });
});

describe('detectCurrency', () => {
  it.each([
    ['1 234,56 €', 'EUR'],
    ['12 euros', 'EUR'],
    ['USD 5', 'USD'],
    ['$5', 'USD'],
    ['US$5', 'USD'],
    ['C$5', 'CAD'],
    ['A$5', 'AUD'],
    ['£5', 'GBP'],
    ['5 CHF', 'CHF'],
  ])('finds the currency of %j', (text, code) => {
    // Act / Assess
    expect(detectCurrency(text)).toBe(code);
  });

  it('does not take tax words or other three-letter words for currencies', () => {
    // Act / Assess
    expect(detectCurrency('Total TTC 12,00')).toBeUndefined();
    expect(detectCurrency('ABC 12')).toBeUndefined();
  });
});
