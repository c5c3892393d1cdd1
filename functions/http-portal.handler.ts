/**
 * API Gateway HTTP API, /portal/* → the debtor's portal (shared/web/families/portal.ts): the invoices of the
 * customer a signed, expiring link names, their PDFs, the payment QR code, and the debtor's answers (a promise
 * to pay, a dispute), which re-plan the customer's reminders. Reads only the portal signing key.
 */
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { loadConfig } from '#shared/platform/config.ts';
import * as z from '#shared/platform/zod.ts';
import { mountPortal } from '#shared/web/families/portal.ts';
import { readPortalSecret } from './support/dunning.ts';
import { Bucket, Portal, Replan, Table } from './support/env.ts';
import { familyHandler, Http } from './support/http.ts';
import { sqsReplanner, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Bucket, ...Replan, ...Portal, ...Http }));
const portalSecret = await readPortalSecret(new SecretsManager({ region: env.AWS_REGION }), env.PORTAL_SECRET_ARN);
const { db, tableName, deps } = tableAccess(env);
deps.onCustomerChanged = sqsReplanner(env, deps.clock);

export const handler = familyHandler({ maxBodyBytes: env.RELANCE_MAX_BODY_BYTES }, (app) =>
  mountPortal(
    app,
    {
      ...deps,
      settings: new DynamoSettingsRepository(db, tableName),
      blobs: new S3BlobStore(new S3Objects({ region: env.AWS_REGION }), env.BUCKET_NAME),
    },
    portalSecret,
  ),
);
