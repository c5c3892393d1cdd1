/**
 * Money: an integer amount in the currency's minor unit plus its ISO 4217 code.
 * No floating-point arithmetic anywhere: parsing goes through decimal strings, ratios through BigInt.
 */
import { InvalidValueError } from './errors.ts';

export type CurrencyCode = string;

export interface Money {
  /** Integer amount in the currency's minor unit (cents for EUR). */
  readonly amount: number;
  readonly currency: CurrencyCode;
}

/** ISO 4217 exponents that differ from 2; every other currency has two decimals. */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value);
}

/** Number of decimals in the currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorUnitDigits(currency: CurrencyCode): number {
  return EXPONENTS[currency] ?? 2;
}

export function money(amount: number, currency: CurrencyCode): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new InvalidValueError('amount', `must be an integer number of minor units, got ${amount}`);
  }
  if (!isCurrencyCode(currency)) throw new InvalidValueError('currency', `must be an ISO 4217 code, got "${currency}"`);
  return { amount, currency };
}

export const zero = (currency: CurrencyCode): Money => money(0, currency);

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new InvalidValueError('currency', `cannot combine ${a.currency} with ${b.currency}`);
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function negate(a: Money): Money {
  return money(-a.amount, a.currency);
}

export function sum(items: readonly Money[], currency: CurrencyCode): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export const isZero = (m: Money): boolean => m.amount === 0;
export const isPositive = (m: Money): boolean => m.amount > 0;
export const isNegative = (m: Money): boolean => m.amount < 0;
export const equals = (a: Money, b: Money): boolean => a.currency === b.currency && a.amount === b.amount;

export function min(a: Money, b: Money): Money {
  return compare(a, b) <= 0 ? a : b;
}

export function max(a: Money, b: Money): Money {
  return compare(a, b) >= 0 ? a : b;
}

/** Divides two BigInts rounding half away from zero (commercial rounding). */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new InvalidValueError('denominator', 'must not be zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/**
 * Multiplies by an exact ratio and rounds half away from zero to the minor unit:
 * `multiplyByRatio(eur(1000_00), 1215n * 45n, 10000n * 365n)` is 45 days of interest at 12.15 %.
 */
export function multiplyByRatio(m: Money, numerator: bigint, denominator: bigint): Money {
  const result = divideHalfUp(BigInt(m.amount) * numerator, denominator);
  return money(Number(result), m.currency);
}

export type Rounding = 'exact' | 'half-up';

/**
 * Parses a decimal string in major units ("2520.000", "-12.5", "1234") into Money.
 * `exact` rejects digits beyond the minor unit that are not zero; `half-up` rounds them commercially.
 */
export function parseDecimal(text: string, currency: CurrencyCode, rounding: Rounding = 'exact'): Money {
  const match = /^\s*([+-])?(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!match) throw new InvalidValueError('amount', `"${text}" is not a decimal number`);
  const [, sign, whole = '0', fraction = ''] = match;
  const digits = minorUnitDigits(currency);
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const dropped = fraction.slice(digits);
  let minor = BigInt(whole + kept);
  if (/[1-9]/.test(dropped)) {
    if (rounding === 'exact') {
      throw new InvalidValueError('amount', `"${text}" has more than ${digits} decimals for ${currency}`);
    }
    if (dropped.charCodeAt(0) >= '5'.charCodeAt(0)) minor += 1n;
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidValueError('amount', `"${text}" is too large`);
  return money(Number(sign === '-' ? -minor : minor), currency);
}

/**
 * Converts a JSON number in major units (QuickBooks `TotalAmt: 1234.5`) exactly: the shortest decimal
 * representation that round-trips is what the sender wrote, so we parse that string, never multiply floats.
 */
export function fromMajorNumber(value: number, currency: CurrencyCode, rounding: Rounding = 'half-up'): Money {
  if (!Number.isFinite(value)) throw new InvalidValueError('amount', `${value} is not a finite number`);
  const text = String(value);
  if (/e/i.test(text)) throw new InvalidValueError('amount', `${value} is out of range`);
  return parseDecimal(text, currency, rounding);
}

/** The amount as a plain decimal string in major units: 123456 EUR → "1234.56". */
export function toDecimalString(m: Money): string {
  const digits = minorUnitDigits(m.currency);
  const abs = Math.abs(m.amount)
    .toString()
    .padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${m.amount < 0 ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

export type Language = 'fr' | 'en';

const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

/** "1 234,56 €" in French, "€1,234.56" in English. Intl formats the exact decimal string, never a float. */
export function formatMoney(m: Money, language: Language): string {
  const digits = minorUnitDigits(m.currency);
  const formatter = new Intl.NumberFormat(LOCALES[language], {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl.NumberFormat v3 formats numeric strings as exact decimals.
  return formatter.format(toDecimalString(m) as unknown as number);
}
