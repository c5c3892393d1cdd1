/**
 * API Gateway HTTP API, every other path → the dashboard's pages (shared/web/families/pages.ts) behind the
 * Cognito sign-in (shared/web/families/session.ts): home, customers, invoices, messages and tasks, settings,
 * CSV exports. "Send now" on a customer runs its dispatch here, so the reminder channels are built as
 * in reminder-dispatch. The bank records and documents it counts come without the statement
 * parsers and the document readers (/bank is http-bank's, /documents http-documents').
 */
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { mountPages } from '#shared/web/families/pages.ts';
import { mountSession } from '#shared/web/families/session.ts';
import { bankRepositories } from './support/bank-records.ts';
import { dunningServices } from './support/dunning.ts';
import { Bucket, Messaging, Portal, ProviderSecrets, Replan, Scheduling, Table } from './support/env.ts';
import { ApiToken, Cognito, cognitoConfig, familyHandler, Http, readHttpSecrets, webConfig } from './support/http.ts';
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

const { apiToken, portalSecret, providers } = await readHttpSecrets(env);
const access = tableAccess(env);
const { db, tableName, deps } = access;
const { messages, dunning } = dunningServices({ env, access, portalSecret });
// After the dispatch is built: the dispatch itself must not re-plan on its own writes (support/dunning.ts).
deps.onCustomerChanged = sqsReplanner(env, deps.clock);

const web = {
  ...deps,
  dunning,
  messages: { ...messages.web, settings: dunning.settings },
  documentRecords: { documents: new DynamoDocumentRepository(db, tableName) },
  bankRecords: bankRepositories(db, tableName),
  connections: new DynamoConnectionStore(db, tableName),
  config: {
    ...webConfig(env, apiToken),
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
