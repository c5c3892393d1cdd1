/**
 * Fault: two bank workers (two imports, or a Qonto webhook and an import) each match a different credit to the
 * same open invoice at the same moment — both quote its RF reference and its exact amount, both built their
 * matching index while the invoice was still open, and each holds its allocation write until the other is there.
 * Guarantee: the matcher is never wrong when it acts alone. Whichever worker finds the invoice paid beyond its
 * total withdraws its automatic application and hands the credit to a person: the invoice is never overpaid by
 * the matcher, at most one credit stays applied, the other waits in review, and the invariants hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import type { BankLine } from '#shared/domain/bank/bank-transaction.ts';
import { money } from '#shared/domain/money.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { makeRecordBankLines } from '#shared/use-cases/record-bank-lines.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { fixedClock, startTestTable, TEST_CREDENTIALS, type TestTable } from '../support/dynamo.ts';
import { checkInvariants } from './invariants.ts';
import { bankDeps, barrier, hookDynamo, writeKey } from './support.ts';

describe('fault: two workers auto-apply different credits to the same invoice at once', () => {
  let table: TestTable;
  const clock = fixedClock('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => {
    await table?.close();
  });

  /** A worker in its own process: its own DynamoDB client on the same table. */
  function worker() {
    const db = new DynamoDocuments({
      region: 'eu-west-3',
      endpoint: table.emulator.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    const stores = {
      invoices: new DynamoInvoiceRepository(db, table.tableName),
      customers: new DynamoCustomerRepository(db, table.tableName),
      timeline: new DynamoTimelineRepository(db, table.tableName),
    };
    return { db, deps: bankDeps({ db, tableName: table.tableName, stores }, clock) };
  }

  it('never leaves the invoice overpaid by the matcher: one credit applied at most, the other in review', async () => {
    const { invoice } = await makeRecordInvoice({ ...table.stores, clock })(
      {
        source: 'api',
        externalId: 'RACE-1',
        number: 'F-2026-0777',
        customer: { externalId: 'C-RACE', name: 'Boulangerie Martin SARL' },
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        currency: 'EUR',
        total: 84_000,
        amountPaid: 0,
      },
      { kind: 'integration', id: 'api' },
    );
    const credit = (key: string): BankLine => ({
      key,
      bookingDate: '2026-11-20',
      amount: money(84_000, 'EUR'),
      reversal: false,
      status: 'booked',
      counterpartyName: 'BOULANGERIE MARTIN',
      remittanceUnstructured: [`${invoice.rfReference} F-2026-0777`],
      creditorReference: invoice.rfReference,
      referredDocumentNumbers: ['F-2026-0777'],
    });

    // Each worker's first allocation write waits until both are about to write one.
    const race = barrier(2);
    const hold = () => {
      let first = true;
      return async (operation: string, input: unknown) => {
        const { pk, sk } = writeKey(operation, input);
        if (first && pk === `INVOICE#${invoice.id}` && sk?.startsWith('ALLOC#')) {
          first = false;
          await race.wait();
        }
      };
    };
    const a = worker();
    const b = worker();
    hookDynamo(a.db, hold());
    hookDynamo(b.db, hold());
    const [ra, rb] = await Promise.all([
      makeRecordBankLines(a.deps)([credit('race-credit-a')], { source: 'file' }),
      makeRecordBankLines(b.deps)([credit('race-credit-b')], { source: 'file' }),
    ]);
    expect(race.arrived).toBe(2);

    const outcomes = [ra.outcomes[0]?.outcome, rb.outcomes[0]?.outcome];
    expect(outcomes.filter((o) => o === 'auto_applied').length).toBeLessThanOrEqual(1);
    expect(outcomes.every((o) => o === 'auto_applied' || o === 'review')).toBe(true);
    const stored = (await table.stores.invoices.get(invoice.id))?.value;
    if (!stored) throw new Error('invoice lost');
    // The balance stops at zero: the bank allocations are what would show an invoice paid twice.
    expect(stored.allocated).toBeLessThanOrEqual(stored.total);
    // What the outcomes say is what is stored: an applied credit paid the invoice, a withdrawn one waits.
    const ids = [ra.outcomes[0]?.transactionId, rb.outcomes[0]?.transactionId] as string[];
    const states = await Promise.all(ids.map(async (id) => (await a.deps.transactions.get(id))?.value.state));
    expect(states).toEqual(outcomes);
    expect(stored.state).toBe(outcomes.includes('auto_applied') ? 'paid' : 'open');
    await checkInvariants(table, { invoices: [invoice.id] });
  });
});
