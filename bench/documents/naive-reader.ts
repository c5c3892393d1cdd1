/**
 * THE BASELINE of the documents benchmark, not a reader the product uses. Issue #10 asks for every figure beside a
 * baseline measured in the same run; for the local invoice reader the honest baseline is the reader one writes in
 * an hour with regular expressions, run over exactly the same text, so that the difference measures the layout
 * heuristics (labels, columns, cells below headers, payment terms) and nothing else:
 *  - the text is extracted as ours does it: unpdf (pdf.js) text items grouped into lines by `layoutPage`, every
 *    page in order, one line per row, cells separated by a tab;
 *  - invoice number: the first token with a digit printed right after "Facture", "Invoice", "N°", "Numéro"…, else
 *    the first token made of letters and digits with a dash or a slash that is not a date;
 *  - issue date: the first date of the document; due date: the second one (without a second date, the same
 *    domain rule as ours fills in the legal default of issue date + 30 days, via `completeDueDate`);
 *  - total: the largest amount (two decimals) in the document, in the currency printed beside it or, failing
 *    that, the first currency seen.
 * Dates are read in the usual numeric, ISO and French/English month-name forms; a numeric date is day-first
 * unless that is impossible (a French product's default). It has no notion of doubt: every value it finds gets a
 * confidence of 1, and it reads neither the parties, nor SIRET, IBAN or payment terms.
 */
import { getDocumentProxy } from 'unpdf';
import { layoutPage, type PositionedText } from '#shared/adapters/local/pdf-reader/text-layout.ts';
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import {
  completeDueDate,
  type ExtractedField,
  type ExtractedInvoice,
  withoutEmptyFields,
} from '#shared/domain/documents/extracted-invoice.ts';
import { type CurrencyCode, type Money, money } from '#shared/domain/money.ts';

const found = <T>(value: T, source: string): ExtractedField<T> => ({ value, confidence: 1, source: `naive:${source}` });

const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1,
  janv: 1,
  jan: 1,
  january: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  feb: 2,
  february: 2,
  mars: 3,
  mar: 3,
  march: 3,
  avril: 4,
  avr: 4,
  apr: 4,
  april: 4,
  mai: 5,
  may: 5,
  juin: 6,
  jun: 6,
  june: 6,
  juillet: 7,
  juil: 7,
  jul: 7,
  july: 7,
  aout: 8,
  aug: 8,
  august: 8,
  septembre: 9,
  sept: 9,
  sep: 9,
  september: 9,
  octobre: 10,
  oct: 10,
  october: 10,
  novembre: 11,
  nov: 11,
  november: 11,
  decembre: 12,
  dec: 12,
  december: 12,
};

const MONTH = '([a-zéû]{3,9})\\.?';
/** ISO, 31/12/2025 (or 12/31/2025), 31.12.2025, 31-12-25, 1er janvier 2025, 5 Jan 2025, 05-Jan-2025, January 5, 2025. */
const DATE = new RegExp(
  [
    '(?<![\\d/.-])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d/.-])',
    '(?<![\\d/.-])(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})(?![\\d/.-])',
    `(?<![\\d])(\\d{1,2})(?:er)?[ -]${MONTH}[ -](\\d{4})(?!\\d)`,
    `(?<![a-z])${MONTH} (\\d{1,2}),? (\\d{4})(?!\\d)`,
  ].join('|'),
  'giu',
);

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

function isoDate(year: number, month: number, day: number): IsoDate | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

function dateOf(m: RegExpExecArray): IsoDate | undefined {
  const g = (i: number) => m[i] ?? '';
  if (m[1]) return isoDate(Number(g(1)), Number(g(2)), Number(g(3)));
  if (m[4]) {
    const [a, b] = [Number(g(4)), Number(g(5))];
    const year = g(6).length === 2 ? 2000 + Number(g(6)) : Number(g(6));
    return a > 12 || b <= 12 ? isoDate(year, b, a) : isoDate(year, a, b);
  }
  if (m[7]) {
    const month = MONTHS[fold(g(8))];
    return month ? isoDate(Number(g(9)), month, Number(g(7))) : undefined;
  }
  const month = MONTHS[fold(g(10))];
  return month ? isoDate(Number(g(12)), month, Number(g(11))) : undefined;
}

/** Every date in the text, in reading order, with where it was printed (to keep dates out of invoice numbers). */
export function findDates(text: string): { date: IsoDate; index: number; length: number }[] {
  const out: { date: IsoDate; index: number; length: number }[] = [];
  for (const m of text.matchAll(DATE)) {
    const date = dateOf(m as RegExpExecArray);
    if (date) out.push({ date, index: m.index ?? 0, length: m[0].length });
  }
  return out;
}

