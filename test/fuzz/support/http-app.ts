/**
 * The fuzz suite's HTTP target: the real Hono app, composed as the local stack composes it (webhooks of the three
 * providers and Qonto, bank import and matching, document intake with the embedded PDF reader, dunning, messages),
 * over an in-process dynalite table, served by @hono/node-server on 127.0.0.1 (port 0) and called with fetch.
 * The provider queue's consumer only records what was queued (the worker is not what is tested here), and the
 * re-planning hook is left out so that nothing writes in the background between two requests.
 *
 * What a request changed in the table is known from a write log on the DynamoDB client every repository shares:
 * the keys each write named (sent, whether it succeeded or was refused) are read back and compared with a mirror of
 * the table, so a refusal that wrote anything (a partial write) shows, and it costs a few reads rather than a scan
 * that grows with the table.
 * `verifyMirror` then checks, with one full scan, that the write log missed nothing.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
  DynamoPayerRepository,
  DynamoStatementImportRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import { DynamoTaskRepository } from '#shared/adapters/dynamodb/task-repository.ts';
import { DynamoTemplateRepository } from '#shared/adapters/dynamodb/template-repository.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { InProcessQueue } from '#shared/adapters/local/in-process-queue.ts';
import { LocalScheduler } from '#shared/adapters/local/local-scheduler.ts';
import { LocalDocumentReader } from '#shared/adapters/local/pdf-reader/local-document-reader.ts';
import { PdfInspector } from '#shared/adapters/pdf/pdf-inspector.ts';
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import { ChargebeeWebhookReceiver } from '#shared/connectors/chargebee/webhook.ts';
import { QontoWebhookReceiver, signQontoPayload } from '#shared/connectors/qonto/webhook.ts';
import { QuickBooksWebhookReceiver } from '#shared/connectors/quickbooks/webhook.ts';
import { SellsyWebhookReceiver } from '#shared/connectors/sellsy/webhook.ts';
import type { ReminderMessage } from '#shared/ports/reminders.ts';
import { PROVIDER_EVENTS_QUEUE, type ProviderEventMessage } from '#shared/ports/webhook-events.ts';
import { makeDispatchReminders } from '#shared/use-cases/dunning-dispatch.ts';
import { createApp } from '#shared/web/app.ts';
import { TEST_PORTAL_SECRET, TEST_TOKEN } from '../../support/app.ts';
import { fixedClock, startTestTable } from '../../support/dynamo.ts';
import { MemoryBlobs } from '../../support/memory-blobs.ts';
import { scanItems } from '../../support/table-scan.ts';

export const NOW = '2026-11-23T09:00:00Z';
export const SELLSY_SECRET = 'sellsy-fuzz-secret-0123456789';
export const QB_VERIFIER = 'quickbooks-fuzz-verifier';
export const CB_USER = 'cb-fuzz';
export const CB_PASSWORD = 'cb-fuzz-password';
export const QONTO_SECRET = 'qonto-fuzz-secret-0123';
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_DOCUMENT_BYTES = 128 * 1024;
export const MAX_STATEMENT_BYTES = 128 * 1024;

/** One item of the table, by key, with a digest of its whole content (to see changes, not only additions). */
export interface ItemRef {
  key: string;
  pk: string;
  sk: string;
  state?: unknown;
  digest: string;
}

export interface TableDiff {
  added: ItemRef[];
  changed: ItemRef[];
  removed: ItemRef[];
}

