/**
 * Inbound webhooks over HTTP on the local stack, every provider switched on: Sellsy (path secret), QuickBooks
 * (`intuit-signature` HMAC of the raw body), Chargebee (HTTP Basic), Qonto (`X-Qonto-Signature`, HMAC over
 * `{t}.{body}` with a five-minute window). A forged or unauthenticated delivery is refused with 401 and leaves
 * the table, the bucket and the provider APIs untouched; a valid delivery sent again changes nothing; a Qonto
 * signature whose timestamp is old (or in the future) is refused even though it is otherwise valid.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceId } from '#shared/domain/ids.ts';
import { cbCustomer, cbEvent, cbInvoice, cbTransaction } from '../connectors/chargebee-fixtures.ts';
import { notif, notifForm, slInvoice } from '../connectors/sellsy-fixtures.ts';
import {
  CB_PASSWORD,
  CB_USER,
  type Json,
  QB_REALM,
  QB_VERIFIER,
  QONTO_SECRET,
  qontoPayload,
  type RequestOptions,
  SELLSY_SECRET,
  type SecureStack,
  startSecureStack,
} from './support/stack.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const intuit = (body: string, key = QB_VERIFIER) => createHmac('sha256', key).update(body).digest('base64');
const sellsyForm = (secret: string, body: string): [string, RequestOptions] => [
  `/webhooks/sellsy/${secret}`,
  { method: 'POST', authorization: null, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
];
const quickbooks = (body: string, signature?: string): [string, RequestOptions] => [
  '/webhooks/quickbooks',
  {
    method: 'POST',
    authorization: null,
    body,
    headers: {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'intuit-signature': signature }),
    },
  },
];
const chargebee = (body: unknown, authorization: string | null | undefined): [string, RequestOptions] => [
  '/webhooks/chargebee',
  { method: 'POST', authorization, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
];
const qonto = (body: string, signature?: string): [string, RequestOptions] => [
  '/webhooks/qonto',
  {
    method: 'POST',
    authorization: null,
    body,
    headers: {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'x-qonto-signature': signature }),
    },
  },
];
const qontoSig = (t: number | string, body: string, key = QONTO_SECRET) =>
  `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;

const cloudEvents = (id: string, entity: string) =>
  JSON.stringify([
    {
      specversion: '1.0',
      id,
      source: 'intuit.test',
      type: 'qbo.invoice.created.v1',
      datacontenttype: 'application/json',
      time: '2026-11-20T17:00:00.000Z',
      intuitentityid: entity,
      intuitaccountid: QB_REALM,
      data: {},
    },
  ]);
const qbInvoice = (id: string) => ({
  Id: id,
  SyncToken: '0',
  DocNumber: `QB-${id}`,
  TxnDate: '2026-11-02',
  DueDate: '2026-12-02',
  TotalAmt: 1234.56,
  Balance: 1234.56,
  CurrencyRef: { value: 'EUR' },
  CustomerRef: { value: '58', name: 'Bistro Dupont' },
  BillEmail: { Address: 'factures@bistro.example' },
  Line: [],
  MetaData: { CreateTime: '2026-11-02T09:00:00-08:00', LastUpdatedTime: '2026-11-02T09:00:00-08:00' },
});
const qbCustomer = {
  Id: '58',
  SyncToken: '3',
  DisplayName: 'Bistro Dupont',
  CompanyName: 'Bistro Dupont SARL',
  PrimaryEmailAddr: { Address: 'marie@bistro.example' },
  Active: true,
  MetaData: { LastUpdatedTime: '2026-10-01T10:00:00Z' },
};

describe('provider webhooks: forged deliveries and replays', () => {
  let s: SecureStack;
  const nowSeconds = () => Math.floor(s.stack.clock.now().getTime() / 1000);

  beforeAll(async () => {
    s = await startSecureStack();
    await s.stack.queue.drain();
  });
  afterAll(async () => {
    await s?.close();
  });

  /** Each attempt is refused (401/403 and no data echoed); the table, the bucket and the provider APIs see nothing. */
  async function expectAllRefused(attempts: [string, [string, RequestOptions]][]) {
    await s.stack.queue.drain();
    const [items, keys, apiCalls] = [await s.tableItems(), await s.bucketKeys(), s.fake.requests.length];
    for (const [name, [path, options]] of attempts) {
      const res = await s.request(path, options);
      expect([401, 403], `${name}: ${res.status}`).toContain(res.status);
      const text = await res.text();
      expect(text, name).not.toMatch(/"received"|"duplicates"/);
    }
    await s.stack.queue.drain();
    expect(await s.tableItems()).toEqual(items);
    expect(await s.bucketKeys()).toEqual(keys);
    expect(s.fake.requests.length).toBe(apiCalls);
  }

  /** The invoice as the API shows it, with its timeline. */
  const invoice = async (id: string): Promise<Json> => s.json(`/api/invoices/${id}`);
  const invoicesOf = async (source: string): Promise<Json[]> =>
    (await s.json('/api/invoices?status=all&limit=1000')).items.filter((i: Json) => i.source === source);

  /** Delivers, waits for the worker, and returns the JSON answer. */
  async function deliver([path, options]: [string, RequestOptions]): Promise<Json> {
    const res = await s.request(path, options);
    expect(res.status, await res.clone().text()).toBe(200);
    await s.stack.queue.drain();
    return res.json();
  }

  it('Sellsy: a wrong, partial, padded or re-cased path secret is refused (POST and the GET ping)', async () => {
    const body = notifForm(notif('invoice', '13122621', 'created', 1_795_420_000));
    await expectAllRefused([
      ['other secret', sellsyForm('not-the-secret-0123456789', body)],
      ['secret minus its last character', sellsyForm(SELLSY_SECRET.slice(0, -1), body)],
      ['secret plus a character', sellsyForm(`${SELLSY_SECRET}0`, body)],
      ['secret upper-cased', sellsyForm(SELLSY_SECRET.toUpperCase(), body)],
      ['secret with a traversal suffix', sellsyForm(`${SELLSY_SECRET}%2F..`, body)],
      ['GET ping with another secret', ['/webhooks/sellsy/not-the-secret-0123456789', { authorization: null }]],
    ]);
    // No secret at all does not even reach a handler.
    for (const path of ['/webhooks/sellsy', '/webhooks/sellsy/', `/webhooks/sellsy?secret=${SELLSY_SECRET}`]) {
      const res = await s.request(path, { method: 'POST', authorization: null, body });
      expect(res.status, path).toBe(404);
    }
  });

  it('QuickBooks: a missing, wrong, truncated or other-body intuit-signature is refused', async () => {
    const body = cloudEvents('qb-forged-1', '901');
    const other = cloudEvents('qb-forged-2', '902');
    const right = Buffer.from(intuit(body), 'base64');
    await expectAllRefused([
      ['no header', quickbooks(body)],
      ['empty header', quickbooks(body, '')],
      ['HMAC with another key', quickbooks(body, intuit(body, 'not-the-verifier-token'))],
      ['HMAC of another body', quickbooks(body, intuit(other))],
      ['HMAC of the body re-serialised', quickbooks(body, intuit(JSON.stringify(JSON.parse(body), null, 1)))],
      ['right HMAC, hex instead of base64', quickbooks(body, right.toString('hex'))],
      ['right HMAC truncated', quickbooks(body, right.subarray(0, 16).toString('base64'))],
      ['the API token as a bearer', ['/webhooks/quickbooks', { method: 'POST', body }]],
    ]);
  });

  it('Chargebee: a missing or wrong Basic auth is refused', async () => {
    const event = cbEvent('ev_forged', 'invoice_generated', { invoice: cbInvoice(), customer: cbCustomer() });
    await expectAllRefused([
      ['no header', chargebee(event, null)],
      ['wrong password', chargebee(event, basic(CB_USER, 'wrong-password-123'))],
      ['wrong user', chargebee(event, basic('someone-else', CB_PASSWORD))],
      ['password with a suffix', chargebee(event, basic(CB_USER, `${CB_PASSWORD}x`))],
      ['user only', chargebee(event, `Basic ${Buffer.from(CB_USER).toString('base64')}`)],
      ['the pair as a bearer', chargebee(event, `Bearer ${CB_USER}:${CB_PASSWORD}`)],
      ['not base64', chargebee(event, 'Basic %%%')],
      ['the API token as a bearer', chargebee(event, undefined)],
    ]);
  });

  it('Qonto: a missing, wrong, other-body, re-stamped, stale or future signature is refused', async () => {
    const body = qontoPayload('q-forged');
    const t = nowSeconds();
    const valid = qontoSig(t, body);
    const v1 = valid.split('v1=')[1];
    await expectAllRefused([
      ['no header', qonto(body)],
      ['empty header', qonto(body, '')],
      ['another secret', qonto(body, qontoSig(t, body, 'not-the-qonto-secret'))],
      ['signature of another body', qonto(body, qontoSig(t, qontoPayload('q-other')))],
      ['a fresh t on an old signature', qonto(body, `t=${t + 1},v1=${v1}`)],
      ['no timestamp', qonto(body, `v1=${v1}`)],
      ['not hex', qonto(body, `t=${t},v1=${'z'.repeat(64)}`)],
      ['signed six minutes ago', qonto(body, qontoSig(t - 360, body))],
      ['signed six minutes ahead', qonto(body, qontoSig(t + 360, body))],
    ]);
  });

  it('Chargebee: the same delivery again stores nothing more; a replay after payment does not reopen', async () => {
    const inv = cbInvoice({ id: 'INV-SEC-1', customer_id: 'cust_sec' });
    const customer = cbCustomer({ id: 'cust_sec', company: 'Replay SAS' });
    s.records.chargebee.invoices.set('INV-SEC-1', inv);
    s.records.chargebee.customers.set('cust_sec', customer);
    const generated = chargebee(
      cbEvent('ev_sec_generated', 'invoice_generated', { invoice: inv, customer }),
      basic(CB_USER, CB_PASSWORD),
    );
    expect(await deliver(generated)).toEqual({ received: 1, duplicates: 0 });
    const id = invoiceId('chargebee', 'INV-SEC-1');
    const first = await invoice(id);
    expect(first).toMatchObject({ number: 'INV-SEC-1', state: 'open' });
    const items = await s.tableItems();

    expect(await deliver(generated)).toEqual({ received: 0, duplicates: 1 });
    expect(await s.tableItems()).toEqual(items);
    expect(await invoicesOf('chargebee')).toHaveLength(1);

    // Paid, then the first (open) delivery replayed: still paid, nothing added to the timeline.
    const paid = { ...inv, status: 'paid', amount_paid: 120000, amount_due: 0, resource_version: 1793700000000 };
    s.records.chargebee.invoices.set('INV-SEC-1', paid);
    const payment = chargebee(
      cbEvent(
        'ev_sec_paid',
        'payment_succeeded',
        {
          transaction: cbTransaction({
            id: 'txn_sec',
            customer_id: 'cust_sec',
            linked_invoices: [{ invoice_id: 'INV-SEC-1', applied_amount: 120000, applied_at: 1793700000 }],
          }),
          invoice: paid,
          customer,
        },
        1793700000,
      ),
      basic(CB_USER, CB_PASSWORD),
    );
    expect(await deliver(payment)).toEqual({ received: 1, duplicates: 0 });
    const settled = await invoice(id);
    expect(settled.state).toBe('paid');
    const afterPayment = await s.tableItems();
    expect(await deliver(generated)).toEqual({ received: 0, duplicates: 1 });
    expect(await deliver(payment)).toEqual({ received: 0, duplicates: 1 });
    expect(await s.tableItems()).toEqual(afterPayment);
    expect(await invoice(id)).toEqual(settled);
  });

  it('Sellsy: a redelivered notification changes nothing, with or without its timestamp', async () => {
    s.sellsy.state.invoices.set('7001', slInvoice(s.fake.url, { id: 7001 }));
    const id = invoiceId('sellsy', '7001');
    const stamped = sellsyForm(SELLSY_SECRET, notifForm(notif('invoice', '7001', 'created', 1_795_420_000)));
    expect(await deliver(stamped)).toEqual({ received: 1, duplicates: 0 });
    const first = await invoice(id);
    expect(first).toMatchObject({ number: 'F-2611-7001', state: 'open' });
    const items = await s.tableItems();
    expect(await deliver(stamped)).toEqual({ received: 0, duplicates: 1 });
    expect(await s.tableItems()).toEqual(items);

    // Without a timestamp Sellsy's notification has no id: a later copy is a new event, but the worker re-reads
    // the record, so the invoice and its timeline stay as they were.
    const bare = sellsyForm(SELLSY_SECRET, notifForm(notif('invoice', '7001', 'updated')));
    await deliver(bare);
    s.stack.clock.set(new Date(s.stack.clock.now().getTime() + 5_000));
    await deliver(bare);
    expect(await invoice(id)).toEqual(first);
    expect(await invoicesOf('sellsy')).toHaveLength(1);
  });

  it('QuickBooks: the same signed delivery again changes nothing', async () => {
    s.records.quickbooks.invoices.set('5001', qbInvoice('5001'));
    s.records.quickbooks.customers.set('58', qbCustomer);
    const body = cloudEvents('qb-replay-1', '5001');
    expect(await deliver(quickbooks(body, intuit(body)))).toEqual({ received: 1, duplicates: 0 });
    const id = invoiceId('quickbooks', `${QB_REALM}:5001`);
    const first = await invoice(id);
    expect(first).toMatchObject({ number: 'QB-5001', total: 123456, state: 'open' });
    const items = await s.tableItems();
    expect(await deliver(quickbooks(body, intuit(body)))).toEqual({ received: 0, duplicates: 1 });
    expect(await s.tableItems()).toEqual(items);
    expect(await invoicesOf('quickbooks')).toHaveLength(1);
  });

  it('Qonto: the same signed delivery again adds nothing; the same one replayed after the window is refused', async () => {
    const body = qontoPayload('q-replay', { label: 'VIREMENT REPLAY SAS' });
    const signature = qontoSig(nowSeconds(), body);
    const first = await deliver(qonto(body, signature));
    expect(first.received).toBe(1);
    const transactions = async () =>
      (await s.json('/api/bank/transactions?limit=200')).items.filter(
        (t: Json) => t.counterpartyName === 'VIREMENT REPLAY SAS',
      );
    expect(await transactions()).toHaveLength(1);
    const items = await s.tableItems();
    await deliver(qonto(body, signature));
    expect(await s.tableItems()).toEqual(items);
    expect(await transactions()).toHaveLength(1);

    // Six minutes later the very same bytes and header are a replay.
    s.stack.clock.set(new Date(s.stack.clock.now().getTime() + 6 * 60_000));
    await expectAllRefused([['the same delivery six minutes later', qonto(body, signature)]]);
  });
});
