/**
 * Reading the conformance corpus (test/data/fixtures) and its expected results: genkgo/camt JSON dumps and
 * wolph/mt940 YAML 1.1 dumps with Python tags. See test/data/fixtures/README.md for their conventions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseStatement } from '#shared/bank/parse-statement.ts';
import {
  type BankTransaction,
  type ParseResult,
  type Statement,
  StatementFormatError,
} from '#shared/bank/statement-types.ts';
import { minorUnitDigits } from '#shared/domain/money.ts';

export const FIXTURES = fileURLToPath(new URL('../data/fixtures/', import.meta.url));

export type FixtureKind = 'camt' | 'mt940' | 'ofx';

const INPUT_EXTENSIONS: Record<FixtureKind, RegExp> = {
  camt: /\.xml$/,
  mt940: /\.(sta|txt)$/,
  ofx: /\.ofx$/,
};

export function inputFiles(kind: FixtureKind): string[] {
  return readdirSync(`${FIXTURES}${kind}`)
    .filter((f) => INPUT_EXTENSIONS[kind].test(f))
    .sort();
}

export function readFixture(kind: FixtureKind, name: string): Buffer {
  return readFileSync(`${FIXTURES}${kind}/${name}`);
}

export function parseFixture(kind: FixtureKind, name: string): ParseResult {
  return parseStatement(readFixture(kind, name), { fileName: name });
}

export function statementsOf(result: ParseResult): Statement[] {
  if (result.kind !== 'statements') throw new Error(`expected statements, got status ${result.code} ${result.message}`);
  return result.statements;
}

export function transactionsOf(result: ParseResult): { tx: BankTransaction; statement: Statement }[] {
  return statementsOf(result).flatMap((statement) => statement.transactions.map((tx) => ({ tx, statement })));
}

export function hasExpected(kind: FixtureKind, name: string, extension: string): boolean {
  const base = name.replace(/\.[^.]+$/, '');
  return readdirSync(`${FIXTURES}${kind}`).includes(`${base}${extension}`);
}

/** Runs the reader and returns the typed rejection it must raise. */
export function captureError(run: () => unknown): StatementFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatementFormatError) return error;
    throw error;
  }
  throw new Error('expected a StatementFormatError');
}

/** A decimal string in major units ("-10.00", "1.1", "9") as an integer in the currency's minor unit. */
export function minorUnits(decimal: string, currency: string): number {
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(decimal.trim());
  if (!match) throw new Error(`not a decimal: ${decimal}`);
  const digits = currency.length === 3 && /^[A-Z]{3}$/.test(currency) ? minorUnitDigits(currency) : 2;
  const fraction = (match[3] ?? '').padEnd(digits, '0');
  if (/[1-9]/.test(fraction.slice(digits))) throw new Error(`${decimal} has more than ${digits} decimals`);
  const value = Number(`${match[2] || '0'}${fraction.slice(0, digits)}`);
  return match[1] && value !== 0 ? -value : value;
}

/** Whitespace-insensitive text for comparing remittance texts and names. */
export function squash(value: string | undefined | null): string {
  return (value ?? '')
    .replace(/\u00ad/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---- genkgo/camt expected results ----------------------------------------------------------------------------

export const RECURSIVE = '__RECURSIVITY__';

// biome-ignore lint/suspicious/noExplicitAny: the expected JSON is an untyped dump of another library's objects.
export type Json = any;

export function loadCamtExpected(xmlName: string): Json {
  return JSON.parse(readFileSync(`${FIXTURES}camt/${xmlName.replace(/\.xml$/, '.json')}`, 'utf8'));
}

/** `getTransactionDetails[0]` repeats `getTransactionDetail`; later items are written out. */
export function camtDetails(entry: Json): Json[] {
  return (entry.getTransactionDetails ?? []).map((d: Json, i: number) =>
    d === RECURSIVE && i === 0 ? entry.getTransactionDetail : d,
  );
}

/** `getRecord` is written once, on the first entry of each record; later entries point back to it. */
export function camtRecords(expected: Json): Json[] {
  const records: Json[] = [];
  for (const entry of expected.getEntries ?? []) {
    if (entry.getRecord && entry.getRecord !== RECURSIVE) records.push(entry.getRecord);
  }
  return records;
}

export function camtInstant(value: Json): string | undefined {
  return value?.['0'] ?? undefined;
}

// ---- wolph/mt940 expected results -----------------------------------------------------------------------------

export interface MtAmount {
  amount: string;
  currency: string | undefined;
}

export interface MtBalance {
  amount: MtAmount;
  date: string;
  status: string;
}

export interface MtTransaction {
  [key: string]: unknown;
  amount: MtAmount;
  status: string;
  date: string;
  entry_date?: string;
  guessed_entry_date?: string;
}

export interface MtExpected {
  data: Record<string, unknown>;
  transactions: MtTransaction[];
}

function nullable(value: unknown): unknown {
  return value === 'null' || value === '~' ? undefined : value;
}

/** `!!binary` of 4 bytes (year ×2, month, day) → YYYY-MM-DD; 10 bytes (+ h, m, s, µs×3) → local date-time. */
function binaryDate(value: unknown): string {
  const bytes = value instanceof Uint8Array ? value : Buffer.from(String(value).replace(/\s+/g, ''), 'base64');
  const buffer = Buffer.from(bytes);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${buffer.readUInt16BE(0)}-${pad(buffer[2] ?? 0)}-${pad(buffer[3] ?? 0)}`;
  if (buffer.length === 4) return date;
  return `${date}T${pad(buffer[4] ?? 0)}:${pad(buffer[5] ?? 0)}:${pad(buffer[6] ?? 0)}`;
}

/** Turns the Python-tagged nodes (Decimal, Date, Amount, Balance…) into plain values. */
function normalise(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    if (
      value.length >= 1 &&
      (value[0] instanceof Uint8Array || (typeof value[0] === 'string' && /date/.test(key ?? '')))
    ) {
      return binaryDate(value[0]);
    }
    // Decimal('…') is a one-item sequence holding the digits.
    if (value.length === 1 && typeof value[0] === 'string') return value[0];
    return value.map((v) => normalise(v));
  }
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'transactions' || k === 'tags') continue; // parent back-reference / another parser's regexes
      out[k] = normalise(v, k);
    }
    return out;
  }
  return nullable(value);
}

export function loadMt940Expected(inputName: string): MtExpected {
  const file = `${FIXTURES}mt940/${inputName.replace(/\.(sta|txt)$/, '.yml')}`;
  // Failsafe schema: every plain scalar stays a string (leading zeros, long digit runs); Python tags on mappings
  // and sequences resolve to plain collections.
  const doc = parseYaml(readFileSync(file, 'utf8'), { schema: 'failsafe', maxAliasCount: -1, logLevel: 'error' }) as {
    data?: unknown;
    transactions?: { data?: unknown }[];
  };
  return {
    data: (normalise(doc.data ?? {}) as Record<string, unknown>) ?? {},
    transactions: (doc.transactions ?? []).map((t) => normalise(t.data) as MtTransaction),
  };
}
