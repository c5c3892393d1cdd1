/**
 * API Gateway HTTP API → the Hono app (API, webhooks, dashboard). Composition root, the AWS twin of
 * local/stack.ts: builds once per container the table's repositories, the bucket, the re-plan and provider-events
 * queues (SQS), the reminder channels and dispatch (SES, End User Messaging SMS, EventBridge Scheduler), document
 * intake (Textract), and the webhook receivers of the connected providers; reads the API token, the portal
 * signing key and the provider secrets from Secrets Manager once, at cold start.
 */
import { handle } from 'hono/aws-lambda';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { SqsWorkQueue } from '#shared/adapters/aws/sqs-work-queue.ts';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { ChargebeeWebhookReceiver } from '#shared/connectors/chargebee/webhook.ts';
import { QuickBooksWebhookReceiver } from '#shared/connectors/quickbooks/webhook.ts';
import { SellsyWebhookReceiver } from '#shared/connectors/sellsy/webhook.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { readSecretString, SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { SqsQueues } from '#shared/platform/aws/sqs.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { PROVIDER_EVENTS_QUEUE } from '#shared/ports/webhook-events.ts';
import { createApp } from '#shared/web/app.ts';
import type { WebhookDeps } from '#shared/web/webhooks/routes.ts';
import { bankServices } from './support/bank.ts';
import { textractDocumentServices } from './support/documents.ts';
import { dunning, eventBridgeScheduler, messageChannels, readPortalSecret } from './support/dunning.ts';
import {
  Bucket,
  Messaging,
  Portal,
  ProviderQueue,
  ProviderSecrets,
  Replan,
  Scheduling,
  Table,
  Textract,
} from './support/env.ts';
import { connectedProviders } from './support/providers.ts';
import { REPLAN_QUEUE, replanOnChange, replanRoute, tableAccess } from './support/stores.ts';

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
    ...Textract,
    API_TOKEN_SECRET_ARN: z.string().check(z.startsWith('arn:')),
    RELANCE_TIME_ZONE: z._default(z.string().check(z.minLength(1)), 'Europe/Paris'),
    /** API Gateway's payload limit is 10 MB; the app refuses earlier with a clear 413. */
    RELANCE_MAX_BODY_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 6 * 1024 * 1024),
    /** The dashboard's Cognito sign-in (infra/stateless-stack.ts), when the stage has a user pool. */
    COGNITO_USER_POOL_ID: z.optional(z.string().check(z.minLength(1))),
    COGNITO_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
    COGNITO_DOMAIN: z.optional(z.string().check(z.minLength(1))),
    COGNITO_REDIRECT_URI: z.optional(z.string().check(z.startsWith('https://'))),
  }),
);
const cognito =
  env.COGNITO_USER_POOL_ID && env.COGNITO_CLIENT_ID && env.COGNITO_DOMAIN && env.COGNITO_REDIRECT_URI
    ? {
        userPoolId: env.COGNITO_USER_POOL_ID,
        clientId: env.COGNITO_CLIENT_ID,
        domain: env.COGNITO_DOMAIN,
        redirectUri: env.COGNITO_REDIRECT_URI,
      }
    : undefined;

// The three secrets at once: each is one round trip of the cold start.
const secrets = new SecretsManager({ region: env.AWS_REGION });
const [apiToken, portalSecret, providers] = await Promise.all([
  readSecretString(secrets, env.API_TOKEN_SECRET_ARN),
  readPortalSecret(secrets, env.PORTAL_SECRET_ARN),
  connectedProviders(env, secrets),
]);
if (typeof apiToken !== 'string' || apiToken.length < 16)
  throw new Error('the API token secret must be a string of 16+ characters');

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

const receivers: WebhookDeps['receivers'] = {};
if (providers.sellsy) receivers.sellsy = new SellsyWebhookReceiver(providers.sellsy.SELLSY_WEBHOOK_SECRET);
if (providers.quickbooks)
  receivers.quickbooks = new QuickBooksWebhookReceiver(providers.quickbooks.QUICKBOOKS_VERIFIER_TOKEN);
if (providers.chargebee)
  receivers.chargebee = new ChargebeeWebhookReceiver({
    user: providers.chargebee.CHARGEBEE_WEBHOOK_USER,
    password: providers.chargebee.CHARGEBEE_WEBHOOK_PASSWORD,
  });

const app = createApp({
  ...deps,
  dunning: dunningDeps,
  messages: { ...messages.web, settings: dunningDeps.settings },
  documentIntake: textractDocumentServices({ env, db, tableName, blobs }),
  ...(Object.keys(receivers).length > 0
    ? { webhooks: { receivers, events: new DynamoWebhookEventStore(db, tableName), queue } }
    : {}),
  // Statement uploads and the review queue (bank/ drops are the statement-import function's).
  bank: bankServices(db, tableName),
  connections: new DynamoConnectionStore(db, tableName),
  config: {
    apiToken,
    timeZone: env.RELANCE_TIME_ZONE,
    maxBodyBytes: env.RELANCE_MAX_BODY_BYTES,
    publicUrl: env.PORTAL_BASE_URL,
    portalSecret,
    // The settings page shows the webhook URLs to paste into each provider; Sellsy's carries its path secret.
    ...(providers.sellsy ? { sellsyWebhookSecret: providers.sellsy.SELLSY_WEBHOOK_SECRET } : {}),
    ...(cognito ? { cognito } : {}),
  },
});

export const handler = handle(app);
