/**
 * What the faults suite injects, and the pieces it wires. Nothing here replaces our own code: faults are put on
 * the AWS client (an interceptor on the DynamoDB client), on the wire (an HTTP proxy in front of the SES emulator),
 * or in the fake provider (a fake Sellsy API on 127.0.0.1 that answers 429, 500, 404 or too late on demand).
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { SesMailer, type SesMailerOptions } from '#shared/adapters/aws/ses-mailer.ts';
import { EmailChannel } from '#shared/adapters/channels/email-channel.ts';
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
  DynamoPayerRepository,
  DynamoStatementImportRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { startS3 } from '#shared/adapters/local/emulators.ts';
import { InProcessQueue } from '#shared/adapters/local/in-process-queue.ts';
import { LocalScheduler } from '#shared/adapters/local/local-scheduler.ts';
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import type { RetryPolicy } from '#shared/connectors/http/provider-http.ts';
import { SellsyClient } from '#shared/connectors/sellsy/client.ts';
import { SellsyTokens } from '#shared/connectors/sellsy/tokens.ts';
import { SellsyWebhookReceiver } from '#shared/connectors/sellsy/webhook.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SesV2 } from '#shared/platform/aws/sesv2.ts';
import type { Clock } from '#shared/ports/clock.ts';
import { PROVIDER_EVENTS_QUEUE, type ProviderEventMessage } from '#shared/ports/webhook-events.ts';
import type { BankDeps } from '#shared/use-cases/bank-deps.ts';
import { DISPATCH_TARGET, makeDispatchReminders } from '#shared/use-cases/dunning-dispatch.ts';
import { makeProviderEventConsumer } from '#shared/use-cases/process-provider-event.ts';
import { type InvoiceInput, makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { makeReplayFailedEvents } from '#shared/use-cases/replay-failed-events.ts';
import { makeSyncProvider } from '#shared/use-cases/sync-provider.ts';
import { createApp } from '#shared/web/app.ts';
import { type FakeReply, type FakeServer, pdfBytes, startFakeServer } from '../connectors/support/fake-server.ts';
import { TEST_TOKEN } from '../support/app.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

// ---------------------------------------------------------------------------------------------------------------
// DynamoDB: a hook on the client, before each call is sent.

/** Called with the DynamoDB operation (`PutItem`, `GetItem`…) and its input (plain values); may throw or wait. */
export type DynamoHook = (operation: string, input: unknown) => void | Promise<void>;

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
export const isWrite = (operation: string) => WRITES.has(operation);

/**
 * Puts `hook` in front of every call this client (and every repository built on it) sends, once per call (not per
 * attempt). Returns a switch to turn it off.
 */
export function hookDynamo(db: DynamoDocuments, hook: DynamoHook): { off(): void } {
  return db.service.intercept((call) => hook(call.operation, call.input));
}

/** The key of the item a write names (Item for a PutItem, Key for an update or delete). */
export function writeKey(operation: string, input: unknown): { pk?: string; sk?: string } {
  const { Item, Key } = input as { Item?: Record<string, unknown>; Key?: Record<string, unknown> };
  const item = operation === 'PutItem' ? Item : isWrite(operation) ? Key : undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { pk: text(item?.pk), sk: text(item?.sk) };
}

