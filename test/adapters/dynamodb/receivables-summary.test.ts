/**
 * The company-wide receivables summary (one digest per customer in a few shard items) against dynalite: it follows
 * every profile and aggregate write, a redelivered or out-of-order sync changes nothing, a run that stopped after
 * the aggregate but before the summary is repaired by running it again, and it can be rebuilt from the customers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDigest, encodeDigest, SUMMARY_SHARDS, shardOf } from '#shared/adapters/dynamodb/receivables-summary.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import { type CustomerDigest, digestOf } from '#shared/domain/receivables/customer-digest.ts';
import { makeChangeInvoiceState } from '#shared/use-cases/change-invoice-state.ts';
import { rebuildReceivablesSummary } from '#shared/use-cases/rebuild-summary.ts';
import { type InvoiceInput, makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { makeUpdateCustomer } from '#shared/use-cases/update-customer.ts';
import { fixedClock, startTestTable, type TestTable } from '../../support/dynamo.ts';
import { scanAll } from '../../support/table-scan.ts';

const actor = { kind: 'integration', id: 'api' } as const;
const person = { kind: 'user', id: 'u-1' } as const;

function input(n: number, customer: string, overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    source: 'api',
    externalId: `S-${customer}-${n}`,
    number: `F-${customer}-${n}`,
    customer: { externalId: customer, name: `Client ${customer}`, email: `compta@${customer}.example` },
    issueDate: '2026-09-02',
    dueDate: n % 2 ? '2026-10-02' : '2026-12-15',
    currency: 'EUR',
    total: 10_000 * n,
    amountPaid: 0,
    ...overrides,
  };
}

/** The digest the summary should hold for a customer: computed from the stored record. */
async function expectedDigest(table: TestTable, customerId: string): Promise<CustomerDigest | undefined> {
  const stored = await table.stores.customers.get(customerId);
  if (!stored) throw new Error(`no customer ${customerId}`);
  return digestOf(stored.value, stored.aggregate);
}

async function summaryOf(table: TestTable, customerId: string): Promise<CustomerDigest | undefined> {
  return (await table.stores.customers.readSummary()).find((d) => d.customerId === customerId);
}

