/**
 * camt.052/053/054 corpus against the genkgo/camt expected results (.json): records, entries, amounts, dates,
 * references, remittance and balances.
 */
import { describe, expect, it } from 'vitest';
import type { BankTransaction, Statement, TransactionDetail } from '#shared/bank/statement-types.ts';
import {
  camtDetails,
  camtInstant,
  camtRecords,
  inputFiles,
  type Json,
  loadCamtExpected,
  parseFixture,
  RECURSIVE,
  squash,
  statementsOf,
} from './fixture-helpers.ts';

const files = inputFiles('camt');

const STATUS: Record<string, string> = { BOOK: 'booked', PDNG: 'pending', INFO: 'info' };

/** `<Dt>` is midnight UTC of that day in the .json; `<DtTm>` an instant shifted to UTC. */
function compareDate(
  what: string,
  ours: string | undefined,
  ourInstant: string | undefined,
  expected: Json,
  problems: string[],
) {
  const instant = camtInstant(expected);
  if (instant === undefined) {
    if (ours !== undefined) problems.push(`${what}: got ${ours}, expected none`);
    return;
  }
  if (ourInstant !== undefined) {
    if (Date.parse(ourInstant) !== Date.parse(instant))
      problems.push(`${what}: got instant ${ourInstant}, expected ${instant}`);
    return;
  }
  if (!instant.endsWith('T00:00:00+00:00') || ours !== instant.slice(0, 10))
    problems.push(`${what}: got ${ours}, expected ${instant}`);
}

function expectedBankTransactionCode(btc: Json): string | undefined {
  if (btc?.getDomain) {
    const d = btc.getDomain;
    return [d.getCode, d.getFamily?.getCode, d.getFamily?.getSubFamilyCode].filter(Boolean).join('/');
  }
  return btc?.getProprietary?.getCode || undefined;
}

/** The counterparty is the debtor of money coming in and the creditor of money going out. */
function expectedCounterparty(detail: Json, credit: boolean): { name?: string; account?: string } | undefined {
  const wanted = credit ? ['Debtor', 'UltimateDebtor'] : ['Creditor', 'UltimateCreditor'];
  const parties = (detail.getRelatedParties ?? []).filter((p: Json) => p !== RECURSIVE);
  for (const type of wanted) {
    const party = parties.find((p: Json) => String(p.getRelatedPartyType?.__CLASS__ ?? '').endsWith(`\\${type}`));
    if (party)
      return {
        name: party.getRelatedPartyType?.getName ?? undefined,
        account: party.getAccount?.getIdentification ?? undefined,
      };
  }
  return undefined;
}

