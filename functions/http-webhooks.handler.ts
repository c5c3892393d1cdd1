/**
 * API Gateway HTTP API, /webhooks/* → the providers' webhooks (shared/web/families/webhooks.ts). Each delivery
 * is checked by its receiver, stored once (a redelivery changes nothing) and queued for provider-events. Reads
 * only the provider secrets (each receiver's signature key, Basic credentials or path secret); a provider not
 * connected yet answers 404.
 */
import { SqsWorkQueue } from '#shared/adapters/aws/sqs-work-queue.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { SqsQueues } from '#shared/platform/aws/sqs.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { PROVIDER_EVENTS_QUEUE } from '#shared/ports/webhook-events.ts';
import { mountWebhooks } from '#shared/web/families/webhooks.ts';
import { ProviderQueue, ProviderSecrets, Table } from './support/env.ts';
import { familyHandler, Http } from './support/http.ts';
import { connectedProviders } from './support/providers.ts';
import { tableAccess } from './support/stores.ts';
import { webhookReceivers } from './support/webhook-receivers.ts';

const env = loadConfig(z.object({ ...Table, ...ProviderQueue, ...ProviderSecrets, ...Http }));
const providers = await connectedProviders(env, new SecretsManager({ region: env.AWS_REGION }));
const { db, tableName, deps } = tableAccess(env);
const queue = new SqsWorkQueue(new SqsQueues({ region: env.AWS_REGION }), {
  [PROVIDER_EVENTS_QUEUE]: { url: env.PROVIDER_EVENTS_QUEUE_URL },
});
const receivers = webhookReceivers(providers);

export const handler = familyHandler({ maxBodyBytes: env.RELANCE_MAX_BODY_BYTES }, (app) =>
  mountWebhooks(app, {
    clock: deps.clock,
    ...(Object.keys(receivers).length > 0
      ? { webhooks: { receivers, events: new DynamoWebhookEventStore(db, tableName), queue } }
      : {}),
  }),
);
