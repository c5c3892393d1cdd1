import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenVault } from '#shared/adapters/local/file-token-vault.ts';
import { QuickBooksClient } from '#shared/connectors/quickbooks/client.ts';
import { QuickBooksTokens } from '#shared/connectors/quickbooks/tokens.ts';
import { QuickBooksWebhookReceiver, quickBooksEvents } from '#shared/connectors/quickbooks/webhook.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import { type FakeServer, pdfBytes, startFakeServer } from './support/fake-server.ts';
import { type Pipeline, startPipeline, storedEventCount } from './support/harness.ts';

const VERIFIER = 'verifier-token-abc';
const REALM = '310687';
const sign = (body: string, key = VERIFIER) => createHmac('sha256', key).update(body).digest('base64');

function qbInvoice(overrides: Record<string, unknown> = {}) {
  return {
    Id: '1234',
    SyncToken: '0',
    DocNumber: 'F-2026-101',
    TxnDate: '2026-11-02',
    DueDate: '2026-12-02',
    TotalAmt: 1234.56,
    Balance: 1234.56,
    CurrencyRef: { value: 'EUR', name: 'Euro' },
    CustomerRef: { value: '58', name: 'Bistro Dupont' },
    BillEmail: { Address: 'factures@bistro.example' },
    EmailStatus: 'EmailSent',
    Line: [],
    MetaData: { CreateTime: '2026-11-02T09:00:00-08:00', LastUpdatedTime: '2026-11-02T09:00:00-08:00' },
    domain: 'QBO',
    sparse: false,
    ...overrides,
  };
}
const qbCustomer = {
  Id: '58',
  SyncToken: '3',
  DisplayName: 'Bistro Dupont',
  CompanyName: 'Bistro Dupont SARL',
  GivenName: 'Marie',
  FamilyName: 'Dupont',
  PrimaryEmailAddr: { Address: 'marie@bistro.example' },
  Balance: 1234.56,
  Active: true,
  MetaData: { LastUpdatedTime: '2026-10-01T10:00:00Z' },
};
const legacy = (name: string, id: string, operation: string, lastUpdated: string, realmId = REALM) =>
  JSON.stringify({
    eventNotifications: [{ realmId, dataChangeEvent: { entities: [{ name, id, operation, lastUpdated }] } }],
  });
const cloud = (events: { id: string; type: string; entity: string; realm?: string }[]) =>
  JSON.stringify(
    events.map((e) => ({
      specversion: '1.0',
      id: e.id,
      source: 'intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=',
      type: e.type,
      datacontenttype: 'application/json',
      time: '2026-11-02T17:00:00.179851517Z',
      intuitentityid: e.entity,
      intuitaccountid: e.realm ?? REALM,
      data: {},
    })),
  );

describe('QuickBooks webhook payloads', () => {
  it.each([
    ['Invoice', 'Create', 'invoice'],
    ['Invoice', 'Update', 'invoice'],
    ['Invoice', 'Delete', 'invoice'],
    ['Invoice', 'Void', 'invoice'],
    ['Invoice', 'Emailed', 'invoice'],
    ['Payment', 'Create', 'payment'],
    ['CreditMemo', 'Create', 'credit_note'],
    ['Customer', 'Update', 'customer'],
    ['Customer', 'Merge', 'customer'],
  ])('legacy %s %s → %s', (name, op, subject) => {
    const [event] = quickBooksEvents(legacy(name, '9', op, '2026-11-02T20:52:31.657Z'));
    expect(event?.event).toMatchObject({ subject, action: op.toLowerCase(), ref: { account: REALM, id: '9' } });
  });

  it.each([
    ['qbo.invoice.created.v1', 'invoice'],
    ['qbo.invoice.updated.v1', 'invoice'],
    ['qbo.invoice.deleted.v1', 'invoice'],
    ['qbo.invoice.voided.v1', 'invoice'],
    ['qbo.payment.created.v1', 'payment'],
    ['qbo.creditmemo.created.v1', 'credit_note'],
    ['qbo.customer.updated.v1', 'customer'],
  ])('CloudEvents %s → %s, several companies in one delivery', (type, subject) => {
    const events = quickBooksEvents(
      cloud([
        { id: 'a', type, entity: '9' },
        { id: 'b', type, entity: '7', realm: '999' },
      ]),
    );
    expect(events.map((e) => [e.event.eventId, e.event.subject, e.event.ref.account])).toEqual([
      ['a', subject, REALM],
      ['b', subject, '999'],
    ]);
  });
});

