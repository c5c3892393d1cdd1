/**
 * SQS (subscribed to Textract's SNS completion topic) → complete the document whose job finished. Each record
 * is processed on its own with Powertools' batch processor: a record that fails (the table unavailable, results
 * not collectable yet) is reported back alone and redelivered, then dead-lettered by the queue's redrive policy;
 * the others are done. A completed document that became an invoice re-plans its customer (re-plan queue).
 * Completing twice is harmless: a document no longer waiting for that job is left as is.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { TextractCompletionBody } from '#events/textract-completion.ts';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import * as z from '#shared/platform/zod.ts';
import { makeCompleteDocumentExtraction } from '#shared/use-cases/complete-document-extraction.ts';
import { textractDocumentServices } from './support/documents.ts';
import { Bucket, Replan, Table, Textract } from './support/env.ts';
import { sqsReplanner, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Bucket, ...Textract, ...Replan }));
const { db, tableName, deps } = tableAccess(env);
deps.onCustomerChanged = sqsReplanner(env, deps.clock);

const complete = makeCompleteDocumentExtraction({
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
  const message = TextractCompletionBody.parse(record.body);
  const document = await complete({ documentId: message.JobTag, jobId: message.JobId, status: message.Status });
  logger.info('extraction job completed', {
    documentId: document.id,
    jobStatus: message.Status,
    state: document.state,
  });
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