const NUMBER_AFTER_LABEL =
  /(?:facture|invoice|n°|nº|no\.|numéro|numero|number)\s*(?:n°|no\.?|#|number|de facture)?\s*[:#]?\s*([A-Z\d/-]*\d[A-Z\d/-]*)/iu;
const NUMBER_ANYWHERE = /(?<![\w/-])[A-Z\d]+(?:[-/][A-Z\d]+)+(?![\w/-])/giu;

export function findNumber(text: string): ExtractedField<string> | undefined {
  for (const line of text.split('\n')) {
    const m = NUMBER_AFTER_LABEL.exec(line);
    if (m?.[1]) return found(m[1], 'token after a label');
  }
  const dates = findDates(text);
  for (const m of text.matchAll(NUMBER_ANYWHERE)) {
    const start = m.index ?? 0;
    const isDate = dates.some((d) => start < d.index + d.length && d.index < start + m[0].length);
    if (/\d/.test(m[0]) && !isDate) return found(m[0], 'first token with digits and a dash or a slash');
  }
  return undefined;
}

const CURRENCIES: readonly [RegExp, CurrencyCode][] = [
  [/€|\bEUR\b/, 'EUR'],
  [/\$|\bUSD\b/, 'USD'],
  [/£|\bGBP\b/, 'GBP'],
];
const currencyIn = (text: string): CurrencyCode | undefined => {
  let best: { at: number; code: CurrencyCode } | undefined;
  for (const [pattern, code] of CURRENCIES) {
    const at = text.search(pattern);
    if (at >= 0 && (!best || at < best.at)) best = { at, code };
  }
  return best?.code;
};

/** 1 234,56 / 1.234,56 / 1,234.56 / 1234,56 (non-breaking spaces too): two decimals, optional thousands groups. */
const AMOUNT = /(?<![\d.,])(\d{1,3}(?:[ \u00a0.,]\d{3})+|\d+)[.,](\d{2})(?!\d|[.,]\d)/gu;

export function findTotal(text: string): ExtractedField<Money> | undefined {
  const fallback = currencyIn(text) ?? 'EUR';
  let best: { cents: number; currency: CurrencyCode } | undefined;
  for (const m of text.matchAll(AMOUNT)) {
    const cents = Number((m[1] ?? '').replace(/[^\d]/g, '')) * 100 + Number(m[2]);
    if (!Number.isSafeInteger(cents) || (best && cents <= best.cents)) continue;
    // The currency printed in the amount's own cell ("€1,234.56", "1 234,56 €", "EUR 1 234,56").
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const cellStart = Math.max(text.lastIndexOf('\t', start), text.lastIndexOf('\n', start)) + 1;
    const cellEnd = /[\t\n]|$/.exec(text.slice(end))?.index ?? 0;
    best = { cents, currency: currencyIn(text.slice(cellStart, end + cellEnd)) ?? fallback };
  }
  return best ? found(money(best.cents, best.currency), 'largest amount') : undefined;
}

/** The baseline's fields from the document's text (lines separated by "\n"): pure, unit-tested. */
export function readInvoiceTextNaively(text: string, pages: number): ExtractedInvoice {
  const dates = findDates(text);
  const [issue, due] = dates;
  return completeDueDate(
    withoutEmptyFields({
      number: findNumber(text),
      issueDate: issue ? found(issue.date, 'first date') : undefined,
      dueDate: due ? found(due.date, 'second date') : undefined,
      total: findTotal(text),
      pages,
    }),
  );
}

/** The same text our reader sees: pdf.js text items grouped into lines by `layoutPage`, page after page. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false });
  try {
    const lines: string[] = [];
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const page = await pdf.getPage(n);
      const [, , width = 595, height = 842] = page.view;
      const items: PositionedText[] = [];
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a = 1, b = 0, , d = 1, x = 0, y = 0] = item.transform as number[];
        const size = Math.abs(d) || Math.abs(b) || Math.abs(a) || item.height || 10;
        items.push({ text: item.str, x, y, width: item.width, size });
      }
      page.cleanup();
      lines.push(...layoutPage(n, width, height, items).lines.map((l) => l.text));
    }
    return { text: lines.join('\n'), pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

/** Reads an invoice PDF the naive way (the benchmark's baseline). */
export async function readInvoicePdfNaively(bytes: Uint8Array): Promise<ExtractedInvoice> {
  const { text, pages } = await pdfText(bytes);
  return readInvoiceTextNaively(text, pages);
}
