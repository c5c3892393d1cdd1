/**
 * Issue #10: every statement reader (camt.052/053/054, MT940/MT942, OFX, CFONB 120, mapped CSV) fed thousands of
 * files mutated from the real corpus (test/data/fixtures) — bytes changed, cut short, lines or XML elements
 * duplicated, removed or swapped, huge numbers, impossible dates, emptied values, re-encoded — and random bytes.
 * Property: parseStatement returns a well-formed result or throws a StatementFormatError whose location names the
 * file, the mapping, a line or an XML element; never another exception (a TypeError wrapped by the entry point's
 * safety net counts as a crash), never a slow parse. The port (BankStatementReader) turns the same errors into
 * StatementRejectedError. Seeds are fixed; FUZZ_RUNS multiplies the runs (see support/fuzz.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatement } from '#shared/bank/parse-statement.ts';
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import {
  type CsvMapping,
  type ParseOptions,
  type ParseResult,
  StatementFormatError,
} from '#shared/bank/statement-types.ts';
import { StatementRejectedError } from '#shared/domain/bank/bank-transaction.ts';
import { isIsoDate } from '#shared/domain/calendar-date.ts';
import { CsvMappingBody } from '#shared/web/api/bank.ts';
import {
  byteFlips,
  encode,
  encoding,
  flipBytes,
  isRuntimeCrash,
  mutatedFile,
  mutatedJson,
  mutateText,
  PROPERTY_TIMEOUT,
  params,
  textMutation,
  timed,
} from './support/fuzz.ts';
import { CFONB_CORPUS, type CorpusFile, CSV_CORPUS, fixtureCorpus } from './support/statements.ts';

/** A parse of a few kB must never take long; generous for a loaded 2-core machine. */
const SLOW_MS = 3000;

/** "file", "mapping", "line 12", or an XML element path such as `Document/BkToCstmrStmt/Stmt[0]/Ntry[3]`. */
const LOCATION = /^(file|mapping|line \d+|[A-Za-z][\w.:-]*(\[\d+\])?(\/[A-Za-z][\w.:-]*(\[\d+\])?)*)$/;

function wellFormed(result: ParseResult): void {
  expect(['statements', 'status']).toContain(result.kind);
  if (result.kind === 'status') {
    expect(result.code).toEqual(expect.any(String));
    expect(result.message).toEqual(expect.any(String));
    return;
  }
  for (const d of result.diagnostics) {
    expect(d.location).toMatch(LOCATION);
    expect(d.message).not.toBe('');
  }
  for (const statement of result.statements) {
    for (const b of statement.balances) {
      expect(Number.isSafeInteger(b.amount.amount)).toBe(true);
      expect(b.amount.currency).toMatch(/^[A-Z]{3}$/);
      if (b.date) expect(isIsoDate(b.date)).toBe(true);
    }
    if (statement.fromDate) expect(isIsoDate(statement.fromDate)).toBe(true);
    if (statement.toDate) expect(isIsoDate(statement.toDate)).toBe(true);
    const keys = new Set<string>();
    for (const tx of statement.transactions) {
      expect(Number.isSafeInteger(tx.amount.amount)).toBe(true);
      expect(tx.amount.currency).toMatch(/^[A-Z]{3}$/);
      expect(tx.key).toMatch(/^[a-z0-9-]+:/);
      keys.add(tx.key);
      expect(['booked', 'pending', 'info']).toContain(tx.status);
      if (tx.bookingDate) expect(isIsoDate(tx.bookingDate)).toBe(true);
      if (tx.valueDate) expect(isIsoDate(tx.valueDate)).toBe(true);
      expect(Array.isArray(tx.remittanceUnstructured)).toBe(true);
    }
    // Two lines of one statement never share a dedupe key (one of them would be lost on import).
    expect(keys.size).toBe(statement.transactions.length);
  }
}

/** The property itself: a result or our typed error naming where, quickly. */
function readsOrRejects(bytes: Uint8Array, options: ParseOptions = {}): 'read' | 'rejected' {
  const run = timed(() => parseStatement(bytes, options));
  expect(run.ms).toBeLessThan(SLOW_MS);
  if (run.error !== undefined) {
    if (!(run.error instanceof StatementFormatError)) throw run.error;
    expect(run.error.location).toMatch(LOCATION);
    expect(run.error.detail).not.toBe('');
    // The entry point wraps unexpected exceptions; a wrapped TypeError/RangeError is still a crash.
    if (isRuntimeCrash(run.error.cause)) throw run.error.cause;
    // The port refuses the same file with the same location.
    let ported: unknown;
    try {
      new BankStatementReader().read(bytes, { fileName: options.fileName, csvMapping: options.csvMapping });
    } catch (error) {
      ported = error;
    }
    expect(ported).toBeInstanceOf(StatementRejectedError);
    expect((ported as StatementRejectedError).location).toBe(run.error.location);
    return 'rejected';
  }
  wellFormed(run.value as ParseResult);
  return 'read';
}

