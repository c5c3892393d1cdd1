/**
 * API Gateway HTTP API, /api/* but /api/bank and /api/documents → the JSON API (its bearer token). Composition root of the API
 * family (shared/web/families/api.ts): the table's repositories, the bucket, the re-plan and provider-events
 * queues (SQS), the reminder channels and dispatch (SES, End User Messaging SMS, EventBridge Scheduler), and
 * the connected providers' receivers (replaying failed events re-reads them). Reads the
 * API token, the portal signing key (links in reminders) and the provider secrets once, at cold start.
 */
import { SqsWorkQueue } from '#shared/adapters/aws/sqs-work-queue.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { SqsQueues } from '#shared/platform/aws/sqs.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { PROVIDER_EVENTS_QUEUE } from '#shared/ports/webhook-events.ts';
import { mountApi } from '#shared/web/families/api.ts';
import { dunningServices } from './support/dunning.ts';
import { Bucket, Messaging, Portal, ProviderQueue, ProviderSecrets, Replan, Scheduling, Table } from './support/env.ts';
import { ApiToken, familyHandler, Http, readHttpSecrets, webConfig } from './support/http.ts';
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

const { apiToken, portalSecret, providers } = await readHttpSecrets(env);
const access = tableAccess(env);
const { db, tableName, deps } = access;
const queue = new SqsWorkQueue(new SqsQueues({ region: env.AWS_REGION }), {
  [PROVIDER_EVENTS_QUEUE]: { url: env.PROVIDER_EVENTS_QUEUE_URL },
  [REPLAN_QUEUE]: replanRoute(env.REPLAN_QUEUE_URL),
});
const { messages, dunning } = dunningServices({ env, access, portalSecret });
// After the dispatch is built: the dispatch itself must not re-plan on its own writes (support/dunning.ts).
deps.onCustomerChanged = replanOnChange(queue, deps.clock);

const receivers = webhookReceivers(providers);
export const handler = familyHandler({ maxBodyBytes: env.RELANCE_MAX_BODY_BYTES }, (app) =>
  mountApi(app, {
    ...deps,
    dunning,
    messages: { ...messages.web, settings: dunning.settings },
    ...(Object.keys(receivers).length > 0
      ? { webhooks: { receivers, events: new DynamoWebhookEventStore(db, tableName), queue } }
      : {}),
    config: webConfig(env, apiToken),
  }),
);