describe('QuickBooks end to end (local pipeline)', () => {
  let fake: FakeServer;
  let p: Pipeline;
  let dir: string;
  let vault: FileTokenVault;
  const sleeps: number[] = [];
  let invoice = qbInvoice();
  let refreshCount = 0;

  beforeAll(async () => {
    fake = await startFakeServer();
    dir = await mkdtemp(join(tmpdir(), 'relance-qbo-'));
    vault = new FileTokenVault(dir, { quickbooks: 'refresh-0' });
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    // The pipeline's connection store is needed by the tokens: built in two steps.
    const holder: { client?: QuickBooksClient } = {};
    p = await startPipeline({
      receivers: { quickbooks: new QuickBooksWebhookReceiver(VERIFIER) },
      sources: {
        get quickbooks() {
          return holder.client as QuickBooksClient;
        },
      },
    });
    const tokens = new QuickBooksTokens({
      tokenUrl: `${fake.url}/oauth2/v1/tokens/bearer`,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      vault,
      connections: p.connections,
      clock: p.clock,
      sleep,
    });
    holder.client = new QuickBooksClient({ apiUrl: fake.url, tokens, realmId: REALM, sleep });

    fake.on('POST /oauth2/v1/tokens/bearer', (req) => {
      const form = new URLSearchParams(req.body);
      const expected = `refresh-${refreshCount}`;
      if (
        form.get('refresh_token') !== expected ||
        req.headers.authorization !== `Basic ${Buffer.from('client-id:client-secret').toString('base64')}`
      ) {
        return { status: 400, json: { error: 'invalid_grant' } };
      }
      refreshCount++;
      // Rotation: every refresh hands out a new refresh token.
      return {
        json: {
          token_type: 'bearer',
          access_token: `access-${refreshCount}`,
          expires_in: 3600,
          refresh_token: `refresh-${refreshCount}`,
          x_refresh_token_expires_in: 8726400,
        },
      };
    });
    fake.on(`GET /v3/company/${REALM}/invoice/1234`, (req) => {
      expect(req.query.get('minorversion')).toBe('75');
      return { json: { Invoice: invoice, time: '2026-11-02T10:00:00Z' } };
    });
    fake.on(`GET /v3/company/${REALM}/invoice/1234/pdf`, (req) => {
      expect(req.headers.accept).toBe('application/pdf');
      return { headers: { 'content-type': 'application/pdf' }, body: pdfBytes('qbo-1234') };
    });
    fake.on(`GET /v3/company/${REALM}/customer/58`, () => ({ json: { Customer: qbCustomer } }));
    fake.on(`GET /v3/company/${REALM}/payment/77`, () => ({
      json: {
        Payment: {
          Id: '77',
          TotalAmt: 1234.56,
          CustomerRef: { value: '58' },
          Line: [{ Amount: 1234.56, LinkedTxn: [{ TxnId: '1234', TxnType: 'Invoice' }] }],
        },
      },
    }));
  });
  afterAll(async () => {
    await p.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => p.queue.drain());

  const post = (body: string, signature: string | null = sign(body)) =>
    p.app.request('/webhooks/quickbooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'intuit-signature': signature } : {}) },
      body,
    });

  it('refuses a missing or wrong intuit-signature with 401 and stores nothing', async () => {
    const body = legacy('Invoice', '1234', 'Create', '2026-11-02T17:00:00.000Z');
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, sign(body, 'other-token'))).status).toBe(401);
    // Signed over other bytes (re-serialised JSON) does not pass.
    expect((await post(body, sign(JSON.stringify(JSON.parse(body), null, 1)))).status).toBe(401);
    expect(await storedEventCount(p)).toBe(0);
  });

  it('webhook in → invoice with its PDF → payment webhook → paid (rotating refresh tokens kept)', async () => {
    const res = await post(legacy('Invoice', '1234', 'Create', '2026-11-02T17:00:00.000Z'));
    expect(res.status).toBe(200);
    await p.queue.drain();
    const id = invoiceId('quickbooks', `${REALM}:1234`);
    const open = await p.api(`/api/invoices/${id}`);
    expect(open.body).toMatchObject({
      number: 'F-2026-101',
      total: 123456,
      amountPaid: 0,
      state: 'open',
      currency: 'EUR',
    });
    expect(open.body.pdf).toMatchObject({ contentType: 'application/pdf' });
    expect(new TextDecoder().decode((await p.blobs.get(open.body.pdf.key))?.body)).toContain('qbo-1234');
    expect(await vault.getRefreshToken('quickbooks')).toBe('refresh-1');
    expect((await p.connections.get('quickbooks'))?.status).toBe('connected');

    invoice = qbInvoice({ Balance: 0, SyncToken: '1', MetaData: { LastUpdatedTime: '2026-11-10T09:00:00-08:00' } });
    const payment = cloud([{ id: 'ce-pay-1', type: 'qbo.payment.created.v1', entity: '77' }]);
    expect((await post(payment)).status).toBe(200);
    await p.queue.drain();
    expect((await p.api(`/api/invoices/${id}`)).body).toMatchObject({ state: 'paid', balance: 0, amountPaid: 123456 });
  });

  it('a duplicate delivery and a stale change leave one invoice, still paid', async () => {
    const again = await post(cloud([{ id: 'ce-pay-1', type: 'qbo.payment.created.v1', entity: '77' }]));
    expect(await again.json()).toEqual({ received: 0, duplicates: 1 });
    await p.queue.drain();
    const id = invoiceId('quickbooks', `${REALM}:1234`);
    expect((await p.api(`/api/invoices/${id}`)).body.state).toBe('paid');
  });

  it('answers 400 to a malformed payload of each format and keeps it as failed', async () => {
    const bad1 = '{"eventNotifications": [{"realmId": 5}]}';
    const bad2 = '[{"specversion": "1.0"}]';
    expect((await post(bad1)).status).toBe(400);
    expect((await post(bad2)).status).toBe(400);
    const reasons = (await p.events.listFailed({ provider: 'quickbooks' })).items.map((e) => e.reason);
    expect(reasons.some((r) => r?.includes('legacy payload'))).toBe(true);
    expect(reasons.some((r) => r?.includes('CloudEvents payload'))).toBe(true);
  });

  it('waits 60 s on a 429', async () => {
    sleeps.length = 0;
    let calls = 0;
    fake.on(`GET /v3/company/${REALM}/customer/58`, () =>
      calls++ === 0 ? { status: 429, json: { fault: 'throttled' } } : { json: { Customer: qbCustomer } },
    );
    await post(cloud([{ id: 'ce-cust-1', type: 'qbo.customer.updated.v1', entity: '58' }]));
    await p.queue.drain();
    expect(sleeps).toContain(60_000);
    expect((await p.events.get('quickbooks', 'ce-cust-1'))?.state).toBe('processed');
  });

  it('on invalid_grant the connection is marked broken and the event is kept for a replay', async () => {
    // The stored refresh token is no longer accepted (revoked at Intuit).
    await vault.saveRefreshToken('quickbooks', 'revoked');
    const tokens = new QuickBooksTokens({
      tokenUrl: `${fake.url}/oauth2/v1/tokens/bearer`,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      vault,
      connections: p.connections,
      clock: p.clock,
    });
    await expect(tokens.accessToken()).rejects.toThrow(/invalid_grant/);
    const state = await p.connections.get('quickbooks');
    expect(state).toMatchObject({ status: 'broken' });
    expect(state?.reason).toMatch(/invalid_grant/);
    expect(JSON.stringify(await p.connections.list())).not.toContain('revoked');
  });

  it('catch-up: CDC with changedSince, each version queued once', async () => {
    await vault.saveRefreshToken('quickbooks', `refresh-${refreshCount}`);
    await p.connections.saveSyncedAt('quickbooks', '2026-11-20T00:00:00.000Z');
    fake.on(`GET /v3/company/${REALM}/cdc`, (req) => {
      expect(req.query.get('entities')).toBe('Invoice,Payment,CreditMemo,Customer');
      expect(req.query.get('changedSince')).toBe('2026-11-20T00:00:00.000Z');
      return {
        json: {
          CDCResponse: [
            {
              QueryResponse: [
                {
                  Invoice: [
                    qbInvoice({ Id: '555', DocNumber: 'F-555', MetaData: { LastUpdatedTime: '2026-11-21T10:00:00Z' } }),
                  ],
                },
                { Customer: [qbCustomer] },
              ],
            },
          ],
        },
      };
    });
    fake.on(`GET /v3/company/${REALM}/invoice/555/pdf`, () => ({ body: pdfBytes('qbo-555') }));
    // The tokens object in the pipeline cached an access token; the fake accepts any bearer.
    const first = await p.sync('quickbooks');
    expect(first.queued).toBe(2);
    await p.queue.drain();
    expect((await p.api(`/api/invoices/${invoiceId('quickbooks', `${REALM}:555`)}`)).body).toMatchObject({
      number: 'F-555',
    });
  });
});
