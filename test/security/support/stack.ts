/**
 * The security suite's target: the local stack exactly as `npm start` builds it (dynalite, s3rver, the SES
 * emulator, the Hono app served over HTTP on 127.0.0.1), with every provider switched on by its environment
 * variables — Sellsy, QuickBooks and Chargebee pointed at one fake provider server, Qonto's signed webhook — and a
 * small body limit. Tests talk to it with fetch only; the table and the bucket are read directly to prove that a
 * refused request stored nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { signQontoPayload } from '#shared/connectors/qonto/webhook.ts';
import { bankTransactionId } from '#shared/domain/bank/bank-transaction.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { logger } from '#shared/platform/logger.ts';
import { SESSION_COOKIE } from '#shared/web/auth.ts';
import { signPortalToken } from '#shared/web/portal-token.ts';
import { loadLocalConfig } from '../../../local/config.ts';
import { portalSecret } from '../../../local/dunning.ts';
import { BUCKET, type LocalStack, startLocalStack, TABLE_NAME } from '../../../local/stack.ts';
import { CLIENT_ID, CLIENT_SECRET, fakeSellsy, SECRET as SELLSY_SECRET } from '../../connectors/sellsy-fixtures.ts';
import { type FakeServer, pdfBytes, startFakeServer } from '../../connectors/support/fake-server.ts';
import { scanItems } from '../../support/table-scan.ts';

export const API_TOKEN = 'security-suite-api-token-0123456789';
export const MAX_BODY_BYTES = 64 * 1024;
export { SELLSY_SECRET };
export const QB_VERIFIER = 'qbo-verifier-token-0123456789';
export const QB_REALM = '310687';
export const CB_USER = 'relance-hooks';
export const CB_PASSWORD = 'chargebee-hook-password-123';
export const QONTO_SECRET = 'qonto-webhook-secret-0123456789';
/** Monday 23 November 2026, 09:05 in Paris: a business day, after the send hour. */
export const NOW = '2026-11-23T08:05:00Z';

// biome-ignore lint/suspicious/noExplicitAny: test helper reading arbitrary JSON bodies
export type Json = any;

export interface RequestOptions {
  method?: string;
  /** `undefined`: the API token as a bearer header; `null`: no Authorization header; a string: that header. */
  authorization?: string | null;
  cookie?: string;
  json?: unknown;
  form?: Record<string, string>;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
}

export type SecureStack = Awaited<ReturnType<typeof startSecureStack>>;

/** Quickbooks' and Chargebee's records as the fake serves them (Sellsy's are in `sellsy.state`). */
export interface ProviderRecords {
  quickbooks: { invoices: Map<string, Json>; customers: Map<string, Json> };
  chargebee: { invoices: Map<string, Json>; customers: Map<string, Json> };
}

