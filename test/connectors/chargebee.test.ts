import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChargebeeClient } from '#shared/connectors/chargebee/client.ts';
import { ChargebeeWebhookReceiver, chargebeeEvent } from '#shared/connectors/chargebee/webhook.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import { TEST_TOKEN } from '../support/app.ts';
import {
  basic,
  CB_PASSWORD,
  CB_USER,
  CHARGEBEE_EVENT_TYPES,
  cbCreditNote,
  cbCustomer,
  cbEvent,
  cbInvoice,
  cbTransaction,
  contentFor,
} from './chargebee-fixtures.ts';
import { type FakeServer, pdfBytes, sequence, startFakeServer } from './support/fake-server.ts';
import { type Pipeline, startPipeline, storedEventCount } from './support/harness.ts';

const ID = invoiceId('chargebee', 'INV-1001');

describe('Chargebee webhook payloads', () => {
  it.each(CHARGEBEE_EVENT_TYPES)('reads %s into the right subject', (type) => {
    const event = chargebeeEvent(cbEvent(`ev_${type}`, type, contentFor(type)));
    const expected = type.startsWith('credit_note')
      ? 'credit_note'
      : type.startsWith('customer')
        ? 'customer'
        : /payment_(succeeded|failed|initiated|refunded)|refund_initiated|tax_withheld_refunded/.test(type)
          ? 'payment'
          : 'invoice';
    expect(event).toMatchObject({ provider: 'chargebee', eventId: `ev_${type}`, subject: expected });
    if (expected === 'payment' || expected === 'credit_note') {
      expect(event?.affectedInvoices).toEqual([{ id: 'INV-1001' }]);
    }
  });

  it('ignores event types that are not about receivables', () => {
    expect(chargebeeEvent(cbEvent('ev_sub', 'subscription_created', { subscription: {} }))).toBeUndefined();
  });
});

