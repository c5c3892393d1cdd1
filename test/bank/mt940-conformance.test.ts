/**
 * MT940/MT942 corpus against the wolph/mt940 expected results (.yml), honouring the "known quirks" of
 * test/data/fixtures/README.md, plus the README checks for the two files without a .yml.
 */
import { describe, expect, it } from 'vitest';
import type { BankTransaction, Statement } from '#shared/bank/statement-types.ts';
import {
  hasExpected,
  inputFiles,
  loadMt940Expected,
  type MtBalance,
  type MtTransaction,
  minorUnits,
  parseFixture,
  readFixture,
  squash,
  statementsOf,
  transactionsOf,
} from './fixture-helpers.ts';

const withExpected = inputFiles('mt940').filter((f) => hasExpected('mt940', f, '.yml'));

/** Statements per file, counted by hand from the inputs (a `:20:` block, or a fragment). */
const STATEMENT_COUNTS: Record<string, number> = {
  '171011_01234945.sta': 1,
  'abnamro.sta': 2,
  'account_balance_credit.sta': 1,
  'account_identification.sta': 2,
  'account_identification_iban.sta': 1,
  'account_identification_legacy.sta': 1,
  'amount_formats.sta': 1,
  'asnb-mt940.txt': 31,
  'available_balance.sta': 1,
  'citi-mt940.txt': 1,
  'closing_balance.sta': 1,
  'cmxl-mt940.sta': 3,
  'currency_in_25.sta': 1,
  'details_60-63.sta': 1,
  'empty_86.sta': 1,
  'empty_entry_date.sta': 1,
  'empty_non_swift.sta': 1,
  'gv_codes.sta': 1,
  'ing.sta': 1,
  'malformed_details.sta': 1,
  'mbank-mt940.sta': 1,
  'missing_crlf_at_end.sta': 1,
  // The transaction after the `-` is a headerless block: its own statement, header taken from the first.
  'multiline.sta': 2,
  'postfinance.sta': 2,
  'rabobank-iban.sta': 2,
  'rabobank.sta': 4,
  'raphaelm.sta': 3,
  'reference.sta': 1,
  'selfprovided-mt942.sta': 1,
  'sepa_mt9401.sta': 26,
  'sepa_snippet.sta': 2,
  'sns.sta': 2,
  'sparkassen.sta': 1,
  'statement_details.sta': 1,
  'statement_line.sta': 1,
  'transaction_details_wrapped.sta': 1,
  'whitespace.sta': 1,
};

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** References keep their padding in the .yml; NONREF means "no reference". */
function reference(value: unknown): string | undefined {
  const v = str(value)?.trim();
  return v && v.toUpperCase() !== 'NONREF' ? v : undefined;
}

function noReference(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && !/^(NONREF|NOTPROVIDED)$/i.test(v) ? v : undefined;
}

/** The raw `:61:` lines of a file, in order, to check references the .yml no longer shows. */
function statementLines(name: string): string[] {
  return readFixture('mt940', name)
    .toString('utf8')
    .split(/\r\n|\r|\n/)
    .map((l, i, all) => (l.startsWith(':61:') ? `${l}${all[i + 1] ?? ''}` : undefined))
    .filter((l): l is string => l !== undefined);
}

