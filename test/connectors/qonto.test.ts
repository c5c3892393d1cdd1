/**
 * Qonto: the webhook signature (right, wrong, stale), a signed webhook that records and matches the transaction
 * (fetched from a fake Qonto API), and polling with paging and a 429 honoured, adding nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QontoClient } from '#shared/connectors/qonto/client.ts';
import {
  QontoFeed,
  QontoWebhookReceiver,
  signQontoPayload,
  verifyQontoSignature,
} from '#shared/connectors/qonto/webhook.ts';
import { makeSyncBankFeed } from '#shared/use-cases/sync-bank-feed.ts';
import { body } from '../support/app.ts';
import { startBankApp } from '../support/bank-app.ts';
import { type FakeServer, startFakeServer } from './support/fake-server.ts';

const SECRET = 'qonto-webhook-secret-0123';
const NOW = new Date('2026-11-23T09:00:00Z');
const nowSeconds = String(Math.floor(NOW.getTime() / 1000));
const enc = (s: string) => new TextEncoder().encode(s);

const qontoTx = (id: string, cents: number, reference: string, updatedAt = '2026-11-22T10:00:00.000Z') => ({
  id,
  transaction_id: `tx-${id}`,
  amount: cents / 100,
  amount_cents: cents,
  currency: 'EUR',
  side: 'credit',
  operation_type: 'transfer',
  status: 'completed',
  label: 'ACME SAS',
  clean_counterparty_name: 'Acme',
  reference,
  settled_at: '2026-11-22T09:59:00.000Z',
  updated_at: updatedAt,
  transfer: { counterparty_account_number: 'FR7630006000011234567890189', counterparty_account_number_format: 'IBAN' },
});

describe('Qonto webhook signature', () => {
  const raw = enc('{"id":"evt"}');
  const header = (t: string, body: Uint8Array | string = raw, secret = SECRET) =>
    `t=${t},v1=${signQontoPayload(secret, t, body)}`;

  it('accepts a fresh signature over the raw body', () => {
    expect(verifyQontoSignature(header(nowSeconds), raw, SECRET, NOW)).toBe(true);
  });
  it('refuses a wrong secret, another body, a malformed or missing header', () => {
    expect(verifyQontoSignature(header(nowSeconds, raw, 'other-secret-000'), raw, SECRET, NOW)).toBe(false);
    expect(verifyQontoSignature(header(nowSeconds, '{"id":"x"}'), raw, SECRET, NOW)).toBe(false);
    expect(verifyQontoSignature('v1=abc', raw, SECRET, NOW)).toBe(false);
    expect(verifyQontoSignature(undefined, raw, SECRET, NOW)).toBe(false);
  });
  it('refuses a timestamp older than five minutes', () => {
    expect(verifyQontoSignature(header(String(Number(nowSeconds) - 299)), raw, SECRET, NOW)).toBe(true);
    expect(verifyQontoSignature(header(String(Number(nowSeconds) - 301)), raw, SECRET, NOW)).toBe(false);
  });
});

describe('Qonto connector', () => {
  let fake: FakeServer;
  let client: QontoClient;
  let t: Awaited<ReturnType<typeof startBankApp>>;

  beforeAll(async () => {
    fake = await startFakeServer();
    client = new QontoClient({ apiUrl: fake.url, apiKey: 'acme-1234:s3cr3t', sleep: async () => {} });
    t = await startBankApp({ now: NOW.toISOString(), webhooks: [new QontoWebhookReceiver(SECRET, client)] });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const deliver = (payload: unknown, t0 = nowSeconds, secret = SECRET) => {
    const raw = JSON.stringify(payload);
    return t.app.request('/webhooks/qonto', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-qonto-signature': `t=${t0},v1=${signQontoPayload(secret, t0, raw)}`,
      },
      body: raw,
    });
  };

  it('records and matches the transaction a signed webhook announces; refuses bad signatures', async () => {
    // Prepare
    const { invoice } = await t.recordInvoice('Q-1', 'F-2026-4242', 480_00);
    fake.on('GET /v2/transactions/*', (req) => ({
      json: { transaction: qontoTx(req.path.split('/').pop()!, 480_00, `Facture ${invoice.rfReference}`) },
    }));
    const payload = { id: 'evt-1', type: 'v1/transactions', data: { id: 'qtx-1', event: 'transactions.created' } };
    // Act / Assess: wrong secret and stale timestamp change nothing
    expect((await deliver(payload, nowSeconds, 'not-the-secret')).status).toBe(401);
    expect((await deliver(payload, String(Number(nowSeconds) - 600))).status).toBe(401);
    expect((await t.table.stores.invoices.get(invoice.id))?.value.state).toBe('open');
    const res = await deliver(payload);
    expect(res.status).toBe(200);
    expect((await body(res)).counts).toMatchObject({ new: 1, autoApplied: 1 });
    expect((await t.table.stores.invoices.get(invoice.id))?.value.state).toBe('paid');
    const request = fake.requests.find((r) => r.path === '/v2/transactions/qtx-1');
    expect(request?.headers.authorization).toBe('acme-1234:s3cr3t');
    // a redelivery adds nothing
    expect((await body(await deliver(payload))).counts).toMatchObject({ new: 0, duplicates: 1 });
    expect((await deliver({ nope: true })).status).toBe(400);
  });

  it('polls credits updated since the cursor, page by page, waiting out a 429, and adds nothing twice', async () => {
    // Prepare
    const { invoice } = await t.recordInvoice('Q-2', 'F-2026-5151', 75_00);
    let calls = 0;
    fake.on('GET /v2/transactions', (req) => {
      calls++;
      if (calls === 1) return { status: 429, headers: { 'retry-after': '1' }, json: { errors: [] } };
      const page = Number(req.query.get('current_page'));
      expect(req.query.get('side')).toBe('credit');
      expect(req.query.getAll('status[]')).toEqual(['completed']);
      // Always bounded by a cursor instant (the first poll looks back from the clock), never the whole history.
      expect(Number.isNaN(Date.parse(req.query.get('updated_at_from') ?? ''))).toBe(false);
      return page === 1
        ? { json: { transactions: [qontoTx('qtx-1', 480_00, 'x')], meta: { next_page: 2 } } }
        : {
            json: {
              transactions: [qontoTx('qtx-2', 75_00, 'Paiement F-2026-5151', '2026-11-22T11:00:00.000Z')],
              meta: { next_page: null },
            },
          };
    });
    const sync = makeSyncBankFeed({ ...t.table.stores, clock: t.clock, ...t.bank });
    // Act
    const counts = await sync(new QontoFeed(client));
    // Assess
    expect(counts).toMatchObject({ transactions: 2, new: 1, duplicates: 1, autoApplied: 1 });
    expect((await t.table.stores.invoices.get(invoice.id))?.value.state).toBe('paid');
    expect(await t.bank.imports.getFeedCursor('qonto')).toBe('2026-11-22T11:00:00.000Z');
    calls = 1;
    const again = await sync(new QontoFeed(client));
    expect(again).toMatchObject({ new: 0, duplicates: 2 });
    expect(
      fake.requests
        .filter((r) => r.path === '/v2/transactions')
        .at(-1)
        ?.query.get('updated_at_from'),
    ).toBe('2026-11-22T11:00:00.000Z');
  });
});