describe('Chargebee end to end (local pipeline)', () => {
  let fake: FakeServer;
  let p: Pipeline;
  const sleeps: number[] = [];
  let current = cbInvoice();

  beforeAll(async () => {
    fake = await startFakeServer();
    const client = new ChargebeeClient({
      siteUrl: fake.url,
      apiKey: 'test_key_secret',
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    p = await startPipeline({
      receivers: { chargebee: new ChargebeeWebhookReceiver({ user: CB_USER, password: CB_PASSWORD }) },
      sources: { chargebee: client },
    });
  });
  afterAll(async () => {
    await p.close();
    await fake.close();
  });
  afterEach(async () => {
    await p.queue.drain();
  });

  function serveApi() {
    fake.on('POST /api/v2/invoices/*/pdf', (req) => ({
      json: {
        download: {
          download_url: `${fake.url}/files/${req.path.split('/')[4]}.pdf?sig=abc`,
          valid_till: 1893456000,
          mime_type: 'application/pdf',
        },
      },
    }));
    fake.on('GET /files/*', (req) => ({ headers: { 'content-type': 'application/pdf' }, body: pdfBytes(req.path) }));
    fake.on('GET /api/v2/invoices/*', () => ({ json: { invoice: current } }));
    fake.on('GET /api/v2/customers/*', () => ({ json: { customer: cbCustomer() } }));
  }

  const post = (body: unknown, auth: string | null = basic()) =>
    p.app.request('/webhooks/chargebee', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('refuses a missing or wrong Basic auth with 401 and stores nothing', async () => {
    const event = cbEvent('ev_auth', 'invoice_generated', contentFor('invoice_generated'));
    expect((await post(event, null)).status).toBe(401);
    expect((await post(event, basic(CB_USER, 'wrong-password'))).status).toBe(401);
    expect((await post(event, 'Bearer whatever')).status).toBe(401);
    expect(await storedEventCount(p)).toBe(0);
  });

  it('webhook in → invoice with its PDF on the dashboard → payment webhook → paid', async () => {
    serveApi();
    const generated = cbEvent('ev_gen_1', 'invoice_generated', { invoice: cbInvoice(), customer: cbCustomer() });
    const res = await post(generated);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, duplicates: 0 });
    await p.queue.drain();

    const open = await p.api(`/api/invoices/${ID}`);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ number: 'INV-1001', total: 120000, currency: 'EUR', state: 'open' });
    expect(open.body.issueDate).toBe('2026-11-02');
    expect(open.body.pdf).toMatchObject({ contentType: 'application/pdf' });
    const stored = await p.blobs.get(open.body.pdf.key);
    expect(new TextDecoder().decode(stored?.body)).toContain('/files/INV-1001.pdf');
    // The API key went to the API only, never to the download host's URL.
    const download = fake.requests.find((r) => r.path.startsWith('/files/'));
    expect(download?.headers.authorization).toBeUndefined();
    const pdfCall = fake.requests.find((r) => r.path.endsWith('/pdf'));
    expect(pdfCall?.headers.authorization).toBe(`Basic ${Buffer.from('test_key_secret:').toString('base64')}`);

    // The customer came with its billing contact.
    const customer = await p.api(`/api/customers/${open.body.customerId}`);
    expect(customer.body.contacts?.[0] ?? customer.body.customer?.contacts?.[0]).toMatchObject({
      email: 'compta@acme.example',
      primary: true,
    });

    const paidInvoice = cbInvoice({
      status: 'paid',
      amount_paid: 120000,
      amount_due: 0,
      paid_at: 1793700000,
      resource_version: 1793700000000,
    });
    current = paidInvoice;
    const payment = cbEvent(
      'ev_pay_1',
      'payment_succeeded',
      { transaction: cbTransaction(), invoice: paidInvoice, customer: cbCustomer() },
      1793700000,
    );
    expect((await post(payment)).status).toBe(200);
    await p.queue.drain();
    const paid = await p.api(`/api/invoices/${ID}`);
    expect(paid.body).toMatchObject({ state: 'paid', amountPaid: 120000, balance: 0 });
    expect((await p.events.get('chargebee', 'ev_pay_1'))?.state).toBe('processed');
  });

  it('duplicate and out-of-order replays leave the same final state and one invoice', async () => {
    const before = await p.api(`/api/invoices/${ID}`);
    // The very first event again (same id): a duplicate, already processed, not queued again.
    const again = await post(
      cbEvent('ev_gen_1', 'invoice_generated', { invoice: cbInvoice(), customer: cbCustomer() }),
    );
    expect(await again.json()).toEqual({ received: 0, duplicates: 1 });
    // An older version under a new event id, delivered late: ignored thanks to resource_version.
    const late = await post(
      cbEvent('ev_upd_old', 'invoice_updated', { invoice: cbInvoice({ resource_version: 1793650000000 }) }),
    );
    expect(late.status).toBe(200);
    await p.queue.drain();
    const after = await p.api(`/api/invoices/${ID}`);
    expect(after.body).toMatchObject({ state: 'paid', balance: 0, updatedAt: before.body.updatedAt });
    const list = await p.api(`/api/invoices?status=all&customerId=${after.body.customerId}`);
    expect(list.body.items.filter((i: { number: string }) => i.number === 'INV-1001')).toHaveLength(1);
  });

  it('a credit note re-reads the invoice it reduces', async () => {
    current = cbInvoice({
      id: 'INV-2002',
      total: 50000,
      amount_due: 30000,
      amount_adjusted: 20000,
      resource_version: 1793800000000,
    });
    const res = await post(
      cbEvent('ev_cn_1', 'credit_note_created', { credit_note: cbCreditNote({ reference_invoice_id: 'INV-2002' }) }),
    );
    expect(res.status).toBe(200);
    await p.queue.drain();
    const inv = await p.api(`/api/invoices/${invoiceId('chargebee', 'INV-2002')}`);
    expect(inv.body).toMatchObject({ total: 50000, credited: 20000, balance: 30000 });
  });

  it('an invoice deleted at Chargebee is voided', async () => {
    const res = await post(
      cbEvent('ev_del', 'invoice_deleted', {
        invoice: cbInvoice({ id: 'INV-2002', deleted: true, resource_version: 1793900000000 }),
      }),
    );
    expect(res.status).toBe(200);
    await p.queue.drain();
    expect((await p.api(`/api/invoices/${invoiceId('chargebee', 'INV-2002')}`)).body.state).toBe('void');
  });

  it('answers 400 to malformed bodies and keeps them as failed with the reason', async () => {
    const notJson = await post('{"id": "ev_x", ');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_WEBHOOK');
    const noInvoice = await post(cbEvent('ev_bad', 'invoice_generated', { invoice: { id: 'x' } }));
    expect(noInvoice.status).toBe(400);
    const failed = await p.events.listFailed({ provider: 'chargebee' });
    const reasons = failed.items.map((e) => e.reason ?? '');
    expect(reasons.some((r) => r.includes('not valid JSON'))).toBe(true);
    expect(reasons.some((r) => r.includes('content.invoice'))).toBe(true);
  });

  it('waits out a 429 (Retry-After) and retries a 5xx, then succeeds', async () => {
    sleeps.length = 0;
    current = cbInvoice({ id: 'INV-3003', resource_version: 1793950000000 });
    fake.on(
      'POST /api/v2/invoices/INV-3003/pdf',
      sequence(
        { status: 429, headers: { 'retry-after': '7' }, json: { api_error_code: 'api_request_limit_exceeded' } },
        { status: 503, json: { message: 'down' } },
        { json: { download: { download_url: `${fake.url}/files/INV-3003.pdf`, mime_type: 'application/pdf' } } },
      ),
    );
    await post(cbEvent('ev_rl', 'invoice_generated', { invoice: current }));
    await p.queue.drain();
    expect(sleeps[0]).toBe(7000);
    expect(sleeps).toHaveLength(2);
    const inv = await p.api(`/api/invoices/${invoiceId('chargebee', 'INV-3003')}`);
    expect(inv.body.pdf).toBeDefined();
  });

  it('an event that keeps failing stays stored as failed and ends in the dead-letter queue with its reason', async () => {
    current = cbInvoice({ id: 'INV-4004', resource_version: 1794000000000 });
    fake.on('POST /api/v2/invoices/INV-4004/pdf', () => ({ status: 500, json: { message: 'boom' } }));
    await post(cbEvent('ev_down', 'invoice_generated', { invoice: current }));
    await p.queue.drain();
    const stored = await p.events.get('chargebee', 'ev_down');
    expect(stored?.state).toBe('failed');
    expect(stored?.reason).toMatch(/retryable: chargebee POST \/api\/v2\/invoices\/INV-4004\/pdf failed \(500\)/);
    expect(stored?.attempts).toBe(3);
    const dead = p.queue.deadLetters.find((d) => (d.message.body as { eventId: string }).eventId === 'ev_down');
    expect(dead?.reason).toMatch(/failed \(500\)/);
    // Once the provider is back, a replay from the store completes it.
    fake.on('POST /api/v2/invoices/INV-4004/pdf', () => ({
      json: { download: { download_url: `${fake.url}/files/INV-4004.pdf` } },
    }));
    // The finance team sees it in the API's failed list (reason, no payload) and replays it there.
    const listed = await p.api('/api/provider-events/failed?provider=chargebee');
    const entry = listed.body.items.find((e: { eventId: string }) => e.eventId === 'ev_down');
    expect(entry).toMatchObject({ provider: 'chargebee', state: 'failed', attempts: 3, parsed: true });
    expect(entry.reason).toMatch(/failed \(500\)/);
    expect(JSON.stringify(listed.body)).not.toContain('INV-4004.pdf');
    const unknown = await p.app.request('/api/provider-events/replay', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'stripe' }),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('provider');
    const replayed = await p.app.request('/api/provider-events/replay', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'chargebee' }),
    });
    expect(replayed.status).toBe(200);
    expect(((await replayed.json()) as { queued: number }).queued).toBeGreaterThanOrEqual(1);
    await p.queue.drain();
    expect((await p.events.get('chargebee', 'ev_down'))?.state).toBe('processed');
  });

  it('catch-up sync lists invoices by updated_at and queues each version once', async () => {
    const listed = cbInvoice({ id: 'INV-5005', resource_version: 1794100000000 });
    fake.on('GET /api/v2/invoices', (req) => {
      expect(req.query.get('sort_by[asc]')).toBe('updated_at');
      expect(req.query.get('updated_at[after]')).toMatch(/^\d+$/);
      return req.query.get('offset')
        ? { json: { list: [{ invoice: listed }] } }
        : {
            json: {
              list: [
                {
                  invoice: cbInvoice({
                    id: 'INV-1001',
                    status: 'paid',
                    amount_paid: 120000,
                    resource_version: 1793700000000,
                  }),
                },
              ],
              next_offset: '["x"]',
            },
          };
    });
    const first = await p.sync('chargebee');
    expect(first).toEqual({ queued: 2, known: 0 });
    await p.queue.drain();
    expect((await p.api(`/api/invoices/${invoiceId('chargebee', 'INV-5005')}`)).status).toBe(200);
    const second = await p.sync('chargebee');
    expect(second).toEqual({ queued: 0, known: 2 });
    expect((await p.connections.get('chargebee'))?.lastSyncedAt).toBeDefined();
  });
});
