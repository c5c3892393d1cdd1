/**
 * SQS (documentIntake queue, fed by an EventBridge rule on the bucket's "Object Created" events under inbox/) →
 * document intake. Composition root: builds the adapters once per container (Textract reader, PDF inspector,
 * table, bucket, re-plan queue) and hands each created object to the intake use case. Each record is processed
 * on its own with Powertools' batch processor: one that fails (Textract throttled beyond the reader's retries,
 * the table unavailable) is reported back alone, redelivered, then dead-lettered by the queue's redrive policy.
 * A retry is harmless: the intake is idempotent on the file's hash.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TextractClient } from '@aws-sdk/client-textract';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { objectCreatedUnder } from '#shared/adapters/aws/s3-eventbridge-objects.ts';
import { INBOX_PREFIX } from '#shared/adapters/aws/s3-inbox-events.ts';
import { SqsWorkQueue } from '#shared/adapters/aws/sqs-work-queue.ts';
import { TextractDocumentReader } from '#shared/adapters/aws/textract/textract-reader.ts';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { PdfInspector } from '#shared/adapters/pdf/pdf-inspector.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import { s3Client } from '#shared/platform/s3-client.ts';
import { makeIntakeDocument } from '#shared/use-cases/intake-document.ts';
import { Bucket, Replan, Table, Textract } from './support/env.ts';
import { REPLAN_QUEUE, replanOnChange, replanRoute, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Bucket, ...Textract, ...Replan }));
const { db, tableName, deps } = tableAccess(env);
const queue = new SqsWorkQueue(new SQSClient({ region: env.AWS_REGION }), {
  [REPLAN_QUEUE]: replanRoute(env.REPLAN_QUEUE_URL),
});
deps.onCustomerChanged = replanOnChange(queue, deps.clock);
// The reader retries throttling itself with jittered back-off: one SDK attempt per call, one retry policy.
const textract = new TextractClient({ region: env.AWS_REGION, maxAttempts: 1 });

const intake = makeIntakeDocument({
  ...deps,
  documents: new DynamoDocumentRepository(db, tableName),
  reader: new TextractDocumentReader(textract, {
    bucket: env.BUCKET_NAME,
    snsTopicArn: env.TEXTRACT_SNS_TOPIC_ARN,
    roleArn: env.TEXTRACT_ROLE_ARN,
  }),
  inspector: new PdfInspector(),
  blobs: new S3BlobStore(s3Client({ region: env.AWS_REGION }), env.BUCKET_NAME),
  maxDocumentBytes: env.RELANCE_MAX_DOCUMENT_BYTES,
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
