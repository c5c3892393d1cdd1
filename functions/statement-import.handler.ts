/**
 * SQS (fed by an EventBridge rule on the bucket's "Object Created" events under bank/) → import the statement.
 * Each record is processed on its own with Powertools' batch processor: a record that fails (the table or the
 * bucket unavailable) is reported back alone and redelivered, then dead-lettered by the queue's redrive policy.
 * A malformed file is not an error to retry: it is recorded as a failed import with the line or element at
 * fault, shown on the dashboard, and the record is done. Importing twice is harmless (dedupe by file and line).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { BANK_PREFIX, StatementObjectBody } from '#events/bank-statement-object.ts';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import * as z from '#shared/platform/zod.ts';
import { makeImportStatementObject } from '#shared/use-cases/import-statement.ts';
import { bankServices } from './support/bank.ts';
import { Bucket, Replan, Table } from './support/env.ts';
import { sqsReplanner, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Bucket, ...Replan }));
const { db, deps } = tableAccess(env);
// A payment recorded from the statement re-plans its customer's reminders (what became paid stops).
deps.onCustomerChanged = sqsReplanner(env, deps.clock);

const importObject = makeImportStatementObject({
  ...deps,
  ...bankServices(db, env.TABLE_NAME),
  blobs: new S3BlobStore(new S3Objects({ region: env.AWS_REGION }), env.BUCKET_NAME),
});

const processor = new BatchProcessor(EventType.SQS);

async function recordHandler(record: SQSRecord): Promise<void> {
  const event = StatementObjectBody.parse(record.body);
  const key = event.detail.object.key;
  if (!key.startsWith(BANK_PREFIX) || key.endsWith('/')) {
    logger.warn('statement event outside bank/ ignored', { eventId: event.id });
    return;
  }
  const result = await importObject(key);
  if ('rejected' in result) {
    logger.warn('statement refused', { eventId: event.id, location: result.rejected.location });
    return;
  }
  logger.info('statement imported', { importId: result.import.id, created: result.created, ...result.import.counts });
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