function fakeProviders(fake: FakeServer): { sellsy: ReturnType<typeof fakeSellsy>; records: ProviderRecords } {
  const sellsy = fakeSellsy(fake, fake);
  // The catch-up sync at start: nothing to catch up.
  const empty = sellsy.authed(() => ({ json: { data: [], pagination: { offset: null } } }));
  fake.on('POST /v2/invoices/search', empty);
  fake.on('POST /v2/credit-notes/search', empty);

  const records: ProviderRecords = {
    quickbooks: { invoices: new Map(), customers: new Map() },
    chargebee: { invoices: new Map(), customers: new Map() },
  };
  let refreshes = 0;
  fake.on('POST /oauth2/v1/tokens/bearer', () => {
    refreshes++;
    return {
      json: {
        token_type: 'bearer',
        access_token: `qbo-access-${refreshes}`,
        expires_in: 3600,
        refresh_token: `qbo-refresh-${refreshes}`,
        x_refresh_token_expires_in: 8726400,
      },
    };
  });
  const qb = `/v3/company/${QB_REALM}`;
  fake.on(`GET ${qb}/query`, () => ({ json: { QueryResponse: {} } }));
  fake.on(`GET ${qb}/cdc`, () => ({ json: { CDCResponse: [{ QueryResponse: [] }] } }));
  const byId = (map: Map<string, Json>, wrap: string) => (req: { path: string }) => {
    const found = map.get(req.path.split('/')[5] ?? '');
    return found ? { json: { [wrap]: found } } : { status: 404, json: { Fault: { Error: [{ code: '610' }] } } };
  };
  fake.on(`GET ${qb}/invoice/*`, byId(records.quickbooks.invoices, 'Invoice'));
  fake.on(`GET ${qb}/customer/*`, byId(records.quickbooks.customers, 'Customer'));
  fake.on(`GET ${qb}/invoice/*/pdf`, (req) => ({
    headers: { 'content-type': 'application/pdf' },
    body: pdfBytes(`qbo-${req.path}`),
  }));

  fake.on('GET /api/v2/invoices', () => ({ json: { list: [] } }));
  fake.on('GET /api/v2/invoices/*', (req) => {
    const found = records.chargebee.invoices.get(req.path.split('/')[4] ?? '');
    return found ? { json: { invoice: found } } : { status: 404, json: { api_error_code: 'resource_not_found' } };
  });
  fake.on('GET /api/v2/customers/*', (req) => {
    const found = records.chargebee.customers.get(req.path.split('/')[4] ?? '');
    return found ? { json: { customer: found } } : { status: 404, json: { api_error_code: 'resource_not_found' } };
  });
  fake.on('POST /api/v2/invoices/*/pdf', (req) => ({
    json: {
      download: {
        download_url: `${fake.url}/cb-files/${req.path.split('/')[4]}.pdf`,
        valid_till: 1893456000,
        mime_type: 'application/pdf',
      },
    },
  }));
  fake.on('GET /cb-files/*', (req) => ({ headers: { 'content-type': 'application/pdf' }, body: pdfBytes(req.path) }));
  return { sellsy, records };
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** ListObjectsV2's XML answer, values as sent (a key of digits stays a string, spaces kept), `Contents` a list. */
const LIST_PARSER = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'Contents',
});
interface ListPage {
  Contents?: { Key?: string }[];
  IsTruncated?: string;
  NextContinuationToken?: string;
}

