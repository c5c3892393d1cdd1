/**
 * Fault: the provider's API answers 429, 500/503 or nothing in time — while the worker fetches what a webhook
 * announced, and while the catch-up sync lists what changed.
 * Guarantee: short faults are retried in-process (bounded back-off with jitter; 429 after its Retry-After);
 * longer ones, and a Retry-After longer than the worker may wait, hand the event back to the queue, which
 * redelivers it; a catch-up that fails records nothing, so the next run covers the same window. Every invoice
 * ends recorded once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceId } from '#shared/domain/ids.ts';
import { checkInvariants } from './invariants.ts';
import { type Fault, type SellsyPipeline, sellsyInvoice, startSellsyPipeline } from './support.ts';

const T0 = 1_793_700_000;
const id = (n: number) => invoiceId('sellsy', String(n));
const times = (n: number, fault: Fault): Fault[] => Array.from({ length: n }, () => fault);

describe('fault: provider API rate limits, errors and timeouts', () => {
  let p: SellsyPipeline;
  beforeAll(async () => {
    // A 250 ms request timeout stands for the product's 30 s; the retry policy keeps its 4 retries, with
    // millisecond waits instead of 500 ms–8 s.
    p = await startSellsyPipeline({ timeoutMs: 250, queue: { maxAttempts: 3 } });
  });
  afterAll(async () => p?.close());

  it('a webhook-triggered fetch survives 429, 500 and a timeout; a long outage goes back to the queue', async () => {
    for (const n of [601, 602, 605]) p.sellsy.invoices.set(String(n), sellsyInvoice(n));

    // 601: rate-limited (Retry-After: 0), then a 500, then no answer in time, then the record.
    p.sellsy.faults.set('GET /v2/invoices', [{ status: 429, retryAfter: '0' }, { status: 500 }, { hangMs: 1_000 }]);
    p.sellsy.faults.set('GET /v2/companies', [{ status: 503 }]);
    expect((await p.deliver('invoice', 601, 'created', T0)).status).toBe(200);
    await p.queue.drain();
    // All within the worker's own retries: the event never failed.
    expect(await p.events.get('sellsy', `invoice:601:created:${T0}`)).toMatchObject({
      state: 'processed',
      attempts: 0,
    });
    expect(p.sellsy.calls('GET /v2/invoices')).toBe(5); // 3 faults, the record, the re-read for the PDF link

    // 602: a Retry-After of an hour is not slept through: the queue redelivers the event instead.
    p.sellsy.faults.set('GET /v2/invoices', [{ status: 429, retryAfter: '3600' }]);
    expect((await p.deliver('invoice', 602, 'created', T0 + 10)).status).toBe(200);
    await p.queue.drain();
    const limited = await p.events.get('sellsy', `invoice:602:created:${T0 + 10}`);
    expect(limited).toMatchObject({ state: 'processed', attempts: 1 });
    expect(limited?.reason).toMatch(/rate-limited \(429\)/);

    // 605: down for longer than the in-process retries (1 + 4 attempts): redelivered by the queue, then done.
    p.sellsy.faults.set('GET /v2/invoices', times(5, { status: 500 }));
    expect((await p.deliver('invoice', 605, 'created', T0 + 20)).status).toBe(200);
    await p.queue.drain();
    const outage = await p.events.get('sellsy', `invoice:605:created:${T0 + 20}`);
    expect(outage).toMatchObject({ state: 'processed', attempts: 1 });
    expect(outage?.reason).toMatch(/failed \(500\); gave up after 5 attempts/);
    expect(p.queue.deadLetters).toEqual([]);

    await checkInvariants(p.table, { invoices: [id(601), id(602), id(605)] });
  });

  it('a catch-up sync that fails records nothing and the next one imports what the webhooks missed', async () => {
    // Two invoices whose webhooks were lost.
    for (const n of [603, 604]) p.sellsy.invoices.set(String(n), sellsyInvoice(n));

    // The search is down past the retries: the sync fails and does not move its cursor.
    p.sellsy.faults.set('POST /v2/invoices/search', times(5, { status: 503 }));
    await expect(p.sync('sellsy')).rejects.toThrow(/failed \(503\); gave up after 5 attempts/);
    expect((await p.connections.get('sellsy'))?.lastSyncedAt).toBeUndefined();
    expect(await p.table.stores.invoices.get(id(603))).toBeUndefined();

    // Next run: rate-limited, then no answer in time, then a 503 — all retried; then a worker fetch fails once.
    p.sellsy.faults.set('POST /v2/invoices/search', [
      { status: 429, retryAfter: '0' },
      { hangMs: 1_000 },
      { status: 503 },
    ]);
    p.sellsy.faults.set('GET /v2/invoices', [{ status: 500 }]);
    const run = await p.sync('sellsy');
    expect(run.queued).toBe(5); // 601–605 as listed now; the three already held change nothing
    await p.queue.drain();

    expect((await p.connections.get('sellsy'))?.lastSyncedAt).toBeDefined();
    for (const n of [603, 604]) {
      expect((await p.table.stores.invoices.get(id(n)))?.value).toMatchObject({ number: `F-SL-${n}`, state: 'open' });
    }
    expect((await p.events.listFailed({ provider: 'sellsy' })).items).toEqual([]);
    // The same window again queues nothing new.
    expect(await p.sync('sellsy')).toMatchObject({ queued: 0 });

    const report = await checkInvariants(p.table, { invoices: [601, 602, 603, 604, 605].map(id) });
    expect(report.invoices).toHaveLength(5);
  });
});
