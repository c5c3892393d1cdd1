/**
 * SQS (provider-events queue, with a DLQ) → the worker, one message at a time, two kinds of message:
 *  - `{"provider","eventId"}`: a stored provider event (a webhook accepted by the API, or a change found by a
 *    catch-up) → process it into our invoices and customers;
 *  - `{"type":"catch-up","provider"}`: the daily schedule (EventBridge Scheduler → this queue) → ask the provider
 *    what changed and queue each new change here as a stored event.
 * Composition root: builds the table, bucket, queue and the connected providers' clients once per container
 * (their JSON secrets read at cold start; QuickBooks' rotating refresh token is written back to its secret), and
 * reports partial batch failures so only the failed messages are retried, then dead-lettered.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { JsonSecretTokenVault } from '#shared/adapters/aws/json-secret-token-vault.ts';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { SqsWorkQueue } from '#shared/adapters/aws/sqs-work-queue.ts';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { ChargebeeClient } from '#shared/connectors/chargebee/client.ts';
import { QuickBooksClient } from '#shared/connectors/quickbooks/client.ts';
import { QuickBooksTokens } from '#shared/connectors/quickbooks/tokens.ts';
import { SellsyClient } from '#shared/connectors/sellsy/client.ts';
import { SellsyTokens } from '#shared/connectors/sellsy/tokens.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { SqsQueues } from '#shared/platform/aws/sqs.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import * as z from '#shared/platform/zod.ts';
import type { InvoiceSourceClient } from '#shared/ports/invoice-source.ts';
import { PROVIDER_EVENTS_QUEUE } from '#shared/ports/webhook-events.ts';
import { makeProviderEventConsumer } from '#shared/use-cases/process-provider-event.ts';
import { makeSyncProvider } from '#shared/use-cases/sync-provider.ts';
import { Bucket, ProviderQueue, ProviderSecrets, Replan, Table } from './support/env.ts';
import { connectedProviders } from './support/providers.ts';
import { REPLAN_QUEUE, replanOnChange, replanRoute, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Bucket, ...Replan, ...ProviderQueue, ...ProviderSecrets }));
const { db, tableName, deps } = tableAccess(env);
const queue = new SqsWorkQueue(new SqsQueues({ region: env.AWS_REGION }), {
  [PROVIDER_EVENTS_QUEUE]: { url: env.PROVIDER_EVENTS_QUEUE_URL },
  [REPLAN_QUEUE]: replanRoute(env.REPLAN_QUEUE_URL),
});
deps.onCustomerChanged = replanOnChange(queue, deps.clock);

const connections = new DynamoConnectionStore(db, tableName);
const events = new DynamoWebhookEventStore(db, tableName);
const secrets = new SecretsManager({ region: env.AWS_REGION });
const providers = await connectedProviders(env, secrets);
const sources: Record<string, InvoiceSourceClient> = {};
if (providers.sellsy) {
  const cfg = providers.sellsy;
  const tokens = new SellsyTokens({
    tokenUrl: cfg.SELLSY_TOKEN_URL,
    clientId: cfg.SELLSY_CLIENT_ID,
    clientSecret: cfg.SELLSY_CLIENT_SECRET,
    connections,
    clock: deps.clock,
  });
  sources.sellsy = new SellsyClient({ apiUrl: cfg.SELLSY_API_URL, tokens });
}
if (providers.quickbooks) {
  const cfg = providers.quickbooks;
  const tokens = new QuickBooksTokens({
    tokenUrl: cfg.QUICKBOOKS_TOKEN_URL,
    clientId: cfg.QUICKBOOKS_CLIENT_ID,
    clientSecret: cfg.QUICKBOOKS_CLIENT_SECRET,
    // Intuit rotates the refresh token: the newest one goes back into the provider's secret.
    vault: new JsonSecretTokenVault(secrets, {
      quickbooks: { secretId: cfg.secretArn, key: 'QUICKBOOKS_REFRESH_TOKEN' },
    }),
    connections,
    clock: deps.clock,
  });
  sources.quickbooks = new QuickBooksClient({
    apiUrl: cfg.QUICKBOOKS_API_URL,
    tokens,
    realmId: cfg.QUICKBOOKS_REALM_ID,
  });
}
if (providers.chargebee) {
  const cfg = providers.chargebee;
  sources.chargebee = new ChargebeeClient({ siteUrl: cfg.CHARGEBEE_SITE_URL, apiKey: cfg.CHARGEBEE_API_KEY });
}

const consume = makeProviderEventConsumer({
  ...deps,
  blobs: new S3BlobStore(new S3Objects({ region: env.AWS_REGION }), env.BUCKET_NAME),
  events,
  sources,
});
const sync = makeSyncProvider({ events, queue, connections, invoices: deps.invoices, clock: deps.clock, sources });

/** The two message kinds of the queue. */
export const ProviderQueueMessage = z.union([
  z.object({ type: z.literal('catch-up'), provider: z.string().check(z.minLength(1)) }),
  z.object({ provider: z.string().check(z.minLength(1)), eventId: z.string().check(z.minLength(1)) }),
]);

const processor = new BatchProcessor(EventType.SQS);

async function recordHandler(record: SQSRecord): Promise<void> {
  const message = ProviderQueueMessage.parse(JSON.parse(record.body));
  if ('type' in message) {
    // A provider that is not connected (yet) has nothing to catch up: done, not an error to retry.
    if (!sources[message.provider]) {
      logger.info('catch-up skipped: provider not connected', { provider: message.provider });
      return;
    }
    const result = await sync(message.provider);
    logger.info('catch-up sync done', { provider: message.provider, ...result });
    return;
  }
  const outcome = await consume(message);
  logger.info('provider event processed', { provider: message.provider, eventId: message.eventId, ...outcome });
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