describe('receivables summary (against dynalite)', () => {
  let table: TestTable;
  const clock = fixedClock('2026-11-23T09:00:00Z');
  const deps = () => ({ ...table.stores, clock });

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.close());

  it('encodes and decodes a digest without loss', () => {
    const digest: CustomerDigest = {
      customerId: 'cus_1',
      legalName: 'Café « Le Zinc » & Fils',
      segment: 'smb',
      planId: 'strict',
      pausedUntil: '2026-12-01',
      needsReview: true,
      dues: [
        { dueDate: '2026-10-01', currency: 'EUR', balance: 1200, count: 1 },
        { dueDate: '2026-10-01', currency: 'USD', balance: 700, count: 1 },
        { dueDate: '2026-11-01', currency: 'USD', balance: 4300, count: 3 },
      ],
      balances: [
        { currency: 'USD', amount: 5000 },
        { currency: 'EUR', amount: 1200 },
      ],
      sales: [
        { month: '2026-10', currency: 'EUR', amount: 1200 },
        { month: '2026-10', currency: 'USD', amount: 5000 },
        { month: '2026-09', currency: 'EUR', amount: 300 },
      ],
    };
    expect(decodeDigest('cus_1', encodeDigest(digest))).toEqual(digest);
  });

  it('spreads customers over every shard', () => {
    const used = new Set(Array.from({ length: 2000 }, (_, i) => shardOf(`cus_${i}`)));
    expect(used.size).toBe(SUMMARY_SHARDS);
  });

  it('follows invoices recorded, paid and voided, and profile edits', async () => {
    const record = makeRecordInvoice(deps());
    const a = await record(input(1, 'fol'), actor);
    await record(input(2, 'fol'), actor);
    const id = a.invoice.customerId;
    expect(await summaryOf(table, id)).toEqual(await expectedDigest(table, id));
    expect((await summaryOf(table, id))?.dues).toEqual([
      { dueDate: '2026-10-02', currency: 'EUR', balance: 10_000, count: 1 },
      { dueDate: '2026-12-15', currency: 'EUR', balance: 20_000, count: 1 },
    ]);

    await record(input(1, 'fol', { amountPaid: 10_000 }), actor);
    await makeUpdateCustomer(deps())(id, { segment: 'key-accounts', legalName: 'Fol & Co' }, person);
    const after = await summaryOf(table, id);
    expect(after).toEqual(await expectedDigest(table, id));
    expect(after).toMatchObject({ legalName: 'Fol & Co', segment: 'key-accounts' });
    expect(after?.dues.map((g) => g.balance)).toEqual([20_000]);
  });

  it('drops a customer with nothing open and no sales left', async () => {
    const record = makeRecordInvoice(deps());
    const { invoice } = await record(input(3, 'void'), actor);
    expect(await summaryOf(table, invoice.customerId)).toBeDefined();
    await makeChangeInvoiceState(deps())(invoice.id, 'void', {
      actor: person,
      reason: 'duplicate',
      requestId: 'r-void',
    });
    expect(await summaryOf(table, invoice.customerId)).toBeUndefined();
    // A late, repeated sync of the same record brings nothing back.
    await table.stores.customers.syncSummary(invoice.customerId);
    expect(await summaryOf(table, invoice.customerId)).toBeUndefined();
  });

  it('ends on the stored record whatever the order of concurrent writers', async () => {
    const record = makeRecordInvoice(deps());
    const first = await record(input(1, 'race'), actor);
    const id = first.invoice.customerId;
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => record(input(i + 2, 'race'), actor)),
      makeUpdateCustomer(deps())(id, { segment: 'racing' }, person),
      ...Array.from({ length: 4 }, () => table.stores.customers.syncSummary(id)),
    ]);
    const digest = await summaryOf(table, id);
    expect(digest).toEqual(await expectedDigest(table, id));
    // Seven invoices on two due dates (odd numbers on one, even on the other).
    expect(digest?.dues.map((g) => g.count)).toEqual([4, 3]);
    expect(digest?.segment).toBe('racing');
  });

  it('a run that stopped before the summary write is completed by running it again', async () => {
    const record = makeRecordInvoice(deps());
    // The process dies right before the run's second summary write: the new customer's entry is written, then
    // the invoice, its ledger entry and the customer's aggregate, and the summary write that follows never happens.
    let crashing = true;
    let summaryWrites = 0;
    const hook = table.db.service.intercept(({ operation, input }) => {
      const pk = (input as { Key?: { pk?: unknown } }).Key?.pk;
      const summaryWrite = operation === 'UpdateItem' && typeof pk === 'string' && pk.startsWith('SUMMARY#');
      if (crashing && summaryWrite && ++summaryWrites === 2) throw new Error('crash before the summary write');
    });
    await expect(record(input(4, 'crash'), actor)).rejects.toThrow('crash before the summary write');
    crashing = false;
    hook.off();
    const id = (await table.stores.invoices.get(invoiceId('api', 'S-crash-4')))?.value.customerId as string;
    expect(id).toBeDefined();
    expect(await summaryOf(table, id)).toBeUndefined();
    // The redelivered change finds the aggregate already right and completes the summary.
    await record(input(4, 'crash'), actor);
    expect(await summaryOf(table, id)).toEqual(await expectedDigest(table, id));
  });

  it('is rebuilt from the customers', async () => {
    const before = (await table.stores.customers.readSummary()).sort((x, y) =>
      x.customerId.localeCompare(y.customerId),
    );
    expect(before.length).toBeGreaterThan(2);
    const shards = await scanAll(table.db, table.tableName, (item) => String(item.pk).startsWith('SUMMARY#'));
    expect(shards.length).toBeGreaterThan(0);
    for (const { pk, sk } of shards) await table.db.delete({ TableName: table.tableName, Key: { pk, sk } });
    expect(await table.stores.customers.readSummary()).toEqual([]);
    const { customers } = await rebuildReceivablesSummary(table.stores);
    expect(customers).toBeGreaterThanOrEqual(before.length);
    const after = (await table.stores.customers.readSummary()).sort((x, y) => x.customerId.localeCompare(y.customerId));
    expect(after).toEqual(before);
  });
});
