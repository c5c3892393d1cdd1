/**
 * The whole product on one laptop process, on 127.0.0.1 only: dynalite, s3rver, the SES emulator, the Hono app,
 * the local scheduler with its controllable clock, and the in-process queue. The AWS clients are the ones the
 * functions use, pointed at the emulators; the app, use cases and adapters are the same code that runs on AWS.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { S3Event } from 'aws-lambda';
import type { Hono } from 'hono';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { ensureTable } from '#shared/adapters/dynamodb/ensure-table.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { ControllableClock } from '#shared/adapters/local/controllable-clock.ts';
import { startDynalite, startS3, startSes } from '#shared/adapters/local/emulators.ts';
import { InProcessQueue } from '#shared/adapters/local/in-process-queue.ts';
import { LocalScheduler } from '#shared/adapters/local/local-scheduler.ts';
import { S3EventRouter } from '#shared/adapters/local/s3-event-router.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SesV2 } from '#shared/platform/aws/sesv2.ts';
import { rebuildReceivablesSummary } from '#shared/use-cases/rebuild-summary.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';
import { createApp } from '#shared/web/app.ts';
import type { DunningWebDeps } from '#shared/web/web-deps.ts';
import { wireBank } from './bank.ts';
import type { LocalConfig } from './config.ts';
import { devRoutes } from './dev-routes.ts';
import { wireDocuments } from './documents.ts';
import { portalSecret, wireDunning } from './dunning.ts';
import { startIntegrations } from './integrations.ts';
import { wireMessages } from './messages.ts';

export const TABLE_NAME = 'relance';
export const BUCKET = 'relance';
const REGION = 'eu-west-3';

export interface LocalStack {
  url: string;
  /** The Hono app being served (its `routes` list what the stack exposes). */
  app: Hono;
  mailboxUrl: string;
  endpoints: { dynamodb: string; s3: string; ses: string };
  deps: UseCaseDeps;
  dunning: DunningWebDeps;
  clock: ControllableClock;
  scheduler: LocalScheduler;
  queue: InProcessQueue;
  s3Events: S3EventRouter;
  clients: { s3: S3Objects; ses: SesV2 };
  close(): Promise<void>;
}

export async function startLocalStack(config: LocalConfig): Promise<LocalStack> {
  const dynamo = await startDynalite({ path: join(config.dataDir, 'dynamodb') });
  const s3 = await startS3({ directory: join(config.dataDir, 's3'), buckets: [BUCKET] });
  const ses = await startSes();

  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const db = new DynamoDocuments({ region: REGION, endpoint: dynamo.endpoint, credentials });
  await ensureTable(db, TABLE_NAME);
  const clients = {
    // s3rver accepts only this key pair.
    s3: new S3Objects({
      region: REGION,
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
    ses: new SesV2({ region: REGION, endpoint: ses.endpoint, credentials }),
  };

  const clock = new ControllableClock(join(config.dataDir, 'clock.json'));
  const deps: UseCaseDeps = {
    invoices: new DynamoInvoiceRepository(db, TABLE_NAME),
    customers: new DynamoCustomerRepository(db, TABLE_NAME),
    timeline: new DynamoTimelineRepository(db, TABLE_NAME),
    clock,
  };
  // A data folder written before the receivables summary existed: build the summary once from its customers.
  if ((await deps.customers.readSummary()).length === 0 && (await deps.customers.list({ limit: 1 })).items.length) {
    await rebuildReceivablesSummary(deps);
  }
  const scheduler = new LocalScheduler(db, TABLE_NAME, clock);
  const queue = new InProcessQueue();
  const s3Events = new S3EventRouter();
  s3.onEvent((event) => void s3Events.dispatch(event as S3Event));

  let baseUrl = `http://127.0.0.1:${config.port}`;
  const messages = wireMessages({ db, tableName: TABLE_NAME, s3: clients.s3, ses: clients.ses, bucket: BUCKET, clock });
  const dunning = wireDunning({
    db,
    tableName: TABLE_NAME,
    deps,
    scheduler,
    queue,
    channels: messages.channels,
    portal: { secret: portalSecret(config.apiToken), baseUrl: () => baseUrl },
    blobs: new S3BlobStore(clients.s3, BUCKET),
  });

  const documentIntake = wireDocuments({ db, tableName: TABLE_NAME, s3: clients.s3, bucket: BUCKET, deps, s3Events });

  // Provider webhooks, their worker and the catch-up sync, for the providers whose env vars are set.
  const integrations = startIntegrations({
    deps,
    db,
    tableName: TABLE_NAME,
    blobs: new S3BlobStore(clients.s3, BUCKET),
    queue,
    dataDir: config.dataDir,
  });
  const app = createApp({
    ...deps,
    documentIntake,
    bank: wireBank({ db, tableName: TABLE_NAME, s3: clients.s3, bucket: BUCKET, deps, s3Events }),
    dunning,
    messages: messages.web,
    webhooks: integrations.webhooks,
    // The same store integrations.ts writes to (one item per provider in the table).
    connections: new DynamoConnectionStore(db, TABLE_NAME),
    config: {
      apiToken: config.apiToken,
      timeZone: config.timeZone,
      maxBodyBytes: config.maxBodyBytes,
      portalSecret: portalSecret(config.apiToken),
      // Read when a page renders: the port is known only once the server listens.
      get publicUrl() {
        return baseUrl;
      },
      sellsyWebhookSecret: process.env.SELLSY_WEBHOOK_SECRET,
    },
  });
  app.route('/dev', devRoutes({ clock, sesEndpoint: ses.endpoint, afterClockChange: () => scheduler.runDue() }));

  const server = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }) as Server;
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  scheduler.start();

  return {
    url: `http://127.0.0.1:${port}`,
    app,
    mailboxUrl: ses.endpoint,
    endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, ses: ses.endpoint },
    deps,
    dunning,
    clock,
    scheduler,
    queue,
    s3Events,
    clients,
    async close() {
      await scheduler.stop();
      integrations.stop();
      await queue.drain();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([s3.close(), ses.close()]);
      // dynalite last: LevelDB flushes on close, which is what keeps every record for the next start.
      await dynamo.close();
    },
  };
}
