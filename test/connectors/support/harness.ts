/**
 * The integration pipeline as the local stack wires it: the Hono app with the webhook routes, dynalite (the
 * real repositories and event/connection stores), s3rver behind the S3 blob store, and the in-process queue
 * whose consumer is the worker use case.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { startS3 } from '#shared/adapters/local/emulators.ts';
import { InProcessQueue } from '#shared/adapters/local/in-process-queue.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import type { InvoiceSourceClient } from '#shared/ports/invoice-source.ts';
import {
  PROVIDER_EVENTS_QUEUE,
  type ProviderEventMessage,
  type WebhookReceiver,
} from '#shared/ports/webhook-events.ts';
import { makeProviderEventConsumer } from '#shared/use-cases/process-provider-event.ts';
import { makeSyncProvider } from '#shared/use-cases/sync-provider.ts';
import { createApp } from '#shared/web/app.ts';
import type { WebhookProvider } from '#shared/web/webhooks/routes.ts';
import { TEST_TOKEN } from '../../support/app.ts';
import { fixedClock, startTestTable, type TestTable } from '../../support/dynamo.ts';
import { scanAll } from '../../support/table-scan.ts';

export async function startPipeline(options: {
  receivers: Partial<Record<WebhookProvider, WebhookReceiver>>;
  sources: Record<string, InvoiceSourceClient>;
  now?: string;
}) {
  const table: TestTable = await startTestTable();
  const dir = await mkdtemp(join(tmpdir(), 'relance-s3-'));
  const s3 = await startS3({ directory: dir, buckets: ['relance'] });
  const s3client = new S3Objects({
    region: 'eu-west-3',
    endpoint: s3.endpoint,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const blobs = new S3BlobStore(s3client, 'relance');
  const clock = fixedClock(options.now ?? '2026-11-23T09:00:00Z');
  const events = new DynamoWebhookEventStore(table.db, table.tableName);
  const connections = new DynamoConnectionStore(table.db, table.tableName);
  const queue = new InProcessQueue({ maxAttempts: 3, retryBaseMs: 5 });
  const deps = { ...table.stores, clock, blobs, events, sources: options.sources };
  const consume = makeProviderEventConsumer(deps);
  queue.consume(PROVIDER_EVENTS_QUEUE, async (m) => {
    await consume(m.body as ProviderEventMessage);
  });
  const app = createApp({
    ...table.stores,
    clock,
    config: { apiToken: TEST_TOKEN, timeZone: 'Europe/Paris', maxBodyBytes: 1024 * 1024 },
    webhooks: { receivers: options.receivers, events, queue },
  });
  const sync = makeSyncProvider({
    events,
    queue,
    connections,
    invoices: table.stores.invoices,
    clock,
    sources: options.sources,
  });
  const api = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    // biome-ignore lint/suspicious/noExplicitAny: test helper reading arbitrary JSON bodies
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { [k: string]: any } };
  };
  return {
    app,
    table,
    clock,
    blobs,
    events,
    connections,
    queue,
    sync,
    api,
    async close() {
      await queue.drain();
      await s3.close();
      await table.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Pipeline = Awaited<ReturnType<typeof startPipeline>>;

/** Test-only: every raw event item in the table (a scan, never done on a request path). */
export async function storedEventCount(p: Pipeline): Promise<number> {
  const events = await scanAll(p.table.db, p.table.tableName, (item) => String(item.pk).startsWith('EVENT#'));
  return events.length;
}
