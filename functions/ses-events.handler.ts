/**
 * SES tracking events → the reminder and the timeline. The configuration set publishes to EventBridge (default
 * bus); a rule on `source: aws.ses` sends them to an SQS queue (with a DLQ) read by this function. Each record is
 * processed on its own with Powertools' batch processor: a failing one is reported back alone, redelivered and
 * finally dead-lettered with its error; recording an event twice changes nothing.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { SesEventBody, toTrackingEvent } from '#events/ses-event.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import * as z from '#shared/platform/zod.ts';
import { makeRecordEmailEvent } from '#shared/use-cases/record-email-event.ts';
import { Replan, Table } from './support/env.ts';
import { sqsReplanner, tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Replan }));
const { db, tableName, deps } = tableAccess(env);
// A hard bounce or complaint can leave nobody to e-mail: the customer is re-planned (letters instead).
deps.onCustomerChanged = sqsReplanner(env, deps.clock);

const recordEmailEvent = makeRecordEmailEvent({ ...deps, reminders: new DynamoReminderRepository(db, tableName) });

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
