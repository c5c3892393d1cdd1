/**
 * API Gateway HTTP API, /api/documents/* and /documents* → document intake (shared/web/families/documents.ts):
 * PDF uploads (the same path as a drop into the bucket's inbox/), the review queue, reading a document again —
 * on the API (bearer token) and the dashboard's /documents pages (session). The PDF inspector and the Textract
 * reader live here and in the document functions only.
 */
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { mountDocuments } from '#shared/web/families/documents.ts';
import { mountSession } from '#shared/web/families/session.ts';
import { textractDocumentServices } from './support/documents.ts';
import { Bucket, Replan, Table, Textract } from './support/env.ts';
import { ApiToken, Cognito, cognitoConfig, familyHandler, Http, readApiToken, webConfig } from './support/http.ts';
import { sqsReplanner, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Bucket, ...Replan, ...Textract, ...ApiToken, ...Cognito, ...Http }));
const apiToken = await readApiToken(new SecretsManager({ region: env.AWS_REGION }), env.API_TOKEN_SECRET_ARN);
const { db, tableName, deps } = tableAccess(env);
deps.onCustomerChanged = sqsReplanner(env, deps.clock);
const blobs = new S3BlobStore(new S3Objects({ region: env.AWS_REGION }), env.BUCKET_NAME);

const web = {
  ...deps,
  documentIntake: textractDocumentServices({ env, db, tableName, blobs }),
  config: { ...webConfig(env, apiToken), ...cognitoConfig(env) },
};
export const handler = familyHandler(web.config, (app) => {
  mountSession(app, web);
  mountDocuments(app, web);
});
