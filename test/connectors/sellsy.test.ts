import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SellsyClient } from '#shared/connectors/sellsy/client.ts';
import { SellsyTokens } from '#shared/connectors/sellsy/tokens.ts';
import { SellsyWebhookReceiver } from '#shared/connectors/sellsy/webhook.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  COMPANY_ID,
  fakeSellsy,
  type Json,
  notif,
  notifForm,
  SECRET,
  slCompany,
  slInvoice,
} from './sellsy-fixtures.ts';
import { type FakeServer, sequence, startFakeServer } from './support/fake-server.ts';
import { type Pipeline, startPipeline, storedEventCount } from './support/harness.ts';

const INVOICE = '13122621';
const ID = invoiceId('sellsy', INVOICE);
/** Unix seconds of the notifications, in the order Sellsy would send them. */
const T0 = 1_795_420_000;

describe('Sellsy end to end (local pipeline)', () => {
  let api: FakeServer;
  let files: FakeServer;
  let p: Pipeline;
  let sellsy: ReturnType<typeof fakeSellsy>;
  const sleeps: number[] = [];

  beforeAll(async () => {
    api = await startFakeServer();
    files = await startFakeServer();
    sellsy = fakeSellsy(api, files);
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    // The tokens need the pipeline's connection store: built in two steps.
    const holder: { client?: SellsyClient } = {};
    p = await startPipeline({
      receivers: { sellsy: new SellsyWebhookReceiver(SECRET) },
      sources: {
        get sellsy() {
          return holder.client as SellsyClient;
        },
      },
    });
    const tokens = new SellsyTokens({
      tokenUrl: `${api.url}/oauth2/access-tokens`,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      connections: p.connections,
      clock: p.clock,
      sleep,
    });
    holder.client = new SellsyClient({ apiUrl: `${api.url}/v2`, tokens, sleep });
    sellsy.state.invoices.set(INVOICE, slInvoice(files.url));
  });
  afterAll(async () => {
    await p.close();
    await api.close();
    await files.close();
  });
  afterEach(async () => p.queue.drain());

  const post = (body: string, secret = SECRET) =>
    p.app.request(`/webhooks/sellsy/${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Sellsy Webhook' },
      body,
    });
  const deliver = async (body: Json) => {
    const res = await post(notifForm(body));
    await p.queue.drain();
    return res;
  };
  const invoice = async (id = ID) => (await p.api(`/api/invoices/${id}`)).body;
  const apiCalls = (method: string, path: string) =>
    api.requests.filter((r) => r.method === method && r.path === path).length;
  /** Back to the fake's record-backed, token-checking routes after a test replaced some. */
  const restore = () => {
    const byState = (map: Map<string, Json>) =>
      sellsy.authed((req) => {
        const found = map.get(req.path.split('/').pop() ?? '');
        return found ? { json: found } : { status: 404, json: {} };
      });
    api.on(`GET /v2/invoices/${INVOICE}`, byState(sellsy.state.invoices));
    api.on('GET /v2/companies/*', byState(sellsy.state.companies));
  };
  const setInvoice = (overrides: Json, id = INVOICE) =>
    sellsy.state.invoices.set(id, slInvoice(files.url, { id: Number(id), ...overrides }));

  it('answers the GET ping with {"success":true} on the right secret only', async () => {
    const ok = await p.app.request(`/webhooks/sellsy/${SECRET}`, { headers: { 'user-agent': 'Sellsy' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ success: true });
    expect((await p.app.request('/webhooks/sellsy/not-the-secret')).status).toBe(401);
    expect(await storedEventCount(p)).toBe(0);
  });

  it('refuses a wrong path secret with 401 and stores nothing', async () => {
    const body = notifForm(notif('invoice', INVOICE, 'created', T0));
    expect((await post(body, 'not-the-secret')).status).toBe(401);
    expect((await post(body, `${SECRET}0`)).status).toBe(401);
    expect(await storedEventCount(p)).toBe(0);
    expect(api.requests).toHaveLength(0);
  });

  it('webhook in → invoice with its PDF (re-read link, no token to the file host), customer and dunning contact', async () => {
    const res = await deliver(notif('invoice', INVOICE, 'created', T0));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, duplicates: 0 });

    const open = await invoice();
    expect(open).toMatchObject({
      number: `F-2611-${INVOICE}`,
      total: 252000,
      amountPaid: 0,
      balance: 252000,
      state: 'open',
      currency: 'EUR',
      issueDate: '2026-11-02',
      dueDate: '2026-12-02',
    });
    expect(open.customer.legalName).toBe('Bistro Dupont SARL');
    expect(open.pdf).toMatchObject({ contentType: 'application/pdf' });
    const stored = await p.blobs.get(open.pdf.key);
    expect(new TextDecoder().decode(stored?.body)).toContain(`sellsy-${INVOICE}-k-${INVOICE}`);

    // The invoice was read, then read again for a fresh pdf_link; the file host never saw our token.
    expect(apiCalls('GET', `/v2/invoices/${INVOICE}`)).toBe(2);
    expect(files.requests).toHaveLength(1);
    expect(files.requests[0]?.headers.authorization).toBeUndefined();
    expect(files.requests[0]?.query.get('key')).toBe(`k-${INVOICE}`);

    // One token for all of it, asked for with a form-encoded client_credentials grant.
    const tokenCalls = api.requests.filter((r) => r.path === '/oauth2/access-tokens');
    expect(tokenCalls).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenCalls[0]?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect((await p.connections.get('sellsy'))?.status).toBe('connected');

    const customer = (await p.table.stores.customers.get(open.customerId))?.value;
    expect(customer).toMatchObject({
      legalName: 'Bistro Dupont SARL',
      siren: '303265045',
      siret: '30326504500011',
      vatNumber: 'FR40303265045',
    });
    // The dunning contact, not the invoicing or main one.
    expect(customer?.contacts).toEqual([
      expect.objectContaining({
        name: 'Marie Dupont',
        email: 'relances@bistro.example',
        phone: '+33 1 23 45 67 89',
        role: 'billing',
        primary: true,
      }),
    ]);
  });

  it('a payment notification re-reads the invoice it settles → paid', async () => {
    setInvoice({
      status: 'paid',
      amounts: { total_incl_tax: '2520.000', total_remaining_due_incl_tax: '0.000' },
      last_payment: { id: 77, paid_at: '2026-11-20T10:55:57+01:00', related: [{ type: 'invoice', id: INVOICE }] },
    });
    sellsy.state.payments.set('77', {
      id: 77,
      paid_at: '2026-11-20T10:55:57+01:00',
      status: 'confirmed',
      amount: { value: '2520.00', currency: 'EUR' },
      related: [{ type: 'invoice', id: Number(INVOICE) }],
    });
    const res = await deliver(notif('payment', 77, 'created', T0 + 100));
    expect(await res.json()).toEqual({ received: 1, duplicates: 0 });
    expect(await invoice()).toMatchObject({ state: 'paid', amountPaid: 252000, balance: 0 });
  });

  it('duplicate and out-of-order deliveries leave one invoice, still paid', async () => {
    const again = await deliver(notif('payment', 77, 'created', T0 + 100));
    expect(await again.json()).toEqual({ received: 0, duplicates: 1 });
    const created = await deliver(notif('invoice', INVOICE, 'created', T0));
    expect(await created.json()).toEqual({ received: 0, duplicates: 1 });
    // An older change arriving last: re-read, Sellsy says paid, nothing moves backwards.
    const late = await deliver(notif('invoice', INVOICE, 'updated', T0 + 50));
    expect(await late.json()).toEqual({ received: 1, duplicates: 0 });
    expect((await p.events.get('sellsy', `invoice:${INVOICE}:updated:${T0 + 50}`))?.state).toBe('processed');

    const paid = await invoice();
    expect(paid).toMatchObject({ state: 'paid', amountPaid: 252000 });
    const all = await p.table.stores.invoices.listByCustomer(paid.customerId);
    expect(all.items.map((i) => i.id)).toEqual([ID]);
  });

  it('answers 400 to a malformed notification and keeps it as failed with its reason', async () => {
    expect((await post('other=1')).status).toBe(400);
    const bad = await post('notif=This+is+not+a+json+notification');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'MALFORMED_WEBHOOK' } });
    expect((await post(notifForm({ event: 'updated', relatedtype: 'invoice' }))).status).toBe(400);
    const reasons = (await p.events.listFailed({ provider: 'sellsy' })).items.map((e) => e.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/malformed: the form has no "notif" field/),
        expect.stringMatching(/malformed: "notif" is not valid JSON/),
        expect.stringMatching(/malformed: notif: relatedid/),
      ]),
    );
  });

  it('client updated → the company re-read, honouring a 429 with Retry-After', async () => {
    sleeps.length = 0;
    sellsy.state.companies.set(String(COMPANY_ID), slCompany({ name: 'Bistro Dupont & Fils SARL' }));
    api.on(
      'GET /v2/companies/*',
      sequence(
        { status: 429, headers: { 'retry-after': '3' }, json: { error: { code: 429 } } },
        { json: sellsy.state.companies.get(String(COMPANY_ID)) },
      ),
    );
    const res = await deliver(notif('client', COMPANY_ID, 'updated', T0 + 200));
    expect(await res.json()).toEqual({ received: 1, duplicates: 0 });
    expect(sleeps).toEqual([3000]);
    expect((await p.events.get('sellsy', `client:${COMPANY_ID}:updated:${T0 + 200}`))?.state).toBe('processed');
    expect((await invoice()).customer.legalName).toBe('Bistro Dupont & Fils SARL');
    restore();
  });

  it('a 429 without Retry-After waits the quota window its headers name; a full second window paces the next call', async () => {
    sleeps.length = 0;
    api.on(
      'GET /v2/companies/*',
      sequence(
        {
          status: 429,
          headers: { 'x-quota-remaining-by-second': '5', 'x-quota-remaining-by-minute': '0' },
          json: { error: { code: 429 } },
        },
        { headers: { 'x-quota-remaining-by-second': '0' }, json: sellsy.state.companies.get(String(COMPANY_ID)) },
      ),
    );
    await deliver(notif('client', COMPANY_ID, 'updated', T0 + 300));
    // 60 s for the minute window, then 1 s before the contact call that followed the exhausted second.
    expect(sleeps).toEqual([60_000, 1_000]);
    expect((await p.events.get('sellsy', `client:${COMPANY_ID}:updated:${T0 + 300}`))?.state).toBe('processed');
    restore();
  });

  it('retries a 5xx, then succeeds', async () => {
    sleeps.length = 0;
    api.on(
      `GET /v2/invoices/${INVOICE}`,
      sequence({ status: 503, json: { error: 'unavailable' } }, { json: sellsy.state.invoices.get(INVOICE) }),
    );
    await deliver(notif('invoice', INVOICE, 'updated', T0 + 400));
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
    expect((await p.events.get('sellsy', `invoice:${INVOICE}:updated:${T0 + 400}`))?.state).toBe('processed');
    restore();
  });

  it('a token refused with a 401 is replaced once; an expired one is replaced before use', async () => {
    const issued = sellsy.state.issued;
    sellsy.state.valid.clear(); // Sellsy revoked every token.
    await deliver(notif('invoice', INVOICE, 'updated', T0 + 500));
    expect(sellsy.state.issued).toBe(issued + 1);
    expect((await p.events.get('sellsy', `invoice:${INVOICE}:updated:${T0 + 500}`))?.state).toBe('processed');

    // expires_in is read from the answer (86400 s here): a day later a new token is asked for before any call,
    // without a 401 first.
    const before = api.requests.length;
    p.clock.set(new Date(p.clock.now().getTime() + 86_400_000).toISOString());
    await deliver(notif('invoice', INVOICE, 'updated', T0 + 600));
    expect(sellsy.state.issued).toBe(issued + 2);
    const since = api.requests.slice(before);
    expect(since[0]?.path).toBe('/oauth2/access-tokens');
    expect(since.slice(1).map((r) => r.path)).toEqual([`/v2/invoices/${INVOICE}`]);
  });

  it('catch-up: open invoices page by page (opaque cursor), held open invoices re-checked, then credit notes', async () => {
    // One more invoice we hold as open, cancelled in Sellsy while a webhook was lost.
    setInvoice({}, '900');
    await deliver(notif('invoice', 900, 'created', T0 + 700));
    expect((await invoice(invoiceId('sellsy', '900'))).state).toBe('open');
    setInvoice({ status: 'cancelled' }, '900');

    const open = (id: number, extra: Json = {}) => {
      const row = slInvoice(files.url, { id, ...extra });
      sellsy.state.invoices.set(String(id), row);
      return row;
    };
    const pages: Record<string, { data: Json[]; offset: string | null }> = {
      '': { data: [open(901), open(902, { status: 'late' })], offset: 'WyI5MDIiXQ==' },
      'WyI5MDIiXQ==': {
        data: [open(903, { status: 'payinprogress', updated: '2026-11-22T08:00:00+01:00' })],
        offset: 'WyI5MDMiXQ==',
      },
      'WyI5MDMiXQ==': { data: [], offset: 'WyI5MDQiXQ==' },
    };
    api.on(
      'POST /v2/invoices/search',
      sellsy.authed((req) => {
        expect(JSON.parse(req.body)).toEqual({ filters: { status: ['due', 'payinprogress', 'late'] } });
        expect(req.query.get('limit')).toBe('100');
        const page = pages[req.query.get('offset') ?? ''];
        return {
          json: {
            data: page?.data ?? [],
            pagination: { limit: 100, count: page?.data.length ?? 0, total: 3, offset: page?.offset ?? null },
          },
        };
      }),
    );
    const first = await p.sync('sellsy');
    expect(first).toEqual({ queued: 4, known: 0 });
    const searches = api.requests.filter((r) => r.path === '/v2/invoices/search');
    expect(searches.map((r) => r.query.get('offset'))).toEqual([null, 'WyI5MDIiXQ==', 'WyI5MDMiXQ==']);
    // The first import reads no credit notes.
    expect(apiCalls('POST', '/v2/credit-notes/search')).toBe(0);
    await p.queue.drain();

    expect((await invoice(invoiceId('sellsy', '901'))).state).toBe('open');
    expect((await invoice(invoiceId('sellsy', '902'))).state).toBe('open');
    expect((await invoice(invoiceId('sellsy', '903'))).pdf).toMatchObject({
      contentType: 'application/pdf',
      key: expect.stringMatching(/^invoices\//),
    });
    expect((await invoice(invoiceId('sellsy', '900'))).state).toBe('void');
    // A versioned row is handed over as it is; an unversioned one is re-read by the worker.
    const handedOver = await p.events.get('sellsy', 'sync:invoice:903:2026-11-22T08:00:00+01:00');
    expect(handedOver?.event?.included?.invoices?.map((i) => i.invoice.externalId)).toEqual(['903']);
    const failedSyncs = (await p.events.listFailed({ provider: 'sellsy' })).items.filter((e) =>
      e.eventId.startsWith('sync:'),
    );
    expect(failedSyncs).toEqual([]);

    // Second run: nothing new among the invoices; the credit notes since the last sync are read.
    sellsy.state.invoices.set(
      '901',
      slInvoice(files.url, {
        id: 901,
        amounts: { total_incl_tax: '2520.000', total_remaining_due_incl_tax: '520.000' },
      }),
    );
    api.on(
      'POST /v2/credit-notes/search',
      sellsy.authed((req) => {
        expect(JSON.parse(req.body)).toEqual({
          filters: { date: { start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), end: '2026-11-24' } },
        });
        return {
          json: {
            data: [
              {
                id: 55,
                date: '2026-11-24',
                related: [
                  { type: 'invoice', id: 901 },
                  { type: 'company', id: COMPANY_ID },
                ],
              },
            ],
            pagination: { limit: 100, count: 1, total: 1, offset: null },
          },
        };
      }),
    );
    const second = await p.sync('sellsy');
    expect(second).toEqual({ queued: 1, known: 3 });
    await p.queue.drain();
    expect((await invoice(invoiceId('sellsy', '901'))).amountPaid).toBe(200000);
    expect((await p.events.get('sellsy', 'sync:credit_note:55:901'))?.state).toBe('processed');
  });

  it('invoice deleted → voided; a draft is not recorded', async () => {
    sellsy.state.invoices.delete('902');
    await deliver(notif('invoice', 902, 'deleted', T0 + 800));
    expect((await invoice(invoiceId('sellsy', '902'))).state).toBe('void');

    setInvoice({ status: 'draft', number: null }, '950');
    await deliver(notif('invoice', 950, 'created', T0 + 900));
    expect((await p.events.get('sellsy', `invoice:950:created:${T0 + 900}`))?.state).toBe('processed');
    expect(await p.table.stores.invoices.get(invoiceId('sellsy', '950'))).toBeUndefined();
  });

  it('billing contact: dunning, else invoicing, else main; a bare client id may be an individual', async () => {
    const client = new SellsyClient({
      apiUrl: `${api.url}/v2`,
      tokens: new SellsyTokens({
        tokenUrl: `${api.url}/oauth2/access-tokens`,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        connections: p.connections,
        clock: p.clock,
      }),
    });
    sellsy.state.companies.set('77001', slCompany({ id: 77001, dunning_contact_id: 1 }));
    const company = await client.fetchCustomer({ id: '77001' });
    expect(company?.externalId).toBe('company:77001');
    expect(company?.billingContacts.map((c) => c.email)).toEqual(['factures@bistro.example']);

    sellsy.state.individuals.set('88001', {
      id: 88001,
      first_name: 'Jeanne',
      last_name: 'Martin',
      email: 'jeanne@example.org',
      phone_number: null,
      mobile_number: '+33 6 11 22 33 44',
    });
    expect(await client.fetchCustomer({ id: '88001' })).toEqual({
      source: 'sellsy',
      externalId: 'individual:88001',
      name: 'Jeanne Martin',
      billingContacts: [
        {
          externalId: 'individual:88001',
          name: 'Jeanne Martin',
          email: 'jeanne@example.org',
          phone: '+33 6 11 22 33 44',
        },
      ],
    });
    expect(await client.fetchCustomer({ id: 'company:88001' })).toBeUndefined();
  });

  it('client credentials Sellsy refuses mark the connection broken (no secret in the reason)', async () => {
    const tokens = new SellsyTokens({
      tokenUrl: `${api.url}/oauth2/access-tokens`,
      clientId: CLIENT_ID,
      clientSecret: 'revoked-secret',
      connections: p.connections,
      clock: p.clock,
    });
    await expect(tokens.accessToken()).rejects.toThrow(/refused the client credentials/);
    const state = await p.connections.get('sellsy');
    expect(state).toMatchObject({ status: 'broken' });
    expect(state?.reason).toMatch(/SELLSY_CLIENT_SECRET/);
    expect(JSON.stringify(await p.connections.list())).not.toContain('revoked-secret');
  });
});
