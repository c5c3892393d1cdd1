/**
 * SQS (provider-events queue, with a DLQ) → the worker use case, one stored provider event per message.
 * Composition root: builds adapters and connectors once per container, reads provider secrets from Secrets
 * Manager at cold start, and reports partial batch failures so only the failed messages are retried (and end in
 * the DLQ after the queue's maxReceiveCount, their reason kept on the stored event).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { SecretsManagerTokenVault } from '#shared/adapters/aws/secrets-manager-token-vault.ts';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { ChargebeeClient } from '#shared/connectors/chargebee/client.ts';
import { QuickBooksClient } from '#shared/connectors/quickbooks/client.ts';
import { DEFAULT_API_URL, DEFAULT_TOKEN_URL } from '#shared/connectors/quickbooks/facts.ts';
import { QuickBooksTokens } from '#shared/connectors/quickbooks/tokens.ts';
import { documentClient, s3Client } from '#shared/platform/aws-clients.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { systemClock } from '#shared/ports/clock.ts';
import type { InvoiceSourceClient } from '#shared/ports/invoice-source.ts';
import { makeProviderEventConsumer } from '#shared/use-cases/process-provider-event.ts';

const Env = z.object({
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  /** JSON secret {"apiKey"} when Chargebee is connected. */
  CHARGEBEE_SECRET_ARN: z.string().startsWith('arn:').optional(),
  CHARGEBEE_SITE_URL: z.url().optional(),
  /** JSON secret {"clientId","clientSecret"}; the rotating refresh token lives in its own secret. */
  QUICKBOOKS_SECRET_ARN: z.string().startsWith('arn:').optional(),
  QUICKBOOKS_REFRESH_TOKEN_SECRET_ARN: z.string().startsWith('arn:').optional(),
  QUICKBOOKS_API_URL: z.url().default(DEFAULT_API_URL),
  QUICKBOOKS_TOKEN_URL: z.url().default(DEFAULT_TOKEN_URL),
});

const env = loadConfig(Env);
const db = documentClient({ region: env.AWS_REGION });
const stores = {
  invoices: new DynamoInvoiceRepository(db, env.TABLE_NAME),
  customers: new DynamoCustomerRepository(db, env.TABLE_NAME),
  timeline: new DynamoTimelineRepository(db, env.TABLE_NAME),
};
const connections = new DynamoConnectionStore(db, env.TABLE_NAME);
const sources: Record<string, InvoiceSourceClient> = {};
if (env.CHARGEBEE_SECRET_ARN && env.CHARGEBEE_SITE_URL) {
  const secret = z
    .object({ apiKey: z.string().min(1) })
    .parse(await getSecret(env.CHARGEBEE_SECRET_ARN, { transform: 'json' }));
  sources.chargebee = new ChargebeeClient({ siteUrl: env.CHARGEBEE_SITE_URL, apiKey: secret.apiKey });
}
if (env.QUICKBOOKS_SECRET_ARN && env.QUICKBOOKS_REFRESH_TOKEN_SECRET_ARN) {
  const secret = z
    .object({ clientId: z.string().min(1), clientSecret: z.string().min(1), realmId: z.string().optional() })
    .parse(await getSecret(env.QUICKBOOKS_SECRET_ARN, { transform: 'json' }));
  const tokens = new QuickBooksTokens({
    tokenUrl: env.QUICKBOOKS_TOKEN_URL,
    clientId: secret.clientId,
    clientSecret: secret.clientSecret,
    vault: new SecretsManagerTokenVault(new SecretsManagerClient({ region: env.AWS_REGION }), {
      quickbooks: env.QUICKBOOKS_REFRESH_TOKEN_SECRET_ARN,
    }),
    connections,
    clock: systemClock,
  });
  sources.quickbooks = new QuickBooksClient({ apiUrl: env.QUICKBOOKS_API_URL, tokens, realmId: secret.realmId });
}

const consume = makeProviderEventConsumer({
  ...stores,
  clock: systemClock,
  blobs: new S3BlobStore(s3Client({ region: env.AWS_REGION }), env.BUCKET_NAME),
  events: new DynamoWebhookEventStore(db, env.TABLE_NAME),
  sources,
});
const Message = z.object({ provider: z.string().min(1), eventId: z.string().min(1) });
const processor = new BatchProcessor(EventType.SQS);

const recordHandler = async (record: SQSRecord) => {
  await consume(Message.parse(JSON.parse(record.body)));
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
