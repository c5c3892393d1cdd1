/**
 * Bank CSV exports read with a saved column mapping (which column holds the date, the amount or the
 * debit/credit pair, the label…). French exports are the norm: `;` separators, `1 234,56` amounts with spaces or
 * non-breaking spaces as thousands separators, quoted fields that contain `;`. A line that cannot be read rejects
 * the whole file with its line number: nothing is half-imported.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { isCurrencyCode } from '#shared/domain/money.ts';
import type { DraftEntry, DraftStatement } from './dedupe-key.ts';
import { finalizeStatements } from './dedupe-key.ts';
import type { CsvColumn, CsvMapping, Diagnostic, ParseResult } from './statement-types.ts';
import { StatementFormatError } from './statement-types.ts';
import { cleanText, looksLikeIban, nonEmpty, normaliseIban } from './text.ts';
import { decimalToMoney, isoDate } from './values.ts';

interface Row {
  line: number;
  fields: string[];
}

/** RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks. */
function readRows(text: string, delimiter: string): Row[] {
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      rowLine = line;
    } else {
      field += c;
      if (c !== ' ' && c !== '\t') fieldStarted = true;
    }
  }
  if (quoted) throw new StatementFormatError(`line ${rowLine}`, 'a quoted field is never closed');
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  return rows.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

function guessDelimiter(text: string): ';' | ',' | '\t' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = { ';': 0, ',': 0, '\t': 0 };
  for (const c of firstLine) if (c in counts) counts[c as keyof typeof counts]++;
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
  return counts[';'] >= counts[','] ? ';' : ',';
}