function mutationProperty(corpus: CorpusFile[], seed: number, numRuns: number) {
  const outcomes = { read: 0, rejected: 0 };
  fc.assert(
    fc.property(mutatedFile(corpus), (file) => {
      outcomes[readsOrRejects(file.bytes, { fileName: file.name })]++;
    }),
    params(seed, numRuns),
  );
  // The mutations must exercise both paths, or the property proves little.
  expect(outcomes.read).toBeGreaterThan(0);
  expect(outcomes.rejected).toBeGreaterThan(0);
}

describe('statement readers on mutated files', () => {
  it(
    'camt.052/053/054: mutated corpus messages are read or rejected with the element at fault',
    () => {
      mutationProperty(fixtureCorpus('camt'), 0x10ca47, 1000);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'MT940/MT942: mutated corpus statements are read or rejected with the line at fault',
    () => {
      mutationProperty(fixtureCorpus('mt940'), 0x10940, 1000);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'OFX 1.x/2.x: mutated corpus files are read or rejected with the line at fault',
    () => {
      mutationProperty(fixtureCorpus('ofx'), 0x10cf, 1000);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'CFONB 120: mutated records (in place, so the 120 columns mostly hold) are read or rejected',
    () => {
      // Half the mutations keep each record's length (a character replaced), the other half break it.
      const inPlace = fc
        .record({
          index: fc.nat({ max: CFONB_CORPUS.length - 1 }),
          edits: fc.array(
            fc.tuple(fc.nat(), fc.constantFrom(...'0123456789 {}ABIJRZ-/.:é'.split(''), '\u00a0', '\uFFFD')),
            { minLength: 1, maxLength: 6 },
          ),
          enc: encoding,
        })
        .map(({ index, edits, enc }) => {
          const chars = [...(CFONB_CORPUS[index] as CorpusFile).text];
          for (const [at, c] of edits) {
            const i = at % chars.length;
            if (chars[i] !== '\r' && chars[i] !== '\n') chars[i] = c;
          }
          return { name: 'releve.120', bytes: encode(chars.join(''), enc) };
        });
      const outcomes = { read: 0, rejected: 0 };
      fc.assert(
        fc.property(fc.oneof(inPlace, mutatedFile(CFONB_CORPUS)), (file) => {
          outcomes[readsOrRejects(file.bytes, { fileName: file.name })]++;
        }),
        params(0x10120, 1000),
      );
      expect(outcomes.read).toBeGreaterThan(0);
      expect(outcomes.rejected).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'CSV: mutated exports with mutated (but schema-valid) column mappings are read or rejected',
    () => {
      const mappings = CSV_CORPUS.map((c) => c.mapping);
      // The mapping reaches the reader only through CsvMappingBody (the upload) or as saved after it.
      const mapping = mutatedJson(mappings).map((m) => {
        const parsed = CsvMappingBody.safeParse(m);
        return parsed.success ? (parsed.data as CsvMapping) : undefined;
      });
      const outcomes = { read: 0, rejected: 0 };
      fc.assert(
        fc.property(
          fc.nat({ max: CSV_CORPUS.length - 1 }),
          fc.array(textMutation, { minLength: 0, maxLength: 4 }),
          fc.option(mapping, { nil: undefined }),
          encoding,
          byteFlips,
          (index, mutations, mutatedMapping, enc, flips) => {
            const source = CSV_CORPUS[index] as (typeof CSV_CORPUS)[number];
            const bytes = flipBytes(encode(mutateText(source.text, mutations), enc), flips);
            const csvMapping = mutatedMapping ?? source.mapping;
            outcomes[readsOrRejects(bytes, { fileName: source.name, csvMapping })]++;
          },
        ),
        params(0x10c5f, 1000),
      );
      expect(outcomes.read).toBeGreaterThan(0);
      expect(outcomes.rejected).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );
});

describe('statement readers on random input', () => {
  it(
    'random bytes and text behind each format header are read or rejected',
    () => {
      const headers = [
        '',
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>',
        'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>',
        '<?OFX OFXHEADER="200" VERSION="220"?><OFX>',
        ':20:REF\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C240101EUR0,00\n:61:',
        '{1:F01BANKDEFFXXXX0000000000}{2:O940',
        `0130004    00819EUR2 00012345678  010326${' '.repeat(50)}0000000152345F${' '.repeat(16)}\n04`,
      ];
      fc.assert(
        fc.property(
          fc.constantFrom(...headers),
          fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.string({ unit: 'binary', maxLength: 300 }),
            fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
          ),
          encoding,
          (header, tail, enc) => {
            readsOrRejects(encode(header + tail, enc));
          },
        ),
        params(0x10a4d, 1000),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a CSV mapping never makes arbitrary bytes crash the reader',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...CSV_CORPUS), (bytes, { mapping }) => {
          readsOrRejects(bytes, { fileName: 'x.csv', csvMapping: mapping });
        }),
        params(0x10c5a, 1000),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
