/**
 * API Gateway HTTP API, every other path → the dashboard's pages (shared/web/families/pages.ts) behind the
 * Cognito sign-in (shared/web/families/session.ts): home, customers, invoices, messages and tasks, settings,
 * CSV exports. "Send now" on a customer runs its dispatch here, so the reminder channels are built as
 * in reminder-dispatch. The bank records and documents it counts come without the statement
 * parsers and the document readers (/bank is http-bank's, /documents http-documents').
 */
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { mountPages } from '#shared/web/families/pages.ts';
import { mountSession } from '#shared/web/families/session.ts';
import { bankRepositories } from './support/bank-records.ts';
import { dunning, eventBridgeScheduler, messageChannels, readPortalSecret } from './support/dunning.ts';
import { Bucket, Messaging, Portal, ProviderSecrets, Replan, Scheduling, Table } from './support/env.ts';
import { ApiToken, Cognito, cognitoConfig, familyHandler, Http, readApiToken } from './support/http.ts';
import { connectedProviders } from './support/providers.ts';
import { sqsReplanner, tableAccess } from './support/stores.ts';

const env = loadConfig(
  z.object({
    ...Table,
    ...Bucket,
    ...Replan,
    ...ProviderSecrets,
    ...Messaging,
    ...Scheduling,
    ...Portal,
    ...ApiToken,
    ...Cognito,
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
deps.onCustomerChanged = sqsReplanner(env, deps.clock);

const web = {
  ...deps,
  dunning: dunningDeps,
  messages: { ...messages.web, settings: dunningDeps.settings },
  documentRecords: { documents: new DynamoDocumentRepository(db, tableName) },
  bankRecords: bankRepositories(db, tableName),
  connections: new DynamoConnectionStore(db, tableName),
  config: {
    apiToken,
    timeZone: env.RELANCE_TIME_ZONE,
    maxBodyBytes: env.RELANCE_MAX_BODY_BYTES,
    publicUrl: env.PORTAL_BASE_URL,
    // The settings page shows the webhook URLs to paste into each provider; Sellsy's carries its path secret.
    ...(providers.sellsy ? { sellsyWebhookSecret: providers.sellsy.SELLSY_WEBHOOK_SECRET } : {}),
    ...cognitoConfig(env),
  },
};
export const handler = familyHandler(web.config, (app) => {
  mountSession(app, web);
  mountPages(app, web);
});