export async function startFuzzApp() {
  const table = await startTestTable();
  const { db, tableName } = table;
  const mirror = new Map<string, ItemRef>();
  const touched = new Map<string, { pk: string; sk: string }>();
  // The write log: every write's key, from the client every repository shares. It is logged as the write is sent:
  // a write that fails leaves its item as it was, which the read-back finds equal to the mirror.
  db.service.intercept((call) => {
    for (const key of writtenKeys(call.operation, call.input as Record<string, unknown>)) {
      touched.set(`${key.pk}|${key.sk}`, key);
    }
  });
  const clock = fixedClock(NOW);
  const blobs = new MemoryBlobs();
  const queued: ProviderEventMessage[] = [];
  const sent: ReminderMessage[] = [];
  const queue = new InProcessQueue({ maxAttempts: 1, retryBaseMs: 1 });
  queue.consume(PROVIDER_EVENTS_QUEUE, async (m) => {
    queued.push(m.body as ProviderEventMessage);
  });
  const dunningRepos = {
    reminders: new DynamoReminderRepository(db, tableName),
    settings: new DynamoSettingsRepository(db, tableName),
    plans: new DynamoPlanRepository(db, tableName),
  };
  const dispatch = makeDispatchReminders({
    ...table.stores,
    clock,
    ...dunningRepos,
    channels: {
      email: {
        deliver: async (m) => {
          sent.push(m);
          return { reference: `ref-${m.id}` };
        },
      },
    },
    scheduler: new LocalScheduler(db, tableName, clock),
    portalUrl: (id) => `http://portal.test/portal/${id}`,
  });
  const tasks = new DynamoTaskRepository(db, tableName);
  const templates = new DynamoTemplateRepository(db, tableName);
  const app = createApp({
    ...table.stores,
    clock,
    config: {
      apiToken: TEST_TOKEN,
      timeZone: 'Europe/Paris',
      maxBodyBytes: MAX_BODY_BYTES,
      portalSecret: TEST_PORTAL_SECRET,
    },
    webhooks: {
      receivers: {
        sellsy: new SellsyWebhookReceiver(SELLSY_SECRET, () => clock.now()),
        quickbooks: new QuickBooksWebhookReceiver(QB_VERIFIER),
        chargebee: new ChargebeeWebhookReceiver({ user: CB_USER, password: CB_PASSWORD }),
      },
      events: new DynamoWebhookEventStore(db, tableName),
      queue,
    },
    bank: {
      transactions: new DynamoBankTransactionRepository(db, tableName),
      allocations: new DynamoAllocationRepository(db, tableName),
      credits: new DynamoCustomerCreditRepository(db, tableName),
      payers: new DynamoPayerRepository(db, tableName),
      imports: new DynamoStatementImportRepository(db, tableName),
      reader: new BankStatementReader(),
      maxStatementBytes: MAX_STATEMENT_BYTES,
      webhooks: [new QontoWebhookReceiver(QONTO_SECRET)],
    },
    documentIntake: {
      documents: new DynamoDocumentRepository(db, tableName),
      reader: new LocalDocumentReader(blobs),
      inspector: new PdfInspector(),
      blobs,
      maxDocumentBytes: MAX_DOCUMENT_BYTES,
    },
    dunning: { ...dunningRepos, dispatch, blobs },
    messages: { templates, tasks, blobs },
  });

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** A request over HTTP, authenticated with the API token unless `token` is null. */
  const request = async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string | FormData; token?: string | null } = {},
  ) => {
    const headers = new Headers(init.headers);
    if (init.token !== null && path.startsWith('/api'))
      headers.set('authorization', `Bearer ${init.token ?? TEST_TOKEN}`);
    const res = await fetch(`${base}${path}`, { method: init.method ?? 'POST', headers, body: init.body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json: json as Record<string, unknown> & { error?: ApiError } };
  };

  /** Every item of the table (a test-only scan), by key. */
  const scan = async (): Promise<Map<string, ItemRef>> => {
    const items = new Map<string, ItemRef>();
    for await (const item of scanItems(db, tableName)) {
      const ref = refOf(item);
      items.set(ref.key, ref);
    }
    return items;
  };

  /**
   * What the table became since the previous call: the keys every successful write touched (the write log) are
   * read back and compared with the mirror of the table the test keeps. A full scan per request would grow with the
   * table; `verifyMirror` checks with one scan that the write log missed nothing.
   */
  const changes = async (): Promise<TableDiff> => {
    const keys = [...touched.values()];
    touched.clear();
    const result: TableDiff = { added: [], changed: [], removed: [] };
    for (const { pk, sk } of keys) {
      const key = `${pk}|${sk}`;
      const { Item } = await db.get({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true });
      const before = mirror.get(key);
      if (!Item) {
        if (before) {
          result.removed.push(before);
          mirror.delete(key);
        }
        continue;
      }
      const ref = refOf(Item);
      if (!before) result.added.push(ref);
      else if (before.digest !== ref.digest) result.changed.push(ref);
      mirror.set(key, ref);
    }
    return result;
  };

  const verifyMirror = async () => {
    await changes();
    const actual = await scan();
    const missed = [...actual.values()].filter((i) => mirror.get(i.key)?.digest !== i.digest).map((i) => i.key);
    const ghosts = [...mirror.keys()].filter((k) => !actual.has(k));
    return { missed, ghosts, items: actual.size };
  };

  const qontoSignature = (raw: string) => {
    const t = String(Math.floor(clock.now().getTime() / 1000));
    return `t=${t},v1=${signQontoPayload(QONTO_SECRET, t, raw)}`;
  };

  return {
    app,
    table,
    clock,
    blobs,
    queue,
    queued,
    sent,
    tasks,
    templates,
    base,
    request,
    changes,
    verifyMirror,
    qontoSignature,
    async close() {
      await queue.drain();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await table.close();
    },
  };
}

export type FuzzApp = Awaited<ReturnType<typeof startFuzzApp>>;

function refOf(item: Record<string, unknown>): ItemRef {
  return {
    key: `${item.pk}|${item.sk}`,
    pk: String(item.pk),
    sk: String(item.sk),
    state: item.state,
    digest: createHash('sha1')
      .update(JSON.stringify(item, Object.keys(item).sort()))
      .digest('hex'),
  };
}

/**
 * The keys a write touches. The client's only writes are PutItem, UpdateItem and DeleteItem, each naming one item
 * with plain values (the interceptor sees the input before it is marshalled).
 */
function writtenKeys(operation: string, input: Record<string, unknown>): { pk: string; sk: string }[] {
  const keyOf = (k: unknown) => {
    const r = k as Record<string, unknown> | undefined;
    return r && 'pk' in r ? [{ pk: String(r.pk), sk: String(r.sk) }] : [];
  };
  switch (operation) {
    case 'PutItem':
      return keyOf(input.Item);
    case 'UpdateItem':
    case 'DeleteItem':
      return keyOf(input.Key);
    default:
      return [];
  }
}

export interface ApiError {
  code: string;
  message: string;
  details: { field?: string; message: string }[];
}

/** Item keys, for a readable failure message. */
export const describeDiff = (d: TableDiff) =>
  JSON.stringify({
    added: d.added.map((i) => `${i.key} (${String(i.state ?? '')})`),
    changed: d.changed.map((i) => `${i.key} (${String(i.state ?? '')})`),
    removed: d.removed.map((i) => i.key),
  });
