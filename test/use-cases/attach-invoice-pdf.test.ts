import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAttachInvoicePdf } from '#shared/use-cases/attach-invoice-pdf.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';
import { MemoryBlobs } from '../support/memory-blobs.ts';

describe('attach invoice PDF', () => {
  let table: TestTable;
  const clock = fixedClock('2026-11-23T09:00:00Z');
  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.close());

  it('stores the file once, references it, and records it on the timeline once', async () => {
    const actor = { kind: 'integration', id: 'chargebee' } as const;
    const { invoice } = await makeRecordInvoice({ ...table.stores, clock })(
      {
        source: 'chargebee',
        externalId: '42',
        number: 'CB-42',
        customer: { externalId: 'cust', name: 'PDF SAS' },
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
        currency: 'EUR',
        total: 1000,
        amountPaid: 0,
      },
      actor,
    );
    const blobs = new MemoryBlobs();
    const attach = makeAttachInvoicePdf({ ...table.stores, clock, blobs });
    const pdf = new TextEncoder().encode('%PDF-1.4 invoice');
    const first = await attach(invoice.id, pdf, actor);
    const again = await attach(invoice.id, pdf, actor);
    expect(first.changed).toBe(true);
    expect(again.changed).toBe(false);
    expect(first.invoice.pdf).toMatchObject({ contentType: 'application/pdf', size: pdf.byteLength });
    expect(blobs.objects.get(first.invoice.pdf!.key)?.body).toEqual(pdf);
    const timeline = await table.stores.timeline.forInvoice(invoice.id);
    expect(timeline.filter((e) => e.type === 'invoice.pdf_attached')).toHaveLength(1);
  });
});
