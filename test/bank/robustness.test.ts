/**
 * Whatever the bytes, the entry point answers with a result or a StatementFormatError: no other exception, no
 * hang. Inputs are the corpus files cut short or with bytes changed, and random text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatement } from '#shared/bank/parse-statement.ts';
import { type ParseResult, StatementFormatError } from '#shared/bank/statement-types.ts';
import { isIsoDate } from '#shared/domain/calendar-date.ts';
import { type FixtureKind, inputFiles, readFixture } from './fixture-helpers.ts';

const corpus = (['camt', 'mt940', 'ofx'] as FixtureKind[]).flatMap((kind) =>
  inputFiles(kind).map((name) => readFixture(kind, name)),
);

function wellFormed(result: ParseResult): void {
  if (result.kind !== 'statements') {
    expect(typeof result.code).toBe('string');
    return;
  }
  for (const statement of result.statements) {
    for (const tx of statement.transactions) {
      expect(Number.isSafeInteger(tx.amount.amount)).toBe(true);
      expect(tx.amount.currency).toMatch(/^[A-Z]{3}$/);
      expect(tx.key).toMatch(/^[a-z0-9-]+:/);
      if (tx.bookingDate) expect(isIsoDate(tx.bookingDate)).toBe(true);
      if (tx.valueDate) expect(isIsoDate(tx.valueDate)).toBe(true);
    }
  }
}

function readOrReject(bytes: Uint8Array): void {
  let result: ParseResult;
  try {
    result = parseStatement(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(StatementFormatError);
    expect((error as StatementFormatError).location).not.toBe('');
    return;
  }
  wellFormed(result);
}

describe('robustness', () => {
  it('reads or rejects every corpus file cut short anywhere', () => {
    for (const bytes of corpus) {
      for (let i = 1; i < 12; i++) readOrReject(bytes.subarray(0, Math.floor((bytes.length * i) / 12)));
    }
  });

  it('reads or rejects corpus files with bytes changed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: corpus.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...':?/<>-\n\r0123456789CDRN,.{}\u00e9 '.split(''))), {
          minLength: 1,
          maxLength: 8,
        }),
        (index, edits) => {
          const source = corpus[index] as Buffer;
          const text = source.toString('latin1').split('');
          for (const [at, char] of edits) text[at % text.length] = char;
          readOrReject(Uint8Array.from(text.join(''), (c) => c.charCodeAt(0) & 0xff));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads or rejects random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => readOrReject(new TextEncoder().encode(text))),
      { numRuns: 300 },
    );
  });

  it('reads a 20 000-line MT940 file quickly', () => {
    const lines = [':20:BIG', ':25:DE89370400440532013000', ':28C:1/1', ':60F:C240101EUR0,00'];
    for (let i = 0; i < 5000; i++) {
      lines.push(`:61:2401020102CR${i + 1},00NTRFNONREF//R${i}`);
      lines.push(`:86:166?00GUTSCHRIFT?20EREF+E2E-${i}?21SVWZ+Rechnung ${i}?32Kunde ${i}`);
    }
    lines.push(':62F:C240102EUR0,00', '-');
    const started = performance.now();
    const result = parseStatement(new TextEncoder().encode(lines.join('\r\n')));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.kind === 'statements' && result.statements[0]?.transactions.length).toBe(5000);
  });
});
