/**
 * CSV for French spreadsheets: `;` separated, a UTF-8 byte-order mark (so Excel reads the accents), CRLF lines,
 * amounts as plain decimals in major units with a point ("1234.56"), dates as YYYY-MM-DD. Cells that a
 * spreadsheet would run as a formula (= + - @ at the start) are prefixed with a quote.
 */
import type { Context } from 'hono';
import { money, toDecimalString } from '#shared/domain/money.ts';

export type Cell = string | number | undefined | null;

export function csvCell(value: Cell): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\ufeff${[header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** Minor units → "1234.56" (a number in the sheet, whatever the reader's locale). */
export const decimal = (amount: number, currency: string): string => toDecimalString(money(amount, currency));

export function csvResponse(c: Context, fileName: string, body: string) {
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
  });
}
