/**
 * OFX corpus: the values the fixtures README lists for each file (there are no expected-result files).
 */
import { describe, expect, it } from 'vitest';
import { parseFixture, statementsOf } from './fixture-helpers.ts';

const statementOf = (name: string) => {
  const statements = statementsOf(parseFixture('ofx', name));
  expect(statements).toHaveLength(1);
  return statements[0] as NonNullable<(typeof statements)[number]>;
};

const balances = (name: string) => statementOf(name).balances.map((b) => [b.type, b.amount.amount, b.amount.currency]);

describe('OFX files (values from the fixtures README)', () => {
  it('bank_medium.ofx: OFX 1.02 on a few lines, CAD checking account', () => {
    const s = statementOf('bank_medium.ofx');
    expect(s).toMatchObject({ accountId: '12300 000012345678', bankId: '160000100', currency: 'CAD' });
    expect(balances('bank_medium.ofx')).toEqual([
      ['closing', 38234, 'CAD'],
      ['closing_available', 68234, 'CAD'],
    ]);
    expect(s.transactions).toHaveLength(3);
    expect(s.transactions[0]).toMatchObject({
      amount: { amount: -660, currency: 'CAD' },
      bookingDate: '2009-04-01',
      counterpartyName: "MCDONALD'S #112",
      remittanceUnstructured: ["MCDONALD'S #112", "POS MERCHANDISE;MCDONALD'S #112"],
      bankTransactionCode: 'POS',
      status: 'booked',
    });
    expect(s.transactions[1]).toMatchObject({ bankTransactionCode: 'CHECK', checkNumber: '0' });
  });

  it('checking.ofx: tab-indented SGML, USD, three transactions with a check number', () => {
    const s = statementOf('checking.ofx');
    expect(s).toMatchObject({ accountId: '1452687~7', currency: 'USD' });
    expect(s.transactions.map((t) => [t.amount.amount, t.bookingDate, t.checkNumber])).toEqual([
      [1, '2011-03-31', undefined],
      [-3451, '2011-04-05', undefined],
      [-2500, '2011-04-07', '319'],
    ]);
    expect(balances('checking.ofx')).toEqual([
      ['closing', 10099, 'USD'],
      ['closing_available', 7599, 'USD'],
    ]);
  });

  it('anzcc.ofx: OFX 2.03 prolog with SGML-style leaves, a credit-card statement', () => {
    const s = statementOf('anzcc.ofx');
    expect(s).toMatchObject({ accountId: '1234123412341234', currency: 'AUD' });
    expect(s.transactions.map((t) => [t.amount.amount, t.amount.currency, t.bookingDate])).toEqual([
      [-550, 'AUD', '2017-05-08'],
    ]);
    expect(balances('anzcc.ofx')[0]).toEqual(['closing', -12345, 'AUD']);
  });

  it('suncorp.ofx: OFX 2.00 XML, CDATA payee trimmed, date-only timestamps', () => {
    const s = statementOf('suncorp.ofx');
    expect(s).toMatchObject({ accountId: '123456789', currency: 'AUD' });
    expect(s.transactions).toHaveLength(1);
    expect(s.transactions[0]).toMatchObject({
      amount: { amount: -1685, currency: 'AUD' },
      bookingDate: '2013-12-15',
      counterpartyName: 'EFTPOS WDL HANDYWAY ALDI STORE',
    });
    expect(balances('suncorp.ofx')[0]).toEqual(['closing', 123412, 'AUD']);
  });

  it('fidelity-savings.ofx: the INVBANKTRAN cash lines, zero-padded signed amounts, four decimals rounded', () => {
    const result = parseFixture('ofx', 'fidelity-savings.ofx');
    const s = statementOf('fidelity-savings.ofx');
    expect(s.transactions.map((t) => [t.amount.amount, t.amount.currency, t.bookingDate, t.checkNumber])).toEqual([
      [-150000, 'USD', '2012-07-20', '0000001001'],
      [11583, 'USD', '2012-07-27', undefined],
      [-19711, 'USD', '2012-07-27', undefined],
      [-19712, 'USD', '2012-07-27', undefined],
    ]);
    expect(result.kind === 'statements' && result.diagnostics.map((d) => d.message)).toEqual([
      '+00000000000115.8331 has more than 2 decimals for USD; rounded',
      '-00000000000197.1063 has more than 2 decimals for USD; rounded',
      '-00000000000197.1220 has more than 2 decimals for USD; rounded',
    ]);
  });

  it('fidelity.ofx: investment statement on one line; trades ignored, cash lines kept', () => {
    const result = parseFixture('ofx', 'fidelity.ofx');
    const s = statementOf('fidelity.ofx');
    expect(s.transactions.every((t) => t.amount.currency === 'USD')).toBe(true);
    expect(s.transactions).toHaveLength(3);
    expect(
      result.kind === 'statements' &&
        result.diagnostics.some((d) => /investment transactions .* ignored/.test(d.message)),
    ).toBe(true);
  });

  it('investment_medium.ofx: CAD statement whose cash lines are in USD', () => {
    const s = statementOf('investment_medium.ofx');
    expect(s.currency).toBe('CAD');
    expect(s.transactions.map((t) => [t.amount.amount, t.amount.currency])).toEqual([
      [-365, 'USD'],
      [335, 'USD'],
      [-365, 'USD'],
    ]);
  });

  it('td_ameritrade.ofx and vanguard.ofx: investment statements without bank movements', () => {
    expect(statementOf('td_ameritrade.ofx')).toMatchObject({ accountId: '121212121', transactions: [] });
    expect(statementOf('vanguard.ofx')).toMatchObject({ accountId: '01234567890', transactions: [] });
  });

  it('decimal_error.ofx: the unreadable transaction is left out with a diagnostic, never booked', () => {
    const result = parseFixture('ofx', 'decimal_error.ofx');
    const s = statementOf('decimal_error.ofx');
    expect(s).toMatchObject({ accountId: '192639749', bankId: '123845030', currency: 'CAD', transactions: [] });
    expect(result.kind === 'statements' && result.diagnostics).toEqual([
      {
        location: 'line 34',
        message:
          'transaction 2000957249 left out: amount "$120" is not a number, posting date "201120000000" is not a date',
      },
    ]);
  });
});
