/**
 * Bank import and matching on the laptop: statements dropped under the bucket's bank/ prefix (s3rver) go to the
 * same import use case the statement-import function runs on AWS; uploads and the review queue go through the
 * app. With Qonto configured (QONTO_WEBHOOK_SECRET and/or QONTO_API_KEY): the signed webhook at /webhooks/qonto,
 * and polling as the catch-up, at start and then every hour.
 */
import { BANK_PREFIX } from '#events/bank-statement-object.ts';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { createdObjects } from '#shared/adapters/aws/s3-inbox-events.ts';
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
  DynamoPayerRepository,
  DynamoStatementImportRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import type { S3EventRouter } from '#shared/adapters/local/s3-event-router.ts';
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import { QontoClient } from '#shared/connectors/qonto/client.ts';
import { QontoEnv, qontoRequested } from '#shared/connectors/qonto/config.ts';
import { QontoFeed, QontoWebhookReceiver } from '#shared/connectors/qonto/webhook.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { S3Objects } from '#shared/platform/aws/s3.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import type { BankWebhookReceiver } from '#shared/ports/bank.ts';
import type { BankServices } from '#shared/use-cases/bank-deps.ts';
import { makeImportStatementObject } from '#shared/use-cases/import-statement.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';
import { makeSyncBankFeed } from '#shared/use-cases/sync-bank-feed.ts';
import type { BankWebDeps } from '#shared/web/dashboard/bank-routes.ts';

const POLL_EVERY_MS = 60 * 60 * 1000;

export function wireBank(options: {
  db: DynamoDocuments;
  tableName: string;
  s3: S3Objects;
  bucket: string;
  deps: UseCaseDeps;
  s3Events: S3EventRouter;
  env?: NodeJS.ProcessEnv;
}): BankWebDeps {
  const env = options.env ?? process.env;
  const { db, tableName } = options;
  const services: BankServices = {
    transactions: new DynamoBankTransactionRepository(db, tableName),
    allocations: new DynamoAllocationRepository(db, tableName),
    credits: new DynamoCustomerCreditRepository(db, tableName),
    payers: new DynamoPayerRepository(db, tableName),
    imports: new DynamoStatementImportRepository(db, tableName),
    reader: new BankStatementReader(),
  };
  // Spread once: wire after the dunning wiring, which sets deps.onCustomerChanged (a payment re-plans reminders).
  const deps = { ...options.deps, ...services };

  const importObject = makeImportStatementObject({ ...deps, blobs: new S3BlobStore(options.s3, options.bucket) });
  options.s3Events.on(BANK_PREFIX, async (event) => {
    for (const { key } of createdObjects(event, BANK_PREFIX)) {
      const result = await importObject(key);
      if ('rejected' in result) logger.warn('statement refused', { location: result.rejected.location });
      else logger.info('statement imported', { importId: result.import.id, ...result.import.counts });
    }
  });

  const webhooks: BankWebhookReceiver[] = [];
  if (qontoRequested(env)) {
    const cfg = loadConfig(QontoEnv, env);
    const client = cfg.QONTO_API_KEY
      ? new QontoClient({ apiUrl: cfg.QONTO_API_URL, apiKey: cfg.QONTO_API_KEY })
      : undefined;
    if (cfg.QONTO_WEBHOOK_SECRET) webhooks.push(new QontoWebhookReceiver(cfg.QONTO_WEBHOOK_SECRET, client));
    if (client) {
      const sync = makeSyncBankFeed(deps);
      const feed = new QontoFeed(client);
      const poll = async () => {
        try {
          logger.info('bank feed polled', { bank: feed.name, ...(await sync(feed)) });
        } catch (error) {
          logger.warn('bank feed poll failed', {
            bank: feed.name,
            reason: error instanceof Error ? error.name : 'error',
          });
        }
      };
      void poll();
      // Unref'd: the hourly catch-up never keeps the process (or a test) alive on its own.
      setInterval(() => void poll(), POLL_EVERY_MS).unref();
    }
  }
  return { ...services, webhooks };
}
