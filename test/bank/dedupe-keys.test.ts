/**
 * Dedupe keys: stable across re-imports, and never shared by two different transactions anywhere in the corpus.
 */
import { describe, expect, it } from 'vitest';
import { parseStatement } from '#shared/bank/parse-statement.ts';
import type { BankTransaction } from '#shared/bank/statement-types.ts';
import { type FixtureKind, inputFiles, parseFixture, readFixture } from './fixture-helpers.ts';

const KINDS: FixtureKind[] = ['camt', 'mt940', 'ofx'];

function allTransactions(): { file: string; tx: BankTransaction }[] {
  return KINDS.flatMap((kind) =>
    inputFiles(kind).flatMap((file) => {
      const result = parseFixture(kind, file);
      return result.kind === 'statements'
        ? result.statements.flatMap((s) => s.transactions.map((tx) => ({ file, tx })))
        : [];
    }),
  );
}

/**
 * Files that genuinely carry the same bank transaction (same bank id on the same account), so sharing a key is
 * the dedupe working, not a collision:
 * - genkgo/camt ships one sample per message version: v2/v8 report, v4/v6 report, v4/v8 statement, v4/v8
 *   notifications (and the v8 "financial institution" variant) repeat the same AcctSvcrRef on the same account;
 *   camt053.v2.minimal and .with-party-ids are the same entry (no AcctSvcrRef: same content hash);
 * - sepa_snippet.sta is two statements cut out of sepa_mt9401.sta (same accounts, same bank references; its one
 *   line without a bank reference has the same content hash). One line was edited in the snippet (bank reference
 *   0724710345316116 is C 300,00 in sepa_mt9401 and D 0,08 in the snippet): MT940 keys carry the value date and
 *   amount next to the bank reference, so these two stay apart;
 * - statement_details.sta is statement_line.sta plus its :86: (same :61:, same bank reference).
 */
const SAME_TRANSACTION_GROUPS = [
  ['camt052.v2.xml', 'camt052.v8.xml'],
  ['camt052.v4.xml', 'camt052.v6.xml'],
  ['camt053.v2.minimal.xml', 'camt053.v2.with-party-ids.xml'],
  ['camt053.v4.xml', 'camt053.v8.xml'],
  ['camt054.v4.xml', 'camt054.v8.xml', 'camt054.v8-with-financial-institution.xml'],
  ['sepa_mt9401.sta', 'sepa_snippet.sta'],
  ['statement_details.sta', 'statement_line.sta'],
];

/** What must agree for two lines to be the same bank transaction; a date one file leaves out matches any. */
function sameTransaction(a: BankTransaction, b: BankTransaction): boolean {
  const dates = (x: string | undefined, y: string | undefined) => x === undefined || y === undefined || x === y;
  return (
    (a.accountIban ?? a.accountId) === (b.accountIban ?? b.accountId) &&
    a.amount.amount === b.amount.amount &&
    a.amount.currency === b.amount.currency &&
    dates(a.valueDate, b.valueDate) &&
    dates(a.bookingDate, b.bookingDate) &&
    a.accountServicerReference === b.accountServicerReference &&
    a.bankReference === b.bankReference
  );
}

describe('dedupe keys', () => {
  it.each(KINDS.flatMap((kind) => inputFiles(kind).map((file) => [kind, file] as const)))(
    '%s/%s: parsing twice gives the same keys',
    (kind, file) => {
      const keys = () => {
        const result = parseStatement(readFixture(kind, file));
        return result.kind === 'statements' ? result.statements.flatMap((s) => s.transactions.map((t) => t.key)) : [];
      };
      expect(keys()).toEqual(keys());
    },
  );

  it('never gives two different transactions of the corpus the same key', () => {
    const byKey = new Map<string, { file: string; tx: BankTransaction }[]>();
    const all = allTransactions();
    for (const item of all) byKey.set(item.tx.key, [...(byKey.get(item.tx.key) ?? []), item]);
    const problems: string[] = [];
    const shared: string[] = [];
    for (const [key, items] of byKey) {
      if (items.length === 1) continue;
      const files = [...new Set(items.map((i) => i.file))].sort();
      if (files.length < items.length)
        problems.push(`${key} is used twice within one file: ${items.map((i) => i.file).join(', ')}`);
      const group = SAME_TRANSACTION_GROUPS.find((g) => files.every((f) => g.includes(f)));
      if (!group) problems.push(`${key} shared by ${files.join(', ')}`);
      const [first] = items;
      if (first && !items.every((i) => sameTransaction(first.tx, i.tx)))
        problems.push(`${key} shared by different transactions in ${files.join(', ')}`);
      shared.push(files.join(' + '));
    }
    expect(problems).toEqual([]);
    expect(all.length).toBeGreaterThan(200);
    // Every listed group does share its transactions (the allow-list has no stale entry).
    for (const group of SAME_TRANSACTION_GROUPS) {
      expect(
        shared.some((s) => group.every((f) => s.split(' + ').includes(f))),
        group.join(' + '),
      ).toBe(true);
    }
  });

  it('uses the bank id when there is one, prefixed by its kind and the account', () => {
    const keyOf = (kind: FixtureKind, file: string) => {
      const result = parseFixture(kind, file);
      return result.kind === 'statements' ? result.statements[0]?.transactions[0]?.key : undefined;
    };
    expect(keyOf('camt', 'camt053.v8.xml')).toBe('camt-asr:NL26VAYB8060476890:AAAASESS-FP-CN_98765/01');
    expect(keyOf('ofx', 'bank_medium.ofx')).toBe('ofx-fitid:160000100/12300 000012345678:0000123456782009040100001');
    expect(keyOf('mt940', 'mbank-mt940.sta')).toBe(
      'swift-ref:PL29114010810000267002001002:MB170119012058:2017-01-19:1PLN',
    );
    expect(keyOf('mt940', 'abnamro.sta')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps identical lines of one statement apart, also across MT940 continuation pages', () => {
    // raphaelm.sta: seven identical "CM20000,00S051" lines on 22 March, five on the first page, two on the
    // :60M: continuation page of the same account.
    const result = parseFixture('mt940', 'raphaelm.sta');
    const keys = result.kind === 'statements' ? result.statements.flatMap((s) => s.transactions.map((t) => t.key)) : [];
    expect(keys).toHaveLength(9);
    expect(new Set(keys).size).toBe(9);
  });

  it('keeps two lines reusing one bank reference apart, and suffixes a reference repeated on identical lines', () => {
    // cmxl-mt940.sta: the EUR statement uses bank reference 55555 for two different lines.
    const cmxl = parseFixture('mt940', 'cmxl-mt940.sta');
    const eur = cmxl.kind === 'statements' ? cmxl.statements[1]?.transactions.map((t) => t.key) : [];
    expect(eur).toEqual([
      'swift-ref:10020030/1234567:55555:2002-11-01:-80000EUR',
      'swift-ref:10020030/1234567:55555:2002-11-02:300000EUR',
    ]);
    const twice = parseStatement(
      new TextEncoder().encode(
        ':20:X\n:25:DE89370400440532013000\n:60F:C240101EUR0,\n:61:240102C5,NTRFNONREF//B1\n:61:240102C5,NTRFNONREF//B1\n',
      ),
    );
    const keys = twice.kind === 'statements' ? twice.statements[0]?.transactions.map((t) => t.key) : [];
    expect(keys).toEqual([
      'swift-ref:DE89370400440532013000:B1:2024-01-02:500EUR',
      'swift-ref:DE89370400440532013000:B1:2024-01-02:500EUR#2',
    ]);
  });
});