/** Parses "1 234,56", "-12,50", "(12,50)", "12,50-", "+1.234,56 €" with the mapping's decimal separator. */
export function parseLocalisedAmount(raw: string, decimalSeparator: ',' | '.'): string | undefined {
  let text = raw.replace(/[\s\u00a0\u202f']/g, '').replace(/(EUR|€|\$|£|CHF|USD|GBP)/gi, '');
  if (text === '') return undefined;
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (/-$/.test(text)) {
    negative = true;
    text = text.slice(0, -1);
  }
  if (/^[+-]/.test(text)) {
    negative = negative !== text.startsWith('-');
    text = text.slice(1);
  }
  const thousands = decimalSeparator === ',' ? '.' : ',';
  const pattern = decimalSeparator === ',' ? /^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/ : /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
  if (!pattern.test(text)) return undefined;
  const canonical = text.split(thousands).join('').replace(decimalSeparator, '.');
  return `${negative ? '-' : ''}${canonical}`;
}

function parseDate(raw: string, format: CsvMapping['dateFormat']): IsoDate | undefined {
  const text = raw.trim();
  let match: RegExpExecArray | null;
  if (format === 'YYYY-MM-DD') {
    match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text);
    return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  }
  const sep = format === 'DD/MM/YYYY' ? '/' : '.';
  match = new RegExp(`^(\\d{1,2})\\${sep}(\\d{1,2})\\${sep}(\\d{4}|\\d{2})(?:\\s.*)?$`).exec(text);
  if (!match) return undefined;
  const year = (match[3] ?? '').length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  return isoDate(year, Number(match[2]), Number(match[1]));
}

export function parseCsv(text: string, mapping: CsvMapping): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const currency = mapping.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency))
    throw new StatementFormatError('mapping', `currency "${mapping.currency}" is not an ISO code`);
  const hasAmount = mapping.amountColumn !== undefined;
  const hasPair = mapping.debitColumn !== undefined && mapping.creditColumn !== undefined;
  if (!hasAmount && !hasPair)
    throw new StatementFormatError('mapping', 'give an amount column, or both a debit and a credit column');

  const delimiter = mapping.delimiter ?? guessDelimiter(text);
  const rows = readRows(text, delimiter);
  if (rows.length === 0) throw new StatementFormatError('file', 'the CSV file holds no line');
  let header: string[] | undefined;
  let dataRows = rows;
  if (mapping.hasHeader) {
    header = rows[0]?.fields.map((h) => h.trim());
    dataRows = rows.slice(1);
  }
  const headerLine = rows[0]?.line ?? 1;

  const resolve = (column: CsvColumn | undefined, role: string): number | undefined => {
    if (column === undefined) return undefined;
    if (typeof column === 'number') {
      if (!Number.isInteger(column) || column < 0)
        throw new StatementFormatError('mapping', `${role} column ${column} is not a 0-based index`);
      return column;
    }
    if (!header)
      throw new StatementFormatError(
        'mapping',
        `${role} column "${column}" is a name but the mapping says the file has no header`,
      );
    const exact = header.indexOf(column);
    if (exact >= 0) return exact;
    const wanted = column.trim().toLowerCase();
    const loose = header.findIndex((h) => h.toLowerCase() === wanted);
    if (loose >= 0) return loose;
    throw new StatementFormatError(
      `line ${headerLine}`,
      `${role} column "${column}" is not in the header (${header.join(', ')})`,
    );
  };
  const columns = {
    date: resolve(mapping.dateColumn, 'date') as number,
    valueDate: resolve(mapping.valueDateColumn, 'value date'),
    amount: resolve(mapping.amountColumn, 'amount'),
    debit: resolve(mapping.debitColumn, 'debit'),
    credit: resolve(mapping.creditColumn, 'credit'),
    label: resolve(mapping.labelColumn, 'label'),
    counterparty: resolve(mapping.counterpartyColumn, 'counterparty'),
    reference: resolve(mapping.referenceColumn, 'reference'),
  };

  const entries: DraftEntry[] = dataRows.map((row) => {
    const location = `line ${row.line}`;
    const cell = (index: number | undefined, role: string, required: boolean): string | undefined => {
      if (index === undefined) return undefined;
      if (index >= row.fields.length) {
        if (!required) return undefined;
        throw new StatementFormatError(
          location,
          `${role} column ${index + 1} is missing (the line has ${row.fields.length} fields)`,
        );
      }
      return row.fields[index];
    };
    const rawDate = cell(columns.date, 'date', true) ?? '';
    const bookingDate = parseDate(rawDate, mapping.dateFormat);
    if (!bookingDate)
      throw new StatementFormatError(location, `date "${rawDate.trim()}" does not match ${mapping.dateFormat}`);
    const rawValueDate = nonEmpty(cell(columns.valueDate, 'value date', false));
    const valueDate = rawValueDate ? parseDate(rawValueDate, mapping.dateFormat) : undefined;
    if (rawValueDate && !valueDate)
      throw new StatementFormatError(location, `value date "${rawValueDate}" does not match ${mapping.dateFormat}`);

    let decimal: string | undefined;
    if (columns.amount !== undefined) {
      const raw = cell(columns.amount, 'amount', true) ?? '';
      decimal = parseLocalisedAmount(raw, mapping.decimalSeparator);
      if (decimal === undefined)
        throw new StatementFormatError(
          location,
          `amount "${raw.trim()}" is not a number with "${mapping.decimalSeparator}" decimals`,
        );
    } else {
      const rawDebit = cell(columns.debit, 'debit', false) ?? '';
      const rawCredit = cell(columns.credit, 'credit', false) ?? '';
      const debit = rawDebit.trim() === '' ? undefined : parseLocalisedAmount(rawDebit, mapping.decimalSeparator);
      const credit = rawCredit.trim() === '' ? undefined : parseLocalisedAmount(rawCredit, mapping.decimalSeparator);
      if (rawDebit.trim() !== '' && debit === undefined)
        throw new StatementFormatError(location, `debit "${rawDebit.trim()}" is not a number`);
      if (rawCredit.trim() !== '' && credit === undefined)
        throw new StatementFormatError(location, `credit "${rawCredit.trim()}" is not a number`);
      const isZero = (d: string | undefined) => d === undefined || /^-?0*(\.0*)?$/.test(d);
      if (!isZero(debit) && !isZero(credit))
        throw new StatementFormatError(location, 'both the debit and the credit column hold an amount');
      if (!isZero(debit)) decimal = `-${(debit as string).replace(/^-/, '')}`;
      else if (!isZero(credit)) decimal = (credit as string).replace(/^-/, '');
      else if (debit !== undefined || credit !== undefined) decimal = '0';
      else throw new StatementFormatError(location, 'neither the debit nor the credit column holds an amount');
    }
    const parsed = decimalToMoney(decimal, currency);
    if (!parsed) throw new StatementFormatError(location, `amount "${decimal}" is out of range`);
    if (parsed.rounded) diagnostics.push({ location, message: parsed.rounded });

    const label = nonEmpty(cell(columns.label, 'label', false));
    const counterparty = nonEmpty(cell(columns.counterparty, 'counterparty', false));
    const reference = nonEmpty(cell(columns.reference, 'reference', false));
    const remittance = [label, reference].filter((v): v is string => v !== undefined).map(cleanText);
    return {
      tx: {
        accountIban:
          mapping.accountIban && looksLikeIban(mapping.accountIban) ? normaliseIban(mapping.accountIban) : undefined,
        accountId: mapping.accountIban ? normaliseIban(mapping.accountIban) : undefined,
        bookingDate,
        valueDate,
        amount: parsed.money,
        reversal: false,
        status: 'booked',
        counterpartyName: counterparty ? cleanText(counterparty) : undefined,
        remittanceUnstructured: remittance,
        referredDocumentNumbers: [],
        bankReference: reference,
      },
    };
  });

  const dates = entries.map((e) => e.tx.bookingDate as string).sort();
  const statement: DraftStatement = {
    accountIban:
      mapping.accountIban && looksLikeIban(mapping.accountIban) ? normaliseIban(mapping.accountIban) : undefined,
    accountId: mapping.accountIban ? normaliseIban(mapping.accountIban) : undefined,
    currency,
    fromDate: dates[0],
    toDate: dates[dates.length - 1],
    balances: [],
    transactions: entries,
  };
  return { kind: 'statements', format: 'csv', statements: finalizeStatements([statement]), diagnostics };
}