/** Writes `items` into a table as they are (test-only BatchWriteItem, 25 at a time, unprocessed ones again). */
export async function putAll(db: DynamoDocuments, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: unknown[] = items
      .slice(i, i + 25)
      .map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } }));
    while (requests.length > 0) {
      const input = { RequestItems: { [tableName]: requests } };
      const out = await db.client.call<{ UnprocessedItems?: Record<string, unknown[]> }>('BatchWriteItem', input);
      requests = out.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

/** The process died right there: the write it was about to make never reached the table. */
export class InjectedCrash extends Error {
  constructor(readonly command: string) {
    super(`injected crash before ${command}`);
    this.name = 'InjectedCrash';
  }
}

/** A hook that counts writes and throws InjectedCrash instead of sending the `nth` one (1-based). */
export function crashOnWrite(nth: number) {
  const state = { writes: 0, crashed: undefined as string | undefined };
  const hook: DynamoHook = (command, input) => {
    if (!isWrite(command)) return;
    state.writes++;
    if (state.writes === nth) {
      const { pk, sk } = writeKey(command, input);
      state.crashed = `${command} ${pk?.split('#')[0]}#… ${sk?.split('#')[0]}`;
      throw new InjectedCrash(command);
    }
  };
  return { hook, state };
}

/** Holds the first `parties` callers until all of them have arrived, then lets them all go. */
export function barrier(parties: number) {
  let arrived = 0;
  let release!: () => void;
  const open = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    get arrived() {
      return arrived;
    },
    /** Waits for the others; gives up after `timeoutMs` (the test then sees `arrived < parties`). */
    async wait(timeoutMs = 5_000): Promise<void> {
      if (arrived >= parties) return;
      arrived++;
      if (arrived === parties) release();
      await Promise.race([open, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SES: a proxy in front of aws-ses-v2-local that refuses SendEmail with SES's own throttling answer.

export interface ThrottlingSes {
  endpoint: string;
  /** SendEmail calls answered 429 TooManyRequestsException so far. */
  throttled: number;
  /** SendEmail calls passed on to the emulator so far. */
  forwarded: number;
  /** How many of the next SendEmail calls to throttle. */
  throttleNext(count: number): void;
  close(): Promise<void>;
}

export async function startThrottlingSes(target: string): Promise<ThrottlingSes> {
  const upstream = new URL(target);
  let pending = 0;
  const state = { throttled: 0, forwarded: 0 };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const sendEmail = req.method === 'POST' && (req.url ?? '').startsWith('/v2/email/outbound-emails');
    if (sendEmail && pending > 0) {
      pending--;
      state.throttled++;
      // What SES v2 answers when the account's sending rate is exceeded (REST-JSON error: type in the header).
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.sesv2/',
        'x-amzn-requestid': `throttled-${state.throttled}`,
      });
      res.end(JSON.stringify({ message: 'Too Many Requests' }));
      return;
    }
    if (sendEmail) state.forwarded++;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    forward.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get throttled() {
      return state.throttled;
    },
    get forwarded() {
      return state.forwarded;
    },
    throttleNext: (count) => {
      pending = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An SES v2 client as the product builds it (shared/platform/aws/sesv2.ts: one attempt, a send is never retried). */
export function sesClientFor(endpoint: string): SesV2 {
  return new SesV2({ region: 'eu-west-3', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

// ---------------------------------------------------------------------------------------------------------------
// Sellsy: a fake API (token endpoint, invoices, companies, contacts, search) and file host, with faults on demand.

export const SELLSY_SECRET = 'faults-sellsy-path-secret-0123';
export const SELLSY_CLIENT = { id: 'faults-client', secret: 'faults-client-secret' };
const COMPANY = 7001;
const CONTACT = 7101;

/** One fault for the next call of a route: an HTTP status, or an answer that comes after the client gave up. */
export type Fault = { status: 429; retryAfter?: string } | { status: 500 | 503 | 404 } | { hangMs: number };

export interface FakeSellsy {
  api: FakeServer;
  files: FakeServer;
  invoices: Map<string, Record<string, unknown>>;
  /** Faults served, in order, by the next calls of "METHOD /path" (before the record is answered). */
  faults: Map<string, Fault[]>;
  /** Calls of "METHOD /path" so far (token calls excluded). */
  calls(route: string): number;
  close(): Promise<void>;
}

export function sellsyInvoice(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    number: `F-SL-${id}`,
    status: 'due',
    date: '2026-11-02',
    due_date: '2026-12-02',
    created: '2026-11-02T11:46:11+01:00',
    currency: 'EUR',
    related: [{ type: 'company', id: COMPANY }],
    amounts: { total_incl_tax: '1200.000', total_remaining_due_incl_tax: '1200.000' },
    last_payment: null,
    ...overrides,
  };
}

export async function startFakeSellsy(): Promise<FakeSellsy> {
  const api = await startFakeServer();
  const files = await startFakeServer();
  const invoices = new Map<string, Record<string, unknown>>();
  const faults = new Map<string, Fault[]>();
  const counts = new Map<string, number>();

  /** Serves the route's next fault, if any; else `answer()`. */
  const faulty =
    (route: string, answer: (path: string, body: string) => FakeReply) =>
    async (req: { path: string; body: string }): Promise<FakeReply> => {
      counts.set(route, (counts.get(route) ?? 0) + 1);
      const fault = faults.get(route)?.shift();
      if (fault && 'hangMs' in fault) {
        await new Promise((resolve) => setTimeout(resolve, fault.hangMs));
      } else if (fault) {
        return {
          status: fault.status,
          headers: fault.status === 429 && fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
          json: { error: { code: fault.status, message: 'injected' } },
        };
      }
      return answer(req.path, req.body);
    };

  api.on('POST /oauth2/access-tokens', (req) => {
    const form = new URLSearchParams(req.body);
    if (form.get('client_id') !== SELLSY_CLIENT.id || form.get('client_secret') !== SELLSY_CLIENT.secret) {
      return { status: 401, json: { error: 'invalid_client' } };
    }
    return { json: { token_type: 'Bearer', expires_in: 86_400, access_token: 'faults-token' } };
  });
  api.on(
    'GET /v2/invoices/*',
    faulty('GET /v2/invoices', (path) => {
      const found = invoices.get(path.split('/').pop() ?? '');
      return found ? { json: { ...found, pdf_link: `${files.url}/?id=${found.id}` } } : { status: 404, json: {} };
    }),
  );
  api.on(
    'GET /v2/companies/*',
    faulty('GET /v2/companies', () => ({
      json: {
        id: COMPANY,
        name: 'Boulangerie Martin SARL',
        email: 'contact@boulangerie.example',
        legal_france: { siren: '552100554', siret: null, vat: 'FR40552100554' },
        dunning_contact_id: CONTACT,
      },
    })),
  );
  api.on(
    'GET /v2/contacts/*',
    faulty('GET /v2/contacts', () => ({
      json: { id: CONTACT, first_name: 'Lucie', last_name: 'Martin', email: 'compta@boulangerie.example' },
    })),
  );
  api.on(
    'POST /v2/invoices/search',
    faulty('POST /v2/invoices/search', () => ({
      json: {
        data: [...invoices.values()].filter((i) => ['due', 'payinprogress', 'late'].includes(String(i.status))),
        pagination: { offset: null },
      },
    })),
  );
  api.on(
    'POST /v2/credit-notes/search',
    faulty('POST /v2/credit-notes/search', () => ({ json: { data: [], pagination: { offset: null } } })),
  );
  files.on('GET /', (req) => ({
    headers: { 'content-type': 'application/pdf' },
    body: pdfBytes(`sellsy-${req.query.get('id')}`),
  }));

  return {
    api,
    files,
    invoices,
    faults,
    calls: (route) => counts.get(route) ?? 0,
    close: async () => {
      await Promise.all([api.close(), files.close()]);
    },
  };
}

/** The form body Sellsy posts to the webhook: one field `notif` holding JSON text. */
export function sellsyNotification(relatedtype: string, id: number, event: string, timestamp: number): string {
  return new URLSearchParams({
    notif: JSON.stringify({ event, relatedtype, relatedid: String(id), timestamp: String(timestamp) }),
  }).toString();
}

// ---------------------------------------------------------------------------------------------------------------
// Bank: the bank use cases' dependencies on a test table.

export function bankDeps(table: Pick<TestTable, 'db' | 'tableName' | 'stores'>, clock: Clock): BankDeps {
  const { db, tableName } = table;
  return {
    ...table.stores,
    clock,
    transactions: new DynamoBankTransactionRepository(db, tableName),
    allocations: new DynamoAllocationRepository(db, tableName),
    credits: new DynamoCustomerCreditRepository(db, tableName),
    payers: new DynamoPayerRepository(db, tableName),
    imports: new DynamoStatementImportRepository(db, tableName),
    reader: new BankStatementReader(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The Sellsy integration as the local stack wires it (local/integrations.ts): the webhook route of the Hono app,
// the raw event store, the in-process queue whose consumer is the worker, the catch-up sync, the PDFs in s3rver.

export async function startSellsyPipeline(
  options: { now?: string; retry?: Partial<RetryPolicy>; timeoutMs?: number; queue?: { maxAttempts: number } } = {},
) {
  const sellsy = await startFakeSellsy();
  const table = await startTestTable();
  const dir = await mkdtemp(join(tmpdir(), 'relance-faults-s3-'));
  const s3 = await startS3({ directory: dir, buckets: ['relance'] });
  const s3client = new S3Objects({
    region: 'eu-west-3',
    endpoint: s3.endpoint,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const clock = fixedClock(options.now ?? '2026-11-03T09:00:00Z');
  const events = new DynamoWebhookEventStore(table.db, table.tableName);
  const connections = new DynamoConnectionStore(table.db, table.tableName);
  // Back-off in milliseconds rather than the local stack's 200 ms base: same code path, a faster test.
  const queue = new InProcessQueue({ maxAttempts: options.queue?.maxAttempts ?? 5, retryBaseMs: 5 });
  const tokens = new SellsyTokens({
    tokenUrl: `${sellsy.api.url}/oauth2/access-tokens`,
    clientId: SELLSY_CLIENT.id,
    clientSecret: SELLSY_CLIENT.secret,
    connections,
    clock,
  });
  const client = new SellsyClient({
    apiUrl: `${sellsy.api.url}/v2`,
    tokens,
    timeoutMs: options.timeoutMs ?? 2_000,
    // The policy's shape is the product's; only the waits are shortened.
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...options.retry },
  });
  const sources = { sellsy: client };
  const deps = { ...table.stores, clock, blobs: new S3BlobStore(s3client, 'relance'), events, sources };
  const consume = makeProviderEventConsumer(deps);
  queue.consume(PROVIDER_EVENTS_QUEUE, async (m) => {
    await consume(m.body as ProviderEventMessage);
  });
  const receiver = new SellsyWebhookReceiver(SELLSY_SECRET, () => clock.now());
  const app = createApp({
    ...table.stores,
    clock,
    config: { apiToken: TEST_TOKEN, timeZone: 'Europe/Paris', maxBodyBytes: 1024 * 1024 },
    webhooks: { receivers: { sellsy: receiver }, events, queue },
  });
  const sync = makeSyncProvider({ events, queue, connections, invoices: table.stores.invoices, clock, sources });
  const replay = makeReplayFailedEvents({ events, queue, clock, receivers: { sellsy: receiver } });
  /** A Sellsy notification delivered to the webhook route; the answer's status and body. */
  const deliver = async (relatedtype: string, id: number, event: string, timestamp: number) => {
    const res = await app.request(`/webhooks/sellsy/${SELLSY_SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: sellsyNotification(relatedtype, id, event, timestamp),
    });
    return { status: res.status, body: (await res.json()) as { received?: number; duplicates?: number } };
  };
  return {
    sellsy,
    table,
    clock,
    events,
    connections,
    queue,
    sync,
    replay,
    deliver,
    async close() {
      await queue.drain();
      await Promise.all([s3.close(), sellsy.close()]);
      await table.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type SellsyPipeline = Awaited<ReturnType<typeof startSellsyPipeline>>;

// ---------------------------------------------------------------------------------------------------------------
// Dunning: the dispatch with the real e-mail channel (SES v2 through `sesEndpoint`), the table-backed local
// scheduler, and the recording of invoices that re-plans their customer, as the local stack wires them.

export async function startDunning(
  table: Pick<TestTable, 'db' | 'tableName' | 'stores'>,
  clock: Clock,
  options: { sesEndpoint: string; mailer?: SesMailerOptions },
) {
  const { db, tableName } = table;
  const ses = sesClientFor(options.sesEndpoint);
  // The invoices' PDFs would be read from here (the invoices of these tests have none).
  const dir = await mkdtemp(join(tmpdir(), 'relance-faults-pdf-'));
  const s3 = await startS3({ directory: dir, buckets: ['relance'] });
  const s3client = new S3Objects({
    region: 'eu-west-3',
    endpoint: s3.endpoint,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const email = new EmailChannel({
    mailer: new SesMailer(ses, { sendRate: 50, ...options.mailer }),
    blobs: new S3BlobStore(s3client, 'relance'),
  });
  const reminders = new DynamoReminderRepository(db, tableName);
  const scheduler = new LocalScheduler(db, tableName, clock, { retryBaseMs: 60_000 });
  const dispatch = makeDispatchReminders({
    ...table.stores,
    clock,
    reminders,
    settings: new DynamoSettingsRepository(db, tableName),
    plans: new DynamoPlanRepository(db, tableName),
    channels: { email },
    scheduler,
    portalUrl: (customerId) => `http://portal.test/portal/${customerId}`,
  });
  scheduler.register(DISPATCH_TARGET, async (payload) => {
    await dispatch((payload as { customerId: string }).customerId);
  });
  const record = makeRecordInvoice({
    ...table.stores,
    clock,
    onCustomerChanged: async (id) => void (await dispatch(id)),
  });
  return {
    dispatch,
    scheduler,
    reminders,
    record: (input: InvoiceInput) => record(input, { kind: 'integration', id: 'api' }),
    async close() {
      await s3.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Dunning = Awaited<ReturnType<typeof startDunning>>;

/** An invoice from the generic API for one customer with a billing e-mail. */
export function apiInvoice(externalId: string, dueDate: string, total: number, amountPaid = 0): InvoiceInput {
  return {
    source: 'api',
    externalId,
    number: `F-${externalId}`,
    customer: {
      externalId: 'FAULTS',
      name: 'Fautes SARL',
      email: 'compta@fautes.example',
      contactName: 'Claire Martin',
    },
    issueDate: '2026-10-10',
    dueDate,
    currency: 'EUR',
    total,
    amountPaid,
  };
}
