/**
 * CFONB 120 ("relevé de compte 120 caractères"). There is no public fixture, so the statements are built by a
 * generator that lays the fields out at the positions of the CFONB specification.
 */
import { isValidIBAN } from 'ibantools';
import { describe, expect, it } from 'vitest';
import { frenchIban } from '#shared/bank/cfonb120.ts';
import { parseStatement } from '#shared/bank/parse-statement.ts';
import {
  ACCOUNT,
  type AccountFields,
  balanceRecord,
  complementRecord,
  movementRecord,
  overpunch,
  sampleStatement,
} from './cfonb120-generator.ts';
import { captureError, statementsOf } from './fixture-helpers.ts';

const bytes = (lines: string[], eol = '\r\n') => new TextEncoder().encode(lines.join(eol) + eol);

// ---- tests ----------------------------------------------------------------------------------------------------

describe('CFONB 120', () => {
  it('generates records of exactly 120 characters with the amount in signed overpunch', () => {
    expect(sampleStatement().every((r) => r.length === 120)).toBe(true);
    expect(overpunch(1523456)).toBe('0000000152345F');
    expect(overpunch(-4590)).toBe('0000000000459}');
    expect(overpunch(-2501)).toBe('0000000000250J');
  });

  it('reads balances, movements and their complements', () => {
    const result = parseStatement(bytes(sampleStatement()), { fileName: 'RELEVE.120' });
    expect(result.format).toBe('cfonb120');
    const [statement] = statementsOf(result);
    expect(statement).toMatchObject({
      bankId: '30004',
      accountId: '30004 00819 00012345678',
      currency: 'EUR',
      fromDate: '2026-03-01',
      toDate: '2026-03-03',
    });
    expect(isValidIBAN(statement?.accountIban ?? '')).toBe(true);
    expect(statement?.accountIban).toMatch(/^FR\d{2}300040081900012345678\d{2}$/);
    expect(statement?.balances.map((b) => [b.type, b.amount.amount, b.date])).toEqual([
      ['opening', 1523456, '2026-03-01'],
      ['closing', 1633866, '2026-03-03'],
    ]);
    const [credit, debit, card1, card2] = statement?.transactions ?? [];
    expect(credit).toMatchObject({
      amount: { amount: 120000, currency: 'EUR' },
      bookingDate: '2026-03-02',
      valueDate: '2026-03-02',
      counterpartyName: 'ACME SAS',
      counterpartyIban: 'FR7610107001011234567890129',
      endToEndId: 'E2E-2026-0042',
      remittanceUnstructured: ['VIR SEPA RECU /DE ACME SAS', 'FACTURE F-2026-077 ET F-2026-081'],
      bankTransactionCode: '05',
      status: 'booked',
      reversal: false,
    });
    expect(debit).toMatchObject({
      amount: { amount: -4590, currency: 'EUR' },
      bookingDate: '2026-03-03',
      valueDate: '2026-03-02',
      counterpartyName: 'EDF',
      mandateId: 'EDF-MANDAT-778899',
      creditorId: 'FR12ZZZ123456',
      bankReference: 'PRLV0326',
    });
    // Two identical card payments stay two transactions with two keys.
    expect(card1?.amount).toEqual(card2?.amount);
    expect(card1?.key).not.toBe(card2?.key);
    const keys = statement?.transactions.map((t) => t.key);
    expect(new Set(keys).size).toBe(4);
    expect(
      statementsOf(parseStatement(bytes(sampleStatement()))).flatMap((s) => s.transactions.map((t) => t.key)),
    ).toEqual(keys);
    // Opening + movements = closing.
    const sum = (statement?.transactions ?? []).reduce((total, t) => total + t.amount.amount, 0);
    expect(1523456 + sum).toBe(statement?.balances[1]?.amount.amount);
  });

  it('computes the French IBAN (RIB key included) from bank, branch and account number', () => {
    expect(frenchIban('30006', '00001', '12345678901')).toBe('FR7630006000011234567890189');
    expect(isValidIBAN(frenchIban('30002', '00550', '0000157845Z') ?? '')).toBe(true);
  });

  it('reads debit balances, other decimal counts, several accounts, LF endings and records without line breaks', () => {
    const other: AccountFields = { bank: '10278', branch: '06076', account: '00020501701', decimals: 3 };
    const lines = [
      balanceRecord('01', other, '311225', -98765),
      movementRecord(other, {
        interbank: '05',
        booked: '020126',
        value: '020126',
        label: 'VIR RECU',
        entry: '0000001',
        minor: 100000,
      }),
      balanceRecord('07', other, '020126', -98765 + 100000),
      ...sampleStatement(),
    ];
    for (const input of [bytes(lines, '\n'), new TextEncoder().encode(lines.join(''))]) {
      const statements = statementsOf(parseStatement(input));
      expect(statements).toHaveLength(2);
      // Three decimals in the file, two in EUR: -98,765 rounds half away from zero to -98,77 (with a diagnostic).
      expect(statements[0]?.balances.map((b) => [b.amount.amount, b.date])).toEqual([
        [-9877, '2025-12-31'],
        [124, '2026-01-02'],
      ]);
    }
  });

  it('reads Windows-1252 accents in the labels', () => {
    const lines = sampleStatement();
    lines[5] = complementRecord(ACCOUNT, '020326', 'LIB', 'RÈGLEMENT FACTURE ÉCHUE');
    const encoded = Uint8Array.from(`${lines.join('\r\n')}\r\n`, (c) =>
      c === 'È' ? 0xc8 : c === 'É' ? 0xc9 : c.charCodeAt(0),
    );
    const [statement] = statementsOf(parseStatement(encoded));
    expect(statement?.transactions[0]?.remittanceUnstructured[1]).toBe('RÈGLEMENT FACTURE ÉCHUE');
  });

  it('rejects a record of the wrong length, naming its line', () => {
    const lines = sampleStatement();
    lines[2] = (lines[2] as string).slice(0, 119);
    const error = captureError(() => parseStatement(bytes(lines)));
    expect(error.code).toBe('STATEMENT_MALFORMED');
    expect(error.location).toBe('line 3');
    expect(error.message).toBe('line 3: record is 119 characters long; CFONB 120 records are exactly 120');
  });

  it('rejects an unreadable amount, an impossible date, an unknown record and an orphan complement', () => {
    const badAmount = sampleStatement();
    badAmount[1] = `${(badAmount[1] as string).slice(0, 103)}X${(badAmount[1] as string).slice(104)}`;
    expect(captureError(() => parseStatement(bytes(badAmount))).location).toBe('line 2');

    const badDate = sampleStatement();
    badDate[7] = `${(badDate[7] as string).slice(0, 34)}320326${(badDate[7] as string).slice(40)}`;
    expect(captureError(() => parseStatement(bytes(badDate))).message).toMatch(/^line 8: booking date "320326"/);

    const unknown = sampleStatement();
    unknown[4] = `03${(unknown[4] as string).slice(2)}`;
    expect(captureError(() => parseStatement(bytes(unknown))).message).toMatch(/^line 5: record code "03"/);

    const orphan = [balanceRecord('01', ACCOUNT, '010326', 0), complementRecord(ACCOUNT, '010326', 'LIB', 'X')];
    expect(captureError(() => parseStatement(bytes(orphan))).message).toMatch(/^line 2: complement record \(05\)/);
  });
});
