/**
 * SQS (subscribed to Textract's SNS completion topic) → complete the document whose job finished. Each record
 * is processed on its own with Powertools' batch processor: a record that fails (the table unavailable, results
 * not collectable yet) is reported back alone and redelivered, then dead-lettered by the queue's redrive policy;
 * the others are done. Completing twice is harmless: a document no longer waiting for that job is left as is.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { TextractClient } from '@aws-sdk/client-textract';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { TextractCompletionBody } from '#events/textract-completion.ts';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { TextractDocumentReader } from '#shared/adapters/aws/textract/textract-reader.ts';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { PdfInspector } from '#shared/adapters/pdf/pdf-inspector.ts';
import { documentClient, s3Client } from '#shared/platform/aws-clients.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { makeCompleteDocumentExtraction } from '#shared/use-cases/complete-document-extraction.ts';

const Env = z.object({
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  TEXTRACT_SNS_TOPIC_ARN: z.string().startsWith('arn:'),
  TEXTRACT_ROLE_ARN: z.string().startsWith('arn:'),
  RELANCE_MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
});

const env = loadConfig(Env);
const db = documentClient({ region: env.AWS_REGION });
const textract = new TextractClient({ region: env.AWS_REGION, maxAttempts: 1 });

const complete = makeCompleteDocumentExtraction({
  invoices: new DynamoInvoiceRepository(db, env.TABLE_NAME),
  customers: new DynamoCustomerRepository(db, env.TABLE_NAME),
  timeline: new DynamoTimelineRepository(db, env.TABLE_NAME),
  clock: systemClock,
  documents: new DynamoDocumentRepository(db, env.TABLE_NAME),
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
