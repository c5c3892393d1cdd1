/**
 * Fault: two workers change the same invoice at the same moment — the provider worker records Sellsy's amended
 * invoice while the bank worker applies a payment to it — each through its own DynamoDB client, both having read
 * the same revision before either writes (the client hook holds each one's invoice write until both are there).
 * Guarantee: optimistic writes (a revision per invoice, conditional puts) make the loser re-read and re-apply:
 * both changes land, the revision counts each write once, and ledger and aggregate follow the last write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import { money } from '#shared/domain/money.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { makeApplyBankDecision } from '#shared/use-cases/apply-bank-decision.ts';
import { makeRecordBankLines } from '#shared/use-cases/record-bank-lines.ts';
import { TEST_CREDENTIALS } from '../support/dynamo.ts';
import { checkInvariants } from './invariants.ts';
import {
  bankDeps,
  barrier,
  type DynamoHook,
  hookDynamo,
  type SellsyPipeline,
  sellsyInvoice,
  startSellsyPipeline,
  writeKey,
} from './support.ts';

const T0 = 1_793_700_000;
const ID = invoiceId('sellsy', '701');

describe('fault: two workers update the same invoice at once', () => {
  let p: SellsyPipeline;
  let bankDb: DynamoDocuments;
  beforeAll(async () => {
    p = await startSellsyPipeline();
    // The bank worker: another process, another DynamoDB client, the same table.
    bankDb = new DynamoDocuments({
      region: 'eu-west-3',
      endpoint: p.table.emulator.endpoint,
      credentials: TEST_CREDENTIALS,
    });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('applies a payment and a provider update made concurrently: both kept, one revision each', async () => {
    p.sellsy.invoices.set('701', sellsyInvoice(701));
    expect((await p.deliver('invoice', 701, 'created', T0)).status).toBe(200);
    await p.queue.drain();
    const before = await p.table.stores.invoices.get(ID);
    expect(before?.value).toMatchObject({ total: 120000, allocated: 0, state: 'open' });

    const bankTable = {
      db: bankDb,
      tableName: p.table.tableName,
      stores: {
        invoices: new DynamoInvoiceRepository(bankDb, p.table.tableName),
        customers: new DynamoCustomerRepository(bankDb, p.table.tableName),
        timeline: new DynamoTimelineRepository(bankDb, p.table.tableName),
      },
    };
    const bank = bankDeps(bankTable, p.clock);
    // A transfer of EUR 400 with no reference: left for a person to match.
    const { outcomes } = await makeRecordBankLines(bank)(
      [
        {
          key: 'faults-transfer-1',
          bookingDate: '2026-11-03',
          amount: money(40000, 'EUR'),
          reversal: false,
          status: 'booked',
          counterpartyName: 'M. DURAND',
          remittanceUnstructured: ['VIREMENT'],
          referredDocumentNumbers: [],
        },
      ],
      { source: 'file' },
    );
    const transactionId = outcomes[0]?.transactionId as string;
    expect(outcomes[0]?.outcome).not.toBe('auto_applied');

    // Each worker's first write of the invoice waits until both have read it and are about to write.
    const race = barrier(2);
    let invoiceWrites = 0;
    const holdInvoiceWrite = (): DynamoHook => {
      let first = true;
      return async (operation, input) => {
        const { pk, sk } = writeKey(operation, input);
        if (pk !== `INVOICE#${ID}` || sk !== 'INVOICE') return;
        invoiceWrites++;
        if (first) {
          first = false;
          await race.wait();
        }
      };
    };
    const providerHook = hookDynamo(p.table.db, holdInvoiceWrite());
    const bankHook = hookDynamo(bankDb, holdInvoiceWrite());

    // Sellsy amended the invoice (EUR 1,000, due later) while a person applies the transfer to it.
    p.sellsy.invoices.set(
      '701',
      sellsyInvoice(701, {
        due_date: '2026-12-15',
        updated: '2026-11-03T10:00:00+01:00',
        amounts: { total_incl_tax: '1000.000', total_remaining_due_incl_tax: '1000.000' },
      }),
    );
    const providerUpdate = (async () => {
      expect((await p.deliver('invoice', 701, 'updated', T0 + 60)).status).toBe(200);
      await p.queue.drain();
    })();
    const payment = makeApplyBankDecision(bank)(transactionId, {
      kind: 'manual',
      allocations: [{ invoiceId: ID, amount: money(40000, 'EUR') }],
      actor: { kind: 'user', id: 'comptable' },
    });
    await Promise.all([providerUpdate, payment]);
    providerHook.off();
    bankHook.off();

    // Both were held at the same revision: one write won, the other was refused and redone on top of it.
    expect(race.arrived).toBe(2);
    expect(invoiceWrites).toBe(3);
    const after = await p.table.stores.invoices.get(ID);
    expect(after?.value).toMatchObject({
      total: 100000,
      dueDate: '2026-12-15',
      allocated: 40000,
      state: 'partially_paid',
    });
    expect(after?.rev).toBe((before?.rev ?? 0) + 2);
    const types = (await p.table.stores.timeline.forInvoice(ID)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['invoice.updated', 'payment.applied']));
    expect((await p.events.get('sellsy', `invoice:701:updated:${T0 + 60}`))?.state).toBe('processed');

    const report = await checkInvariants(p.table, { invoices: [ID] });
    const customer = await p.table.stores.customers.get(report.invoices[0]?.customerId ?? '');
    expect(customer?.aggregate.balances).toEqual([{ amount: 60000, currency: 'EUR' }]);
  });
});
