/**
 * SQS (documentIntake queue, fed by an EventBridge rule on the bucket's "Object Created" events under inbox/) →
 * document intake. Composition root: builds the adapters once per container (Textract reader, PDF inspector,
 * table, bucket, re-plan queue) and hands each created object to the intake use case. Each record is processed
 * on its own with Powertools' batch processor: one that fails (Textract throttled beyond the reader's retries,
 * the table unavailable) is reported back alone, redelivered, then dead-lettered by the queue's redrive policy.
 * A retry is harmless: the intake is idempotent on the file's hash.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { objectCreatedUnder } from '#shared/adapters/aws/s3-eventbridge-objects.ts';
import { INBOX_PREFIX } from '#shared/adapters/aws/s3-inbox-events.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import * as z from '#shared/platform/zod.ts';
import { makeIntakeDocument } from '#shared/use-cases/intake-document.ts';
import { textractDocumentServices } from './support/documents.ts';
import { Bucket, Replan, Table, Textract } from './support/env.ts';
import { sqsReplanner, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Bucket, ...Textract, ...Replan }));
const { db, tableName, deps } = tableAccess(env);
deps.onCustomerChanged = sqsReplanner(env, deps.clock);

const intake = makeIntakeDocument({
  ...deps,
  ...textractDocumentServices({
    env,
    db,
    tableName,
    blobs: new S3BlobStore(new S3Objects({ region: env.AWS_REGION }), env.BUCKET_NAME),
  }),
});

const processor = new BatchProcessor(EventType.SQS);

async function recordHandler(record: SQSRecord): Promise<void> {
  const object = objectCreatedUnder(record.body, INBOX_PREFIX);
  if (!object) {
    logger.warn('object outside inbox/ ignored', { messageId: record.messageId });
    return;
  }
  const { document, created } = await intake({ origin: 'bucket', key: object.key, size: object.size });
  logger.info('document taken in', { documentId: document.id, state: document.state, created });
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