function compareTransaction(
  name: string,
  index: number,
  e: MtTransaction,
  tx: BankTransaction,
  statement: Statement,
  line61: string | undefined,
): string[] {
  const problems: string[] = [];
  const where = `${name} #${index}`;
  const check = (what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected)
      problems.push(`${where} ${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  // Amount and currency. Fragments without any currency are read in XXX ("no currency").
  const currency = str(e.amount.currency) ?? 'XXX';
  check('currency', tx.amount.currency, currency);
  const expectedMinor = minorUnits(e.amount.amount, currency);
  if (e.status === 'RC' || e.status === 'RD') {
    // Quirk: the .yml keeps a reversal of credit positive although it debits the account.
    check('|amount|', Math.abs(tx.amount.amount), Math.abs(expectedMinor));
    check('reversal', tx.reversal, true);
    check('sign', Math.sign(tx.amount.amount), e.status === 'RC' ? -1 : 1);
  } else {
    check('amount', tx.amount.amount, expectedMinor);
    check('reversal', tx.reversal, false);
  }
  // Dates: value date; booking date is the guessed entry date, or the value date when the line has none.
  check('value date', tx.valueDate, e.date);
  check('booking date', tx.bookingDate, str(e.guessed_entry_date) ?? e.date);
  // References.
  check('bank reference', tx.bankReference, reference(e.bank_reference));
  check('statement id', statement.id, str(e.transaction_reference));
  check('type', tx.bankTransactionCode, str(e.id)?.trim());
  // "No reference" (NONREF, NOTPROVIDED) is an absent reference in our model.
  if ('end_to_end_reference' in e) check('end-to-end id', tx.endToEndId, noReference(str(e.end_to_end_reference)));
  let expectedCustomer = str(e.customer_reference);
  // Quirk: when :61: says "KREF+" the .yml glues it to the :86: KREF value with a newline.
  if (expectedCustomer?.includes('\n')) expectedCustomer = expectedCustomer.split('\n').pop();
  const customer = reference(expectedCustomer);
  if ('end_to_end_reference' in e && customer === undefined && tx.customerReference !== undefined) {
    // Quirk: with SEPA keywords in :86:, wolph/mt940 replaces the :61: customer reference by KREF+ (absent here),
    // so the .yml shows none; ours is the :61: reference: it must be the one written on the line.
    if (!line61?.includes(tx.customerReference))
      problems.push(`${where} customer reference ${tx.customerReference} is not on ${line61}`);
  } else {
    check('customer reference', tx.customerReference, customer);
  }
  // Remittance texts and counterparty, where the .yml decoded German subfields.
  const purpose = squash(str(e.purpose));
  if (purpose) {
    const ours = squash(tx.remittanceUnstructured.join(' '));
    if (!ours.includes(purpose) && !squash(tx.remittanceUnstructured.join('')).includes(purpose)) {
      problems.push(`${where} purpose "${purpose}" not in remittance "${ours}"`);
    }
  }
  const applicant = squash(str(e.applicant_name));
  if (applicant) check('counterparty name', squash(tx.counterpartyName), applicant);
  const iban = str(e.applicant_iban);
  if (iban) {
    const ours = tx.counterpartyIban ?? tx.counterpartyAccountId ?? '';
    if (!ours.endsWith(iban.replace(/\s+/g, '').toUpperCase()) && !ours.endsWith(iban))
      problems.push(`${where} counterparty account ${ours} does not end with ${iban}`);
  }
  return problems;
}

const BALANCE_FIELDS: Record<string, string> = {
  final_opening_balance: '60F',
  intermediate_opening_balance: '60M',
  final_closing_balance: '62F',
  intermediate_closing_balance: '62M',
  available_balance: '64',
  forward_available_balance: '65',
};

/** The .yml `data` holds, per field, the value of the last statement that set it. */
function lastSet(statements: Statement[]) {
  const out: Record<string, unknown> = {};
  for (const s of statements) {
    if (s.id !== undefined) out.transaction_reference = s.id;
    if (s.accountId !== undefined) out.account_identification = s.accountId;
    if (s.statementNumber !== undefined) out.statement_number = s.statementNumber;
    if (s.statementNumber !== undefined) out.sequence_number = s.sequenceNumber;
    for (const b of s.balances) {
      const field = Object.entries(BALANCE_FIELDS).find(([, code]) => code === b.code)?.[0];
      if (field) out[field] = b;
    }
  }
  return out;
}

describe('MT940/MT942 conformance with the wolph/mt940 expected results', () => {
  it('has an expected result for all but the two README-checked files', () => {
    expect(inputFiles('mt940').filter((f) => !withExpected.includes(f))).toEqual(['asnb-mt940.txt', 'citi-mt940.txt']);
  });

  it('counts the statements of every file', () => {
    const counts = Object.fromEntries(
      inputFiles('mt940').map((f) => [f, statementsOf(parseFixture('mt940', f)).length]),
    );
    expect(counts).toEqual(STATEMENT_COUNTS);
  });

  it.each(withExpected)('%s agrees with its .yml', (name) => {
    const expected = loadMt940Expected(name);
    const result = parseFixture('mt940', name);
    const ours = transactionsOf(result);
    expect(ours.length, 'number of transactions').toBe(expected.transactions.length);
    const lines61 = statementLines(name);
    const problems = expected.transactions.flatMap((e, i) => {
      const mine = ours[i];
      return mine ? compareTransaction(name, i, e, mine.tx, mine.statement, lines61[i]) : [`${name} #${i} missing`];
    });

    const data = expected.data;
    const mine = lastSet(statementsOf(result));
    for (const field of ['transaction_reference', 'statement_number', 'sequence_number'] as const) {
      if (field in data && str(data[field]) !== mine[field]) {
        problems.push(`${name} ${field}: got ${JSON.stringify(mine[field])}, expected ${JSON.stringify(data[field])}`);
      }
    }
    const account = str(data.account_identification);
    if (account !== undefined) {
      const ours = String(mine.account_identification ?? '');
      // Quirk: multiline.sta's account is cut to 35 characters in the .yml.
      const ok = name === 'multiline.sta' ? ours.startsWith(account) && account.length === 35 : ours === account;
      if (!ok) problems.push(`${name} account: got ${ours}, expected ${account}`);
    }
    for (const [field, code] of Object.entries(BALANCE_FIELDS)) {
      const e = data[field] as MtBalance | undefined;
      const b = mine[field] as Statement['balances'][number] | undefined;
      if (!e) {
        if (b) problems.push(`${name} ${field}: unexpected ${code} balance`);
        continue;
      }
      if (!b) {
        problems.push(`${name} ${field}: missing`);
        continue;
      }
      if (b.date !== e.date) problems.push(`${name} ${field} date: got ${b.date}, expected ${e.date}`);
      // Quirk: raphaelm.sta's :62M:/:62F: lack a currency; the .yml reads the amount's first digits as one.
      if (name === 'raphaelm.sta' && (code === '62M' || code === '62F')) continue;
      const currency = str(e.amount.currency) ?? 'XXX';
      if (b.amount.currency !== currency)
        problems.push(`${name} ${field} currency: got ${b.amount.currency}, expected ${currency}`);
      const minor = minorUnits(e.amount.amount, currency);
      if (b.amount.amount !== minor)
        problems.push(`${name} ${field} amount: got ${b.amount.amount}, expected ${minor}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('MT940 known quirks', () => {
  it('reads all six :60F: amount spellings of amount_formats.sta', () => {
    const [statement] = statementsOf(parseFixture('mt940', 'amount_formats.sta'));
    expect(statement?.balances.map((b) => [b.type, b.amount.amount, b.amount.currency, b.date])).toEqual([
      ['opening', 38011512, 'EUR', '2010-03-18'],
      ['opening', 38011510, 'EUR', '2010-03-18'],
      ['opening', 38011500, 'EUR', '2010-03-18'],
      ['opening', 12, 'EUR', '2010-03-18'],
      ['opening', 12, 'EUR', '2010-03-18'],
      ['opening', 112, 'EUR', '2010-03-18'],
    ]);
  });

  it('books a reversal of credit (RC) as money out, marked as a reversal', () => {
    const reversals = transactionsOf(parseFixture('mt940', 'sepa_mt9401.sta')).filter(({ tx }) => tx.reversal);
    expect(reversals.map(({ tx }) => [tx.amount.amount, tx.amount.currency])).toEqual([
      [-20488, 'EUR'],
      [-20488, 'EUR'],
    ]);
  });

  it('flags the currency-less balances of raphaelm.sta instead of reading digits as a currency', () => {
    const result = parseFixture('mt940', 'raphaelm.sta');
    if (result.kind !== 'statements') throw new Error('expected statements');
    const closings = result.statements.flatMap((s) => s.balances).filter((b) => b.code === '62M' || b.code === '62F');
    expect(closings.map((b) => [b.code, b.amount.amount, b.amount.currency])).toEqual([
      ['62M', 10500000, 'DEM'],
      ['62F', 14500000, 'DEM'],
      ['62F', 9500000, 'DEM'],
    ]);
    expect(result.diagnostics.filter((d) => /no currency code/.test(d.message)).map((d) => d.location)).toEqual([
      'line 27',
      'line 35',
      'line 47',
    ]);
  });

  it('clamps a 30 February value date to the last day of February, with a diagnostic', () => {
    const result = parseFixture('mt940', 'transaction_details_wrapped.sta');
    const [{ tx } = { tx: undefined }] = transactionsOf(result);
    expect(tx?.valueDate).toBe('2016-02-29');
    expect(tx?.bookingDate).toBe('2016-03-01');
    expect(result.kind === 'statements' && result.diagnostics.map((d) => d.message)).toEqual([
      'value date 2016-02-30 does not exist; read as 2016-02-29',
    ]);
  });

  it('keeps a :86: line that looks like a tag (":12:11") inside the text', () => {
    const [{ tx } = { tx: undefined }] = transactionsOf(parseFixture('mt940', 'transaction_details_wrapped.sta'));
    expect(tx?.remittanceUnstructured.join('')).toContain('2017-01-01T13:12:11');
  });

  it('reads funds codes as such: CR/DR are credit/debit with funds code R, CN/CM/DF likewise', () => {
    const signs = (file: string) =>
      transactionsOf(parseFixture('mt940', file)).map(({ tx }) => Math.sign(tx.amount.amount));
    expect(signs('sepa_snippet.sta').every((s) => s !== 0)).toBe(true);
    expect(signs('empty_entry_date.sta')).toEqual([1]); // CN
    expect(signs('171011_01234945.sta')).toEqual([-1, -1, -1]); // DF
    expect(signs('raphaelm.sta')).toEqual([1, 1, 1, 1, 1, 1, 1, 1, -1]); // CM, DM
  });

  it('guesses the entry year across a December/January boundary', () => {
    const text =
      ':20:X\n:25:DE89370400440532013000\n:60F:C231229EUR0,\n:61:2312290102C1,00NTRFNONREF//A1\n:61:2401021229D1,00NTRFNONREF//A2\n';
    const txs = transactionsOf(parseStatementText(text));
    expect(txs.map(({ tx }) => [tx.valueDate, tx.bookingDate])).toEqual([
      ['2023-12-29', '2024-01-02'],
      ['2024-01-02', '2023-12-29'],
    ]);
  });

  it('reads the Sparkasse line breaks: amount on the next line, tag split as ":" / "86:"', () => {
    const [{ tx } = { tx: undefined }] = transactionsOf(parseFixture('mt940', 'sparkassen.sta'));
    expect(tx?.amount).toEqual({ amount: 3000, currency: 'XXX' });
    expect(tx?.remittanceUnstructured).toEqual(['Test']);
  });

  it('keeps a trailing :86: after the closing balance on the statement, not on the last transaction', () => {
    const [statement] = statementsOf(parseFixture('mt940', 'ing.sta'));
    expect(statement?.information).toEqual(['D000004C000002D25,24C28,71']);
    expect(statement?.transactions.at(-1)?.remittanceUnstructured).toEqual([
      '0111111111 Hr S Marechal',
      'ROSMALEN Hr S Marechal ROSMALEN',
      'Betaling transactiedatum: 22-07-2010',
    ]);
  });

  it('decodes German ?-subfields: EREF, MREF, CRED, SVWZ, BIC, IBAN and name', () => {
    const [{ tx } = { tx: undefined }] = transactionsOf(parseFixture('mt940', 'statement_details.sta'));
    expect(tx).toMatchObject({
      endToEndId: 'TRX-0A4A47C3-F846-4729-8A1B-5DF620F',
      mandateId: 'CAC97D2144174318AC18D9BF815BD4FB',
      creditorId: 'DE98ZZZ09999999999',
      remittanceUnstructured: ['FOO TRX-0A4A47C3-F846-4729-8A1B-5DF620F'],
      counterpartyBic: 'HYVEDEMMXXX',
      counterpartyName: 'Peter Pan',
      bankReference: '025498557/000001',
      customerReference: '0000549855700010',
    });
  });

  it('decodes slash-coded :86: (Rabobank IBAN format)', () => {
    const txs = transactionsOf(parseFixture('mt940', 'rabobank-iban.sta'));
    expect(txs[0]?.tx).toMatchObject({
      endToEndId: '01-01-2013 12:00 0030000987654321',
      counterpartyName: 'CONTRA ACCOUNT HOLDER',
      counterpartyIban: 'NL70ABNA0987654321',
    });
    expect(txs[1]?.tx.remittanceUnstructured).toEqual(['Reference 201301234']);
  });
});

describe('MT940 files without an expected result (README checks)', () => {
  it('asnb-mt940.txt: 31 statements, 8 transactions, first and last movement, last balances', () => {
    const result = parseFixture('mt940', 'asnb-mt940.txt');
    const statements = statementsOf(result);
    const txs = transactionsOf(result).map(({ tx }) => tx);
    expect(statements.every((s) => s.accountIban === 'NL81ASNB9999999999')).toBe(true);
    expect(txs).toHaveLength(8);
    expect([txs[0]?.amount, txs[0]?.valueDate]).toEqual([{ amount: -6500, currency: 'EUR' }, '2020-01-01']);
    expect([txs[7]?.amount, txs[7]?.valueDate]).toEqual([{ amount: -90376, currency: 'EUR' }, '2020-01-31']);
    const last = statements.at(-1);
    expect(last?.balances.map((b) => [b.type, b.amount.amount, b.amount.currency])).toEqual([
      ['opening', 40481, 'EUR'],
      ['closing', 50123, 'EUR'],
    ]);
    // The long customer reference is the counter-IBAN, the name is on the supplementary line.
    expect(txs[0]).toMatchObject({ counterpartyIban: 'NL47INGB9999999999', counterpartyName: 'hr gjlm paulissen' });
  });

  it('citi-mt940.txt: account, statement 1/1, balances, 5 transactions', () => {
    const result = parseFixture('mt940', 'citi-mt940.txt');
    const [statement] = statementsOf(result);
    expect(statement).toMatchObject({ accountId: '123456789', statementNumber: '1', sequenceNumber: '1' });
    expect(statement?.balances.map((b) => [b.type, b.amount.amount, b.amount.currency])).toEqual([
      ['opening', 1737667, 'USD'],
      ['closing', 1623392, 'USD'],
      ['closing_available', 1623392, 'USD'],
    ]);
    expect(statement?.transactions).toHaveLength(5);
    expect(statement?.transactions[0]).toMatchObject({
      valueDate: '2024-03-12',
      amount: { amount: -21239, currency: 'USD' },
    });
    // Zero-amount information lines are not booked movements.
    expect(statement?.transactions.map((t) => t.status)).toEqual(['booked', 'booked', 'info', 'info', 'booked']);
  });
});

import { parseStatement } from '#shared/bank/parse-statement.ts';

function parseStatementText(text: string) {
  return parseStatement(new TextEncoder().encode(text));
}
