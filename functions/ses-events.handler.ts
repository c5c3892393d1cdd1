/**
 * SES tracking events → the reminder and the timeline. The configuration set publishes to EventBridge (default
 * bus); a rule on `source: aws.ses` sends them to an SQS queue (with a DLQ) read by this function. Each record is
 * processed on its own with Powertools' batch processor: a failing one is reported back alone, redelivered and
 * finally dead-lettered with its error; recording an event twice changes nothing. Reads TABLE_NAME.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { SesEventBody, toTrackingEvent } from '#events/ses-event.ts';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { documentClient } from '#shared/platform/aws-clients.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { makeRecordEmailEvent } from '#shared/use-cases/record-email-event.ts';

const Env = z.object({ AWS_REGION: z.string().min(1), TABLE_NAME: z.string().min(1) });

const env = loadConfig(Env);
const db = documentClient({ region: env.AWS_REGION });

const recordEmailEvent = makeRecordEmailEvent({
  invoices: new DynamoInvoiceRepository(db, env.TABLE_NAME),
  customers: new DynamoCustomerRepository(db, env.TABLE_NAME),
  timeline: new DynamoTimelineRepository(db, env.TABLE_NAME),
  reminders: new DynamoReminderRepository(db, env.TABLE_NAME),
  clock: systemClock,
});

const processor = new BatchProcessor(EventType.SQS);

async function recordHandler(record: SQSRecord): Promise<void> {
  const event = toTrackingEvent(SesEventBody.parse(record.body));
  const result = await recordEmailEvent(event);
  logger.info('ses event recorded', {
    eventType: event.type,
    outcome: result.outcome,
    reminderId: result.reminderId,
    timelineEntries: result.timelineEntries,
    flaggedContacts: result.flaggedContacts.length,
  });
}

// One record at a time: events of one message in one batch (delivered, then opened) are applied in order, so a
// reminder's status is computed from the previous event's result.
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