/** The value with every object's keys in order, so equal items stringify equally. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || value instanceof Set) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((k) => [k, sortedKeys(object[k])]),
  );
}

export async function startSecureStack() {
  const dir = await mkdtemp(join(tmpdir(), 'relance-security-'));
  const fake = await startFakeServer();
  const { sellsy, records } = fakeProviders(fake);
  const providerEnv: Record<string, string> = {
    SELLSY_WEBHOOK_SECRET: SELLSY_SECRET,
    SELLSY_CLIENT_ID: CLIENT_ID,
    SELLSY_CLIENT_SECRET: CLIENT_SECRET,
    SELLSY_API_URL: `${fake.url}/v2`,
    SELLSY_TOKEN_URL: `${fake.url}/oauth2/access-tokens`,
    QUICKBOOKS_VERIFIER_TOKEN: QB_VERIFIER,
    QUICKBOOKS_CLIENT_ID: 'qbo-client',
    QUICKBOOKS_CLIENT_SECRET: 'qbo-client-secret',
    QUICKBOOKS_REFRESH_TOKEN: 'qbo-refresh-0',
    QUICKBOOKS_REALM_ID: QB_REALM,
    QUICKBOOKS_API_URL: fake.url,
    QUICKBOOKS_TOKEN_URL: `${fake.url}/oauth2/v1/tokens/bearer`,
    CHARGEBEE_WEBHOOK_USER: CB_USER,
    CHARGEBEE_WEBHOOK_PASSWORD: CB_PASSWORD,
    CHARGEBEE_API_KEY: 'cb_test_key',
    CHARGEBEE_SITE_URL: fake.url,
    QONTO_WEBHOOK_SECRET: QONTO_SECRET,
  };
  // The stack reads the providers' variables from process.env when it starts (as `npm start` does); restored after.
  const saved = Object.fromEntries(Object.keys(providerEnv).map((k) => [k, process.env[k]]));
  Object.assign(process.env, providerEnv);
  let stack: LocalStack;
  try {
    stack = await startLocalStack(
      loadLocalConfig({
        PORT: '0',
        RELANCE_DATA_DIR: dir,
        RELANCE_API_TOKEN: API_TOKEN,
        RELANCE_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      }),
    );
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  stack.clock.set(new Date(NOW));
  // The catch-up sync each provider runs at start: let it finish so it is not mistaken for a request's doing.
  const syncCalls = ['/v2/invoices/search', `/v3/company/${QB_REALM}/query`, '/api/v2/invoices'];
  for (let i = 0; i < 200 && !syncCalls.every((p) => fake.requests.some((r) => r.path === p)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  await stack.queue.drain();
  // Refused requests are what this suite sends on purpose: their warnings would drown the report.
  logger.setLogLevel('ERROR');
  const db = new DynamoDocuments({
    region: 'eu-west-3',
    endpoint: stack.endpoints.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const secret = portalSecret(API_TOKEN);

  async function request(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers = new Headers(options.headers);
    if (options.authorization === undefined) headers.set('authorization', `Bearer ${API_TOKEN}`);
    else if (options.authorization !== null) headers.set('authorization', options.authorization);
    if (options.cookie) headers.set('cookie', options.cookie);
    let body = options.body;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(options.form).toString();
    }
    return fetch(`${stack.url}${path}`, { method: options.method ?? 'GET', headers, body, redirect: 'manual' });
  }

  const json = async (path: string, options: RequestOptions = {}): Promise<Json> => {
    const res = await request(path, options);
    if (res.status >= 300) throw new Error(`${options.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  /** Every item of the table but the background bookkeeping (provider connections, schedules), in key order. */
  async function tableItems(): Promise<string[]> {
    const items: string[] = [];
    for await (const item of scanItems(db, TABLE_NAME)) {
      if (/^(CONNECTION|SCHEDULE)#/.test(String(item.pk))) continue;
      items.push(JSON.stringify(sortedKeys(item)));
    }
    return items.sort();
  }

  async function bucketKeys(): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      // A test-only ListObjectsV2 (the product never lists), on the S3 client's signed REST calls.
      const res = await stack.clients.s3.service.send(
        'ListObjectsV2',
        { Bucket: BUCKET, ContinuationToken: token },
        {
          method: 'GET',
          path: `/${encodeURIComponent(BUCKET)}`,
          query: { 'list-type': '2', 'continuation-token': token },
          headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
        },
      );
      const page = LIST_PARSER.parse(new TextDecoder().decode(res.body)).ListBucketResult as ListPage | undefined;
      for (const o of page?.Contents ?? []) if (o.Key) keys.push(String(o.Key));
      token = page?.IsTruncated === 'true' ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  /** Logs in through the form as a browser would; the session cookie (`name=value`) for the next requests. */
  async function login(): Promise<string> {
    const res = await request('/login', { authorization: null, form: { token: API_TOKEN, next: '/' }, method: 'POST' });
    const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (res.status !== 303 || !line) throw new Error(`login failed: ${res.status}`);
    return line.split(';')[0] as string;
  }

  /** The `_csrf` hidden field of the first form of an HTML page. */
  const csrfOf = (html: string): string => {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error('no CSRF field on the page');
    return token;
  };

  /** Records an invoice through the API (and waits for the re-planning it triggers). */
  async function recordInvoice(input: {
    externalId: string;
    number?: string;
    customer: Record<string, unknown>;
    issueDate?: string;
    dueDate?: string;
    total?: number;
    amountPaid?: number;
  }): Promise<Json> {
    const invoice = await json('/api/invoices', {
      method: 'POST',
      json: {
        source: 'api',
        number: input.externalId,
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        currency: 'EUR',
        total: 120000,
        amountPaid: 0,
        ...input,
      },
    });
    await stack.queue.drain();
    return invoice;
  }

  const portalToken = (customerId: string, expiresAt = Math.floor(stack.clock.now().getTime() / 1000) + 86_400) =>
    signPortalToken(customerId, expiresAt, secret);

  /** A Qonto delivery signed as Qonto signs it (timestamp in seconds of the stack's clock unless given). */
  function qontoDelivery(body: string, t = Math.floor(stack.clock.now().getTime() / 1000), key = QONTO_SECRET) {
    return {
      method: 'POST',
      authorization: null,
      body,
      headers: {
        'content-type': 'application/json',
        'x-qonto-signature': `t=${t},v1=${signQontoPayload(key, String(t), body)}`,
      },
    } satisfies RequestOptions;
  }

  /**
   * One customer with every kind of record a route can show: an overdue invoice, a call task (a plan whose only
   * step is a call, for the customer's segment), an uploaded document, and a bank transaction from Qonto.
   */
  async function seed(input: {
    key: string;
    customer: Record<string, unknown>;
    number?: string;
    counterparty?: string;
    fileName?: string;
  }): Promise<{ invoice: Json; customerId: string; taskId: string; documentId: string; transactionId: string }> {
    const segment = `seg-${input.key}`;
    const plans = (await json('/api/plans')).plans.filter((p: Json) => p.id !== 'default');
    await json('/api/plans', {
      method: 'PUT',
      json: {
        plans: [
          ...plans,
          {
            id: `plan-${input.key}`,
            name: `Plan ${input.key}`,
            segments: [segment],
            steps: [
              {
                id: 'mail',
                offsetDays: 1,
                channel: 'email',
                template: 'friendly',
                tone: 2,
                penalties: 'none',
                attachPdfs: false,
              },
              {
                id: 'sms',
                offsetDays: 2,
                channel: 'sms',
                template: 'friendly',
                tone: 2,
                penalties: 'none',
                attachPdfs: false,
              },
              {
                id: 'call',
                offsetDays: 4,
                channel: 'call_task',
                template: 'call',
                tone: 4,
                penalties: 'none',
                attachPdfs: false,
              },
            ],
          },
        ],
      },
    });
    // A mobile number for the SMS step (without one that step fails and is retried until dead-lettered).
    const customer = { externalId: `C-${input.key}`, segment, phone: '+33612345678', ...input.customer };
    // One invoice at each step (e-mail, SMS, call): the dispatch on recording sends them all.
    await recordInvoice({
      externalId: `${input.key}-3`,
      number: `${input.number ?? input.key}-C`,
      customer,
      dueDate: '2026-11-22',
    });
    await recordInvoice({
      externalId: `${input.key}-2`,
      number: `${input.number ?? input.key}-B`,
      customer,
      dueDate: '2026-11-21',
    });
    const invoice = await recordInvoice({
      externalId: `${input.key}-1`,
      number: input.number ?? input.key,
      customer,
      dueDate: '2026-11-18',
    });
    const tasks = (await json('/api/tasks?limit=500')).items as Json[];
    const task = tasks.find((t) => t.customerId === invoice.customerId);
    if (!task) throw new Error('the dispatch made no call task');

    const form = new FormData();
    const pdf = pdfBytes(`document ${input.key}`);
    form.set('file', new Blob([pdf], { type: 'application/pdf' }), input.fileName ?? `${input.key}.pdf`);
    const document = await json('/api/documents', { method: 'POST', body: form });

    const id = `q-${input.key}`;
    await request(
      '/webhooks/qonto',
      qontoDelivery(qontoPayload(id, { label: input.counterparty ?? `VIR ${input.key}` })),
    );
    const transaction = await json(`/api/bank/transactions/${bankTransactionId(`qonto:${id}`)}`);
    await stack.queue.drain();
    return {
      invoice,
      customerId: invoice.customerId,
      taskId: task.id,
      documentId: document.id,
      transactionId: transaction.id ?? transaction.transaction?.id,
    };
  }

  return {
    stack,
    url: stack.url,
    dataDir: dir,
    seed,
    fake,
    sellsy,
    records,
    portalSecret: secret,
    request,
    json,
    tableItems,
    bucketKeys,
    login,
    csrfOf,
    recordInvoice,
    portalToken,
    qontoDelivery,
    async close() {
      await stack.close();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A Qonto transaction webhook payload (data is the transaction, as Qonto sends it). */
export function qontoPayload(id: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: `evt-${id}`,
    subscription_id: 'sub-1',
    organization_id: 'org-1',
    membership_id: 'mem-1',
    type: 'v1/transactions',
    created_at: '2026-11-23T08:00:00.000Z',
    data: {
      event: 'transactions.created',
      id,
      transaction_id: `tx-${id}`,
      amount: 120.5,
      amount_cents: 12050,
      currency: 'EUR',
      side: 'credit',
      operation_type: 'transfer',
      status: 'completed',
      label: 'VIREMENT ACME',
      reference: 'F-2026-1',
      settled_at: '2026-11-23T07:00:00.000Z',
      emitted_at: '2026-11-23T07:00:00.000Z',
      updated_at: '2026-11-23T07:00:00.000Z',
      ...overrides,
    },
  });
}
