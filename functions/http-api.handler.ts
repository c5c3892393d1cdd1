/**
 * API Gateway HTTP API → the Hono app (API + dashboard). Composition root: builds the adapters once per
 * container, reads the API token from Secrets Manager at cold start, and hands every request to the app.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { handle } from 'hono/aws-lambda';
import { z } from 'zod';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { documentClient } from '#shared/platform/aws-clients.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { createApp } from '#shared/web/app.ts';

const Env = z.object({
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  API_TOKEN_SECRET_ARN: z.string().startsWith('arn:'),
  RELANCE_TIME_ZONE: z.string().min(1).default('Europe/Paris'),
  /** API Gateway's payload limit is 10 MB; the app refuses earlier with a clear 413. */
  RELANCE_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(6 * 1024 * 1024),
});

const env = loadConfig(Env);
const db = documentClient({ region: env.AWS_REGION });
const apiToken = await getSecret(env.API_TOKEN_SECRET_ARN, { maxAge: 300 });
if (typeof apiToken !== 'string' || apiToken.length < 16)
  throw new Error('the API token secret must be a string of 16+ characters');

const app = createApp({
  invoices: new DynamoInvoiceRepository(db, env.TABLE_NAME),
  customers: new DynamoCustomerRepository(db, env.TABLE_NAME),
  timeline: new DynamoTimelineRepository(db, env.TABLE_NAME),
  clock: systemClock,
  config: { apiToken, timeZone: env.RELANCE_TIME_ZONE, maxBodyBytes: env.RELANCE_MAX_BODY_BYTES },
});

export const handler = handle(app);
