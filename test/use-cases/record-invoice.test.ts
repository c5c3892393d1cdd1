import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceId } from '#shared/domain/ids.ts';
import { listInvoices, receivablesOverview } from '#shared/use-cases/read-models.ts';
import { type InvoiceInput, makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { makeUpdateCustomer } from '#shared/use-cases/update-customer.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

const actor = { kind: 'integration', id: 'api' } as const;

function input(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    source: 'api',
    externalId: 'INV-77',
    number: 'F-2026-077',
    customer: { externalId: 'C-9', name: 'Acme SAS', email: 'compta@acme.example', vatNumber: 'FR40303265045' },
    issueDate: '2026-11-02',
    dueDate: '2026-12-02',
    currency: 'EUR',
    total: 120000,
    amountPaid: 0,
    ...overrides,
  };
}

describe('record invoice (against dynalite)', () => {
  let table: TestTable;
  const clock = fixedClock('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.close());

  const record = () => makeRecordInvoice({ ...table.stores, clock });

  it('the same payload twice gives one invoice and one timeline entry', async () => {
    // Act
    const first = await record()(input(), actor);
    const second = await record()(input(), actor);
    // Assess
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, changed: false });
    const page = await table.stores.invoices.listByCustomer(first.invoice.customerId);
    expect(page.items).toHaveLength(1);
    const timeline = await table.stores.timeline.forInvoice(first.invoice.id);
    expect(timeline.map((e) => e.type)).toEqual(['invoice.created']);
  });

  it('an older version is ignored, a newer one applied', async () => {
    const rec = record();
    await rec(input({ externalId: 'V-1', number: 'F-V1', version: 5 }), actor);
    const older = await rec(input({ externalId: 'V-1', number: 'F-V1', version: 4, total: 1 }), actor);
    expect(older.changed).toBe(false);
    expect(older.invoice.total).toBe(120000);
    const newer = await rec(input({ externalId: 'V-1', number: 'F-V1', version: 6, amountPaid: 120000 }), actor);
    expect(newer.invoice.state).toBe('paid');
    const stored = await table.stores.invoices.get(invoiceId('api', 'V-1'));
    expect(stored?.value.state).toBe('paid');
    expect(stored?.value.sourceVersion).toBe('00000000000000000006');
  });

  it('finds the customer again by source id, then by VAT number from another source', async () => {
    const rec = record();
    const a = await rec(input({ externalId: 'C1-A' }), actor);
    const b = await rec(
      input({
        source: 'sellsy',
        externalId: 'S-1',
        customer: { externalId: '555', name: 'ACME', vatNumber: 'FR40303265045' },
      }),
      actor,
    );
    expect(b.invoice.customerId).toBe(a.invoice.customerId);
    expect(await table.stores.customers.findByKey('source', 'sellsy:555')).toBe(a.invoice.customerId);
  });

  it('keeps the customer aggregate up to date on every change', async () => {
    const rec = record();
    const customer = { externalId: 'AGG', name: 'Dupont SARL' };
    await rec(
      input({ externalId: 'A1', number: 'A1', customer, issueDate: '2026-10-10', dueDate: '2026-11-10', total: 10000 }),
      actor,
    );
    await rec(input({ externalId: 'A2', number: 'A2', customer, dueDate: '2026-12-10', total: 5000 }), actor);
    const { invoice } = await rec(
      input({ externalId: 'A3', number: 'A3', customer, issueDate: '2026-09-10', dueDate: '2026-10-10', total: 700 }),
      actor,
    );
    let c = await table.stores.customers.get(invoice.customerId);
    expect(c?.aggregate.balances).toEqual([{ amount: 15700, currency: 'EUR' }]);
    expect(c?.aggregate.oldestDueDate).toBe('2026-10-10');
    await rec(
      input({
        externalId: 'A3',
        number: 'A3',
        customer,
        issueDate: '2026-09-10',
        dueDate: '2026-10-10',
        total: 700,
        amountPaid: 700,
      }),
      actor,
    );
    c = await table.stores.customers.get(invoice.customerId);
    expect(c?.aggregate.balances).toEqual([{ amount: 15000, currency: 'EUR' }]);
    expect(c?.aggregate.oldestDueDate).toBe('2026-11-10');
    const overview = await receivablesOverview(table.stores, '2026-11-23');
    const mine = overview.debtors.find((d) => d.customer.id === invoice.customerId);
    expect(mine?.overdue).toEqual([{ amount: 10000, currency: 'EUR' }]);
    expect(mine?.oldestOverdueDays).toBe(13);
  });

  it('concurrent deliveries of different versions end on the newest, with one invoice', async () => {
    const rec = record();
    const versions = [3, 1, 4, 2, 5, 5, 4];
    await Promise.all(
      versions.map((v) => rec(input({ externalId: 'RACE', number: 'RACE', version: v, amountPaid: v * 1000 }), actor)),
    );
    const stored = await table.stores.invoices.get(invoiceId('api', 'RACE'));
    expect(stored?.value.amountPaid).toBe(5000);
    const byState = await listInvoices(
      table.stores,
      { status: 'all', customerId: stored?.value.customerId },
      '2026-11-23',
    );
    expect(byState.items.filter((i) => i.number === 'RACE')).toHaveLength(1);
  });

  it('finishes recording the timeline of a change interrupted after the write', async () => {
    // Prepare: the invoice is written with its outbox, then the writer "dies" before appending the event.
    const rec = record();
    const { invoice } = await rec(input({ externalId: 'CRASH', number: 'CRASH' }), actor);
    const stored = await table.stores.invoices.get(invoice.id);
    const lost = {
      ...stored!.outbox[0]!,
      id: 'evt_lost',
      type: 'invoice.updated' as const,
      summary: 'lost',
    };
    await table.stores.invoices.put({ ...stored!.value, total: 130000, contentHash: 'x' }, stored!.rev, [lost]);
    // Act: a redelivery of the newest data
    await rec(input({ externalId: 'CRASH', number: 'CRASH', total: 130000 }), actor);
    // Assess
    const timeline = await table.stores.timeline.forInvoice(invoice.id);
    expect(timeline.map((e) => e.id)).toContain('evt_lost');
  });

  it('updates a customer and records why, keeping a concurrent aggregate write', async () => {
    const rec = record();
    const { invoice } = await rec(
      input({ externalId: 'P1', number: 'P1', customer: { externalId: 'PATCH', name: 'Patch SA' } }),
      actor,
    );
    const update = makeUpdateCustomer({ ...table.stores, clock });
    const result = await update(
      invoice.customerId,
      { segment: 'key-accounts', pausedUntil: '2026-12-31' },
      { kind: 'user', id: 'u1' },
    );
    expect(result.changed).toBe(true);
    const again = await update(invoice.customerId, { segment: 'key-accounts' }, { kind: 'user', id: 'u1' });
    expect(again.changed).toBe(false);
    const c = await table.stores.customers.get(invoice.customerId);
    expect(c?.value.segment).toBe('key-accounts');
    expect(c?.aggregate.balances).toEqual([{ amount: 120000, currency: 'EUR' }]);
    const events = await table.stores.timeline.forCustomer(invoice.customerId);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['customer.created', 'customer.updated', 'invoice.created']),
    );
    await expect(update(invoice.customerId, { timeZone: 'Nowhere/City' }, { kind: 'user', id: 'u1' })).rejects.toThrow(
      /timeZone/,
    );
  });
});

describe('persistence across a restart', () => {
  it('keeps every record when dynalite is stopped and started on the same folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relance-dynalite-'));
    try {
      const clock = fixedClock('2026-11-23T09:00:00Z');
      const first = await startTestTable({ path: dir });
      const { invoice } = await makeRecordInvoice({ ...first.stores, clock })(input(), actor);
      await first.close();

      const second = await startTestTable({ path: dir });
      const stored = await second.stores.invoices.get(invoice.id);
      const timeline = await second.stores.timeline.forInvoice(invoice.id);
      const customer = await second.stores.customers.get(invoice.customerId);
      await second.close();

      expect(stored?.value.number).toBe('F-2026-077');
      expect(timeline).toHaveLength(1);
      expect(customer?.aggregate.balances).toEqual([{ amount: 120000, currency: 'EUR' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
