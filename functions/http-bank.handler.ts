/**
 * API Gateway HTTP API, /api/bank/* and /bank* → bank statements and matching (shared/web/families/bank.ts):
 * statement uploads read here (the statement parsers live only in this function and statement-import), the
 * review queue, manual allocations and refunds, on the API (bearer token) and the dashboard's /bank pages
 * (session). Applying a payment re-plans its customer's reminders.
 */
import { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { mountBank } from '#shared/web/families/bank.ts';
import { mountSession } from '#shared/web/families/session.ts';
import { bankServices } from './support/bank.ts';
import { Replan, Table } from './support/env.ts';
import { ApiToken, Cognito, cognitoConfig, familyHandler, Http, readApiToken, webConfig } from './support/http.ts';
import { sqsReplanner, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Replan, ...ApiToken, ...Cognito, ...Http }));
const apiToken = await readApiToken(new SecretsManager({ region: env.AWS_REGION }), env.API_TOKEN_SECRET_ARN);
const { db, tableName, deps } = tableAccess(env);
deps.onCustomerChanged = sqsReplanner(env, deps.clock);

const web = {
  ...deps,
  bank: bankServices(db, tableName),
  config: { ...webConfig(env, apiToken), ...cognitoConfig(env) },
};
export const handler = familyHandler(web.config, (app) => {
  mountSession(app, web);
  mountBank(app, web);
});