function compareDetail(
  where: string,
  d: Json,
  ours: TransactionDetail | BankTransaction,
  credit: boolean,
  problems: string[],
) {
  const check = (what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected)
      problems.push(`${where} ${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  const refs = d.getReference ?? {};
  check('end-to-end id', ours.endToEndId, refs.getEndToEndId ?? undefined);
  const instruction = 'instructionId' in ours ? ours.instructionId : (ours as BankTransaction).customerReference;
  check('instruction id', instruction, refs.getInstructionId ?? undefined);
  if (refs.getAccountServicerReference)
    check('detail AcctSvcrRef', ours.accountServicerReference, refs.getAccountServicerReference);

  const rmt = d.getRemittanceInformation;
  const unstructured: string[] = (rmt?.getUnstructuredBlocks ?? []).map((b: Json, i: number) =>
    b === RECURSIVE && i === 0 ? rmt.getUnstructuredBlock.getMessage : b.getMessage,
  );
  const structured: string[] = (rmt?.getStructuredBlocks ?? [])
    .map((b: Json, i: number) => (b === RECURSIVE && i === 0 ? rmt.getStructuredBlock : b))
    // A block's creditor reference already written as the message's one is a back-reference too.
    .map(
      (b: Json) =>
        (b?.getCreditorReferenceInformation === RECURSIVE
          ? rmt.getCreditorReferenceInformation
          : b?.getCreditorReferenceInformation
        )?.getRef,
    )
    .filter((r: unknown): r is string => typeof r === 'string');
  check('unstructured remittance', JSON.stringify(ours.remittanceUnstructured), JSON.stringify(unstructured));
  const ourRefs = 'creditorReferences' in ours && ours.creditorReferences ? ours.creditorReferences : [];
  check('creditor references', JSON.stringify(ourRefs), JSON.stringify(structured));
  // genkgo's "message": the first Ustrd line, or the creditor reference when there is no free text.
  if (rmt?.getMessage) {
    const message = ours.remittanceUnstructured[0] ?? ourRefs[0];
    check('remittance message', message, rmt.getMessage);
  }
  if (rmt?.getCreditorReferenceInformation?.getRef && 'creditorReference' in ours) {
    check('creditor reference', ours.creditorReference, rmt.getCreditorReferenceInformation.getRef);
  }

  const party = expectedCounterparty(d, credit);
  check('counterparty name', squash(ours.counterpartyName) || undefined, party?.name ?? undefined);
  const ourAccount =
    ours.counterpartyIban ?? ('counterpartyAccountId' in ours ? ours.counterpartyAccountId : undefined);
  check('counterparty account', ourAccount, party?.account ?? undefined);
}

function compareRecord(where: string, record: Json, statement: Statement, problems: string[]) {
  const check = (what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected)
      problems.push(`${where} ${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  check('id', statement.id, record.getId ?? undefined);
  check('account', statement.accountIban ?? statement.accountId, record.getAccount?.getIdentification);
  check('account name', statement.accountName, record.getAccount?.getName ?? undefined);
  check('electronic sequence', statement.sequenceNumber, record.getElectronicSequenceNumber ?? undefined);
  check('legal sequence', statement.statementNumber, record.getLegalSequenceNumber ?? undefined);
  const created = camtInstant(record.getCreatedOn);
  check('created', statement.createdAt && Date.parse(statement.createdAt), created && Date.parse(created));
  check('from', statement.fromDate, camtInstant(record.getFromDate)?.slice(0, 10));
  check('to', statement.toDate, camtInstant(record.getToDate)?.slice(0, 10));
  const balances = (record.getBalances ?? []).map((b: Json) => [
    b.getType,
    Number(b.getAmount.getAmount),
    b.getAmount.getCurrency.getCode,
    camtInstant(b.getDate)?.slice(0, 10),
  ]);
  check(
    'balances',
    JSON.stringify(statement.balances.map((b) => [b.type, b.amount.amount, b.amount.currency, b.date])),
    JSON.stringify(balances),
  );
}

describe('camt conformance with the genkgo/camt expected results', () => {
  it.each(files)('%s agrees with its .json', (name) => {
    const expected = loadCamtExpected(name);
    const statements = statementsOf(parseFixture('camt', name));
    const problems: string[] = [];
    const records = camtRecords(expected);
    expect(statements.length, 'records').toBe(expected.getRecords.length);
    records.forEach((record, i) => {
      const statement = statements[i];
      if (statement) compareRecord(`${name} record ${i}`, record, statement, problems);
    });
    const entries: Json[] = expected.getEntries;
    const transactions = statements.flatMap((s) => s.transactions);
    // No entry of the corpus can be split per detail (the details carry no amount in the entry currency).
    expect(transactions.length, 'entries').toBe(entries.length);
    entries.forEach((entry, i) => {
      const tx = transactions[i] as BankTransaction;
      const where = `${name} entry ${i}`;
      const check = (what: string, actual: unknown, expectedValue: unknown) => {
        if (actual !== expectedValue)
          problems.push(`${where} ${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expectedValue)}`);
      };
      check('amount', tx.amount.amount, Number(entry.getAmount.getAmount));
      check('currency', tx.amount.currency, entry.getAmount.getCurrency.getCode);
      check('sign', Math.sign(tx.amount.amount) <= 0, entry.getCreditDebitIndicator === 'DBIT');
      check('status', tx.status, STATUS[entry.getStatus]);
      check('reversal', tx.reversal, entry.getReversalIndicator === true);
      compareDate(`${where} booking date`, tx.bookingDate, tx.bookingDateTime, entry.getBookingDate, problems);
      compareDate(`${where} value date`, tx.valueDate, undefined, entry.getValueDate, problems);
      check('AcctSvcrRef', tx.accountServicerReference, entry.getAccountServicerReference ?? undefined);
      check('bank transaction code', tx.bankTransactionCode, expectedBankTransactionCode(entry.getBankTransactionCode));
      if (entry.getAdditionalInfo) check('additional entry info', tx.additionalInfo?.[0], entry.getAdditionalInfo);
      const details = camtDetails(entry);
      const credit = entry.getCreditDebitIndicator === 'CRDT';
      if (details.length === 1) compareDetail(`${where} detail 0`, details[0], tx, credit, problems);
      else if (details.length > 1) {
        check('details', tx.details?.length, details.length);
        details.forEach((d, k) => {
          const mine = tx.details?.[k];
          if (mine) compareDetail(`${where} detail ${k}`, d, mine, credit, problems);
        });
      } else check('details', tx.details, undefined);
    });
    expect(problems).toEqual([]);
  });

  it('maps all ten balance types, PRCD as the opening balance', () => {
    const [statement] = statementsOf(parseFixture('camt', 'camt053.v2.all-balance-types.xml'));
    expect(statement?.balances.map((b) => [b.code, b.type])).toEqual([
      ['OPBD', 'opening'],
      ['PRCD', 'opening'],
      ['OPAV', 'opening_available'],
      ['CLBD', 'closing'],
      ['CLAV', 'closing_available'],
      ['FWAV', 'forward_available'],
      ['INFO', 'information'],
      ['ITAV', 'interim_available'],
      ['ITBD', 'interim'],
      ['XPCD', 'expected_credit'],
    ]);
  });

  it('maps the v4 and v6 reports the same way (only names and a date differ)', () => {
    const strip = (name: string) =>
      statementsOf(parseFixture('camt', name)).map((s) => ({
        ...s,
        balances: s.balances.map((b) => ({ ...b, date: undefined })),
      }));
    const v4 = JSON.stringify(strip('camt052.v4.xml')).replaceAll('- 4 -', '- N -');
    const v6 = JSON.stringify(strip('camt052.v6.xml')).replaceAll('- 6 -', '- N -');
    expect(v6).toBe(v4);
  });

  it('keeps the calendar date of a DtTm in its own offset and the instant as written', () => {
    const [statement] = statementsOf(parseFixture('camt', 'camt053.v8.xml'));
    expect(statement?.transactions[0]).toMatchObject({
      bookingDate: '2014-12-31',
      bookingDateTime: '2014-12-31T13:15:00+01:00',
    });
  });

  it('reads the v8 creditor given only as an agent', () => {
    const [statement] = statementsOf(parseFixture('camt', 'camt054.v8-with-financial-institution.xml'));
    expect(statement?.transactions[0]?.counterpartyName).toBe('Example Creditor 3 - V1');
  });

  it('keeps a three-detail notification entry whole and lists its details', () => {
    const [statement] = statementsOf(parseFixture('camt', 'camt054.v2.xml'));
    const [tx] = statement?.transactions ?? [];
    expect(tx?.amount).toEqual({ amount: -20000000, currency: 'SEK' });
    expect(tx?.details?.map((d) => d.creditorReferences)).toEqual([
      ['ISR ref number V1'],
      ['ISR ref number V2'],
      ['Ref number V3 block 1', 'Ref number V3 block 2'],
    ]);
    expect(tx?.remittanceUnstructured).toEqual([
      'Unstructured Remittance Information V1',
      'Unstructured Remittance Information V3 block 1',
      'Unstructured Remittance Information V3 block 2',
    ]);
  });
});
