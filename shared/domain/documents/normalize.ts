/**
 * Normalisers for the raw text a document reader finds on an invoice: amounts written the French, English or
 * Swiss way, dates in numeric or spelled-out form, and the currency. Pure functions, no locale of the machine
 * involved: the same text gives the same value everywhere.
 */
import { type IsoDate, isBusinessDate } from '#shared/domain/calendar-date.ts';
import { type CurrencyCode, type Money, minorUnitDigits, parseDecimal } from '#shared/domain/money.ts';

export {
  findFrenchVat,
  findIban,
  findRfReference,
  findSiren,
  findSiret,
  isValidFrenchVat,
  isValidSiren,
  isValidSiret,
} from './identifiers.ts';

/**
 * Folds the typographic variants found in PDFs and OCR output to plain ASCII where it matters:
 * NFKC turns NBSP (U+00A0), narrow NBSP (U+202F) and thin spaces into U+0020; dashes and the minus sign
 * become "-", typographic apostrophes "'".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013\u2014\u2010\u2011]/g, '-')
    .replace(/[\u2018\u2019\u02bc\u00b4]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case without accents, for matching words ("Échéance" → "echeance", "février" → "fevrier"). */
export function foldWord(text: string): string {
  return foldText(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** ISO 4217 codes we recognise when written next to an amount; a bare three-letter word is not a currency. */
const KNOWN_CODES = new Set([
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'JPY',
  'CNY',
  'HKD',
  'SGD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'RON',
  'BGN',
  'MAD',
  'TND',
  'DZD',
  'XOF',
  'XAF',
  'XPF',
  'INR',
  'BRL',
  'MXN',
  'ZAR',
]);

/**
 * Symbols in the order they must be tried: the prefixed dollars before the bare "$".
 * A bare "$" is read as US dollars: Canadian and Australian invoices that matter to us write "CA$"/"A$" or the code.
 */
const SYMBOLS: ReadonlyArray<readonly [RegExp, CurrencyCode]> = [
  [/€|\beuros?\b/i, 'EUR'],
  [/£/, 'GBP'],
  [/\b(?:CA|C)\$/, 'CAD'],
  [/\b(?:AU|A)\$/, 'AUD'],
  [/\bNZ\$/, 'NZD'],
  [/\bUS\$|\$|\bdollars?\b/i, 'USD'],
  [/¥/, 'JPY'],
];

/** The currency named in a piece of text by ISO code ("EUR", "USD") or symbol ("€", "$", "£"), if any. */
export function detectCurrency(text: string): CurrencyCode | undefined {
  const folded = foldText(text);
  for (const match of folded.matchAll(/\b([A-Z]{3})\b/g)) {
    const code = match[1];
    if (code !== undefined && KNOWN_CODES.has(code)) return code;
  }
  for (const [pattern, code] of SYMBOLS) if (pattern.test(folded)) return code;
  return undefined;
}

const CURRENCY_MARKERS =
  /(?:US\$|CA\$|C\$|AU\$|A\$|NZ\$|[€$£¥]|\b(?:EUR|USD|GBP|CHF|CAD|AUD|NZD|JPY|CNY|HKD|SGD|SEK|NOK|DKK|PLN|CZK|HUF|RON|BGN|MAD|TND|DZD|XOF|XAF|XPF|INR|BRL|MXN|ZAR)\b|\beuros?\b)/gi;

/**
 * Splits "1 234,56" / "1.234,56" / "1,234.56" / "1'234.56" / "1234.5" into whole and fraction digits.
 * The decimal separator is the last "," or "." followed by anything but exactly three digits; a lone separator
 * followed by exactly three digits is a thousands separator ("1,234" and "1.234" are both 1234), because
 * invoice amounts carry the currency's minor unit (two decimals) and three decimals only occur in
 * three-decimal currencies, which the caller passes in `minorDigits`.
 */
function splitNumber(body: string, minorDigits: number): { whole: string; fraction: string } | undefined {
  if (/^\d+$/.test(body)) return { whole: body, fraction: '' };
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  const lastSep = Math.max(lastDot, lastComma);
  const after = body.slice(lastSep + 1);
  const before = body.slice(0, lastSep);
  const sep = body.charAt(lastSep);
  const sepCount = body.split(sep).length - 1;
  const decimal =
    lastSep >= 0 &&
    /^\d+$/.test(after) &&
    (after.length !== 3 || minorDigits === 3 || (sepCount === 1 && /[.,' ]/.test(before)) || /^0+$/.test(before));
  const wholePart = decimal ? before : body;
  const fraction = decimal ? after : '';
  // The grouped whole part: 1-3 digits then groups of exactly three, separated by one kind of separator.
  const grouped = /^\d{1,3}(?:([ .,'])\d{3})?(?:\1\d{3})*$/;
  if (/^\d+$/.test(wholePart) || grouped.test(wholePart)) {
    const digits = wholePart.replace(/[ .,']/g, '');
    // The decimal separator may not also be the grouping separator ("1,234,56" is not a number).
    if (decimal && wholePart.includes(sep)) return undefined;
    return { whole: digits, fraction };
  }
  return undefined;
}

/**
 * Parses an amount as printed on an invoice into Money (integer minor units, never a float):
 * "1 234,56 €", "1.234,56 EUR", "€1,234.56", "$6169.40", "$-19172.54", "4,544.65", "1 234,56" with NBSP or
 * narrow NBSP thousands, "(12.00)" and "12,00-" as negatives, "1 200,00 € TTC".
 * The currency comes from a symbol or code in the text, else `defaultCurrency`.
 * Returns undefined when the text is not exactly one amount (extra words, two numbers, more decimals than the
 * currency has).
 */
export function parseAmount(text: string, defaultCurrency: CurrencyCode = 'EUR'): Money | undefined {
  let s = foldText(text);
  if (s === '') return undefined;
  const currency = detectCurrency(s) ?? defaultCurrency;
  s = s.replace(/\s*\b(?:TTC|HT|HTVA)\.?$/i, '');
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(s);
  if (parenthesised) {
    negative = true;
    s = parenthesised[1] ?? '';
  }
  s = s.replace(CURRENCY_MARKERS, ' ').trim();
  // Signs may sit before the currency ("-$12"), after it ("$-12") or trail the number ("12,00-").
  const signed = /^([+-])\s*(.*?)$/.exec(s) ?? /^(.*?)\s*([+-])$/.exec(s);
  if (signed) {
    const [sign, rest] = s.startsWith('-') || s.startsWith('+') ? [signed[1], signed[2]] : [signed[2], signed[1]];
    if (sign === '-') negative = !negative;
    s = (rest ?? '').trim();
  }
  if (!/^\d[\d .,']*$/.test(s) || /[ .,']$/.test(s)) return undefined;
  const parts = splitNumber(s, minorUnitDigits(currency));
  if (!parts) return undefined;
  try {
    const decimal = `${negative ? '-' : ''}${parts.whole}${parts.fraction ? `.${parts.fraction}` : ''}`;
    const amount = parseDecimal(decimal, currency, 'exact');
    // Avoid "-0": a negative zero would compare unequal in tests and means nothing on an invoice.
    return amount.amount === 0 ? { amount: 0, currency } : amount;
  } catch {
    return undefined;
  }
}

/** Numeric date order: day/month/year (France, UK, most of the world) or month/day/year (United States). */
export type DateOrder = 'dmy' | 'mdy';

/** How `parseDate` resolves a numeric date whose day and month could be swapped. */
export type DateHint = DateOrder | 'auto';

const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1,
  janv: 1,
  jan: 1,
  january: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  february: 2,
  feb: 2,
  mars: 3,
  march: 3,
  mar: 3,
  avril: 4,
  avr: 4,
  april: 4,
  apr: 4,
  mai: 5,
  may: 5,
  juin: 6,
  june: 6,
  jun: 6,
  juillet: 7,
  juil: 7,
  july: 7,
  jul: 7,
  aout: 8,
  august: 8,
  aug: 8,
  septembre: 9,
  september: 9,
  sept: 9,
  sep: 9,
  octobre: 10,
  october: 10,
  oct: 10,
  novembre: 11,
  november: 11,
  nov: 11,
  decembre: 12,
  december: 12,
  dec: 12,
};

const MONTH_WORD = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const WEEKDAYS =
  /^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+/;
const DAY_MONTH_YEAR = new RegExp(
  `^(\\d{1,2})(?:er|st|nd|rd|th|e)?[\\s.-]*(${MONTH_WORD})\\.?[\\s.,-]*(\\d{4}|\\d{2})$`,
);
const MONTH_DAY_YEAR = new RegExp(`^(${MONTH_WORD})\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})$`);

/** Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the POSIX pivot; invoices are recent). */
function fullYear(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

/** A date printed on an invoice outside BUSINESS_YEARS is a misread. */
function isoOf(year: number, month: number, day: number): IsoDate | undefined {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isBusinessDate(iso) ? iso : undefined;
}

/**
 * Parses an invoice date into `YYYY-MM-DD`: "15/01/2026", "15.01.2026", "15-01-26", "2026-01-15",
 * "15 janvier 2026", "1er mars 2026", "le 15 janv. 2026", "01-Jan-2021", "January 31, 2021", "31st Jan 2021",
 * "01/31/2021", with or without a leading weekday.
 *
 * Numeric day/month order: a part greater than 12 settles it ("31/01" is D/M, "01/31" is M/D) whatever the hint.
 * Only when both parts are 12 or less does the hint decide: 'mdy' reads M/D, 'dmy' and 'auto' read D/M.
 * 'auto' defaults to D/M because Relance reads French invoices; a caller holding a US document (amounts in USD
 * or "$", or another date of the same document that is unambiguously M/D) passes 'mdy' — see `inferDateOrder`.
 */
export function parseDate(text: string, hint: DateHint = 'auto'): IsoDate | undefined {
  const s = foldWord(text)
    .replace(/^(?:le|du|on|dated|en date du)\s+/, '')
    .replace(WEEKDAYS, '')
    .replace(/[.,;:]$/, '')
    .trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})$/.exec(s);
  if (numeric) {
    const a = Number(numeric[1]);
    const b = Number(numeric[3]);
    const year = fullYear(numeric[4] ?? '');
    const monthFirst = a > 12 ? false : b > 12 ? true : hint === 'mdy';
    return monthFirst ? isoOf(year, a, b) : isoOf(year, b, a);
  }
  const dmy = DAY_MONTH_YEAR.exec(s);
  if (dmy) return isoOf(fullYear(dmy[3] ?? ''), MONTHS[dmy[2] ?? ''] ?? 0, Number(dmy[1]));
  const mdy = MONTH_DAY_YEAR.exec(s);
  if (mdy) return isoOf(Number(mdy[3]), MONTHS[mdy[1] ?? ''] ?? 0, Number(mdy[2]));
  return undefined;
}

/**
 * Finds date-like substrings in free text ("Facture n° 12 du 3 mars 2026", "Paris, le 15/01/2026") and returns
 * them folded, in order, for `parseDate`. Tabs and line breaks separate cells: a date never spans them.
 */
export function findDateTexts(text: string): string[] {
  const folded = text
    .split(/[\t\n]/)
    .map((cell) => foldWord(cell))
    .join('\t');
  const pattern = new RegExp(
    [
      '\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b',
      '\\b\\d{1,2}([-/.])\\d{1,2}\\1(?:\\d{4}|\\d{2})\\b',
      `\\b\\d{1,2}(?:er|st|nd|rd|th|e)?[ .-]*(?:${MONTH_WORD})\\.?[ .,-]*(?:\\d{4}|\\d{2})\\b`,
      `\\b(?:${MONTH_WORD})\\.? *\\d{1,2}(?:st|nd|rd|th)?,? +\\d{4}\\b`,
    ].join('|'),
    'g',
  );
  return [...folded.matchAll(pattern)].map((m) => m[0]);
}

/**
 * The numeric date order of a whole document. Evidence first: a date in the document whose first part is over 12
 * makes it D/M, one whose second part is over 12 makes it M/D (contradicting evidence is ignored). Without
 * evidence, a document in US dollars is M/D and everything else D/M.
 */
export function inferDateOrder(dateTexts: readonly string[], currency?: CurrencyCode): DateOrder {
  let dmy = 0;
  let mdy = 0;
  for (const text of dateTexts) {
    const m = /^\s*(\d{1,2})[-/.](\d{1,2})[-/.](?:\d{4}|\d{2})\s*$/.exec(foldText(text));
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dmy += 1;
    else if (b > 12 && a <= 12) mdy += 1;
  }
  if (dmy > 0 && mdy === 0) return 'dmy';
  if (mdy > 0 && dmy === 0) return 'mdy';
  return currency === 'USD' ? 'mdy' : 'dmy';
}
