/**
 * API Gateway HTTP API, /api/* but /api/bank and /api/documents → the JSON API (its bearer token). Composition root of the API
 * family (shared/web/families/api.ts): the table's repositories, the bucket, the re-plan and provider-events
 * queues (SQS), the reminder channels and dispatch (SES, End User Messaging SMS, EventBridge Scheduler), and
 * the connected providers' receivers (replaying failed events re-reads them). Reads the
 * API token, the portal signing key (links in reminders) and the provider secrets once, at cold start.
 */
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { SqsWorkQueue } from '#shared/adapters/aws/sqs-work-queue.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { SqsQueues } from '#shared/platform/aws/sqs.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { PROVIDER_EVENTS_QUEUE } from '#shared/ports/webhook-events.ts';
import { mountApi } from '#shared/web/families/api.ts';
import { dunning, eventBridgeScheduler, messageChannels, readPortalSecret } from './support/dunning.ts';
import { Bucket, Messaging, Portal, ProviderQueue, ProviderSecrets, Replan, Scheduling, Table } from './support/env.ts';
import { ApiToken, familyHandler, Http, readApiToken } from './support/http.ts';
import { connectedProviders } from './support/providers.ts';
import { REPLAN_QUEUE, replanOnChange, replanRoute, tableAccess } from './support/stores.ts';
import { webhookReceivers } from './support/webhook-receivers.ts';

const env = loadConfig(
  z.object({
    ...Table,
    ...Bucket,
    ...Replan,
    ...ProviderQueue,
    ...ProviderSecrets,
    ...Messaging,
    ...Scheduling,
    ...Portal,
    ...ApiToken,
    ...Http,
  }),
);

// The secrets at once: each is one round trip of the cold start.
const secrets = new SecretsManager({ region: env.AWS_REGION });
const [apiToken, portalSecret, providers] = await Promise.all([
  readApiToken(secrets, env.API_TOKEN_SECRET_ARN),
  readPortalSecret(secrets, env.PORTAL_SECRET_ARN),
  connectedProviders(env, secrets),
]);

const { db, tableName, deps } = tableAccess(env);
const queue = new SqsWorkQueue(new SqsQueues({ region: env.AWS_REGION }), {
  [PROVIDER_EVENTS_QUEUE]: { url: env.PROVIDER_EVENTS_QUEUE_URL },
  [REPLAN_QUEUE]: replanRoute(env.REPLAN_QUEUE_URL),
});
const blobs = new S3BlobStore(new S3Objects({ region: env.AWS_REGION }), env.BUCKET_NAME);

const messages = messageChannels({ env, db, tableName, blobs, clock: deps.clock });
const dunningDeps = dunning({
  deps,
  db,
  tableName,
  channels: messages.channels,
  scheduler: eventBridgeScheduler(env),
  portal: { secret: portalSecret, baseUrl: env.PORTAL_BASE_URL },
  blobs,
});
// After the dispatch is built: the dispatch itself must not re-plan on its own writes (support/dunning.ts).
deps.onCustomerChanged = replanOnChange(queue, deps.clock);

const receivers = webhookReceivers(providers);
export const handler = familyHandler({ maxBodyBytes: env.RELANCE_MAX_BODY_BYTES }, (app) =>
  mountApi(app, {
    ...deps,
    dunning: dunningDeps,
    messages: { ...messages.web, settings: dunningDeps.settings },
    ...(Object.keys(receivers).length > 0
      ? { webhooks: { receivers, events: new DynamoWebhookEventStore(db, tableName), queue } }
      : {}),
    config: { apiToken, timeZone: env.RELANCE_TIME_ZONE, maxBodyBytes: env.RELANCE_MAX_BODY_BYTES },
  }),
);
