/**
 * Fault: the webhook arrives before the provider's API can read the record (Sellsy, like most providers, notifies
 * before its read side has the new invoice: GET answers 404 for a while).
 * Guarantee: the event is stored at once, retried by the queue while the record is unreadable, kept as a failed
 * event (listed, replayable) when it stays unreadable past the retries — and ends as the invoice either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceId } from '#shared/domain/ids.ts';
import { checkInvariants } from './invariants.ts';
import { type SellsyPipeline, sellsyInvoice, startSellsyPipeline } from './support.ts';

const T0 = 1_793_700_000;

describe('fault: webhook before the record is readable', () => {
  let p: SellsyPipeline;
  beforeAll(async () => {
    p = await startSellsyPipeline({ queue: { maxAttempts: 4 } });
  });
  afterAll(async () => p?.close());

  it('retries a 404 on a created invoice instead of dropping the event, and replays it when retries run out', async () => {
    // Sellsy has created invoice 501; its API answers 404 to the first two reads.
    p.sellsy.invoices.set('501', sellsyInvoice(501));
    p.sellsy.faults.set('GET /v2/invoices', [{ status: 404 }, { status: 404 }]);

    expect((await p.deliver('invoice', 501, 'created', T0)).status).toBe(200);
    await p.queue.drain();

    const first = await p.table.stores.invoices.get(invoiceId('sellsy', '501'));
    expect(first?.value).toMatchObject({ number: 'F-SL-501', total: 120000, state: 'open' });
    const firstEvent = await p.events.get('sellsy', `invoice:501:created:${T0}`);
    expect(firstEvent).toMatchObject({ state: 'processed', attempts: 2 });
    expect(firstEvent?.reason).toMatch(/not readable/);

    // Sellsy delivers the same notification again (at-least-once): recognised, nothing fetched or written.
    const calls = p.sellsy.calls('GET /v2/invoices');
    const again = await p.deliver('invoice', 501, 'created', T0);
    expect(again).toEqual({ status: 200, body: { received: 0, duplicates: 1 } });
    await p.queue.drain();
    expect(p.sellsy.calls('GET /v2/invoices')).toBe(calls);
    expect((await p.table.stores.invoices.get(invoiceId('sellsy', '501')))?.rev).toBe(first?.rev);

    // Invoice 502 stays unreadable longer than the queue retries (4 attempts): the event is kept, not lost.
    p.sellsy.invoices.set(
      '502',
      sellsyInvoice(502, { amounts: { total_incl_tax: '300.000', total_remaining_due_incl_tax: '300.000' } }),
    );
    p.sellsy.faults.set(
      'GET /v2/invoices',
      Array.from({ length: 4 }, () => ({ status: 404 as const })),
    );
    expect((await p.deliver('invoice', 502, 'created', T0 + 60)).status).toBe(200);
    await p.queue.drain();

    expect(p.queue.deadLetters.map((d) => d.message.body)).toEqual([
      { provider: 'sellsy', eventId: `invoice:502:created:${T0 + 60}` },
    ]);
    expect(await p.table.stores.invoices.get(invoiceId('sellsy', '502'))).toBeUndefined();
    const failed = (await p.events.listFailed({ provider: 'sellsy' })).items;
    expect(failed.map((e) => [e.eventId, e.attempts])).toEqual([[`invoice:502:created:${T0 + 60}`, 4]]);

    // The record became readable: replaying the failed events finishes the job.
    expect(await p.replay('sellsy')).toEqual({ queued: 1, stillMalformed: 0 });
    await p.queue.drain();
    expect((await p.table.stores.invoices.get(invoiceId('sellsy', '502')))?.value).toMatchObject({
      total: 30000,
      state: 'open',
    });
    expect((await p.events.get('sellsy', `invoice:502:created:${T0 + 60}`))?.state).toBe('processed');
    expect((await p.events.listFailed({ provider: 'sellsy' })).items).toEqual([]);

    const report = await checkInvariants(p.table, {
      invoices: [invoiceId('sellsy', '501'), invoiceId('sellsy', '502')],
    });
    expect(report.invoices).toHaveLength(2);
  });
});
