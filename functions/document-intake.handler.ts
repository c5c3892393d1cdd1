/**
 * S3 ObjectCreated under inbox/ → document intake. Composition root: builds the adapters once per container
 * (Textract reader, PDF inspector, table, bucket) and hands each created object to the intake use case. An error
 * (Textract throttled beyond the reader's retries, the table unavailable) fails the invocation, so S3's
 * asynchronous invocation retries it and finally sends it to the function's dead-letter queue: nothing is lost,
 * and a retry is harmless because the intake is idempotent on the file's hash.
 */
import { TextractClient } from '@aws-sdk/client-textract';
import { z } from 'zod';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { createdObjects } from '#shared/adapters/aws/s3-inbox-events.ts';
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
import { makeIntakeDocument } from '#shared/use-cases/intake-document.ts';

const Env = z.object({
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  TEXTRACT_SNS_TOPIC_ARN: z.string().startsWith('arn:'),
  TEXTRACT_ROLE_ARN: z.string().startsWith('arn:'),
  /** Textract's synchronous limit; larger files fail with a reason instead of being downloaded. */
  RELANCE_MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
});

const env = loadConfig(Env);
const db = documentClient({ region: env.AWS_REGION });
const blobs = new S3BlobStore(s3Client({ region: env.AWS_REGION }), env.BUCKET_NAME);
// The reader retries throttling itself with jittered back-off: one SDK attempt per call, one retry policy.
const textract = new TextractClient({ region: env.AWS_REGION, maxAttempts: 1 });

const intake = makeIntakeDocument({
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
  blobs,
  maxDocumentBytes: env.RELANCE_MAX_DOCUMENT_BYTES,
});

export const handler = async (event: unknown): Promise<void> => {
  const objects = createdObjects(event);
  for (const object of objects) {
    const { document, created } = await intake({ origin: 'bucket', ...object });
    logger.info('document taken in', { documentId: document.id, state: document.state, created });
  }
};
