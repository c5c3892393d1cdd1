/**
 * SQS (fed by an EventBridge rule on the bucket's "Object Created" events under bank/) → import the statement.
 * Each record is processed on its own with Powertools' batch processor: a record that fails (the table or the
 * bucket unavailable) is reported back alone and redelivered, then dead-lettered by the queue's redrive policy.
 * A malformed file is not an error to retry: it is recorded as a failed import with the line or element at
 * fault, shown on the dashboard, and the record is done. Importing twice is harmless (dedupe by file and line).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { BANK_PREFIX, StatementObjectBody } from '#events/bank-statement-object.ts';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
  DynamoPayerRepository,
  DynamoStatementImportRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import { documentClient, s3Client } from '#shared/platform/aws-clients.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { makeImportStatementObject } from '#shared/use-cases/import-statement.ts';

const Env = z.object({
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
});

const env = loadConfig(Env);
const db = documentClient({ region: env.AWS_REGION });

const importObject = makeImportStatementObject({
  invoices: new DynamoInvoiceRepository(db, env.TABLE_NAME),
  customers: new DynamoCustomerRepository(db, env.TABLE_NAME),
  timeline: new DynamoTimelineRepository(db, env.TABLE_NAME),
  clock: systemClock,
  transactions: new DynamoBankTransactionRepository(db, env.TABLE_NAME),
  allocations: new DynamoAllocationRepository(db, env.TABLE_NAME),
  credits: new DynamoCustomerCreditRepository(db, env.TABLE_NAME),
  payers: new DynamoPayerRepository(db, env.TABLE_NAME),
  imports: new DynamoStatementImportRepository(db, env.TABLE_NAME),
  reader: new BankStatementReader(),
  blobs: new S3BlobStore(s3Client({ region: env.AWS_REGION }), env.BUCKET_NAME),
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
