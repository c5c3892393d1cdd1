/**
 * The SES tracking function: an SQS batch of EventBridge SES events (the samples), processed record by record
 * with Powertools batch on a dynalite table; the events land on the reminder, and a record that cannot be parsed
 * is reported alone (redelivered, then dead-lettered with its error).
 */
import { readFileSync } from 'node:fs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';
import { type FakeAws, startFakeAws } from '../support/fake-aws.ts';

const sample = (name: string) =>
  readFileSync(new URL(`../../events/samples/ses-event.${name}.json`, import.meta.url), 'utf8');
const MESSAGE_ID = '0107019ab3c4d5e6-7f8a9b0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c-000000';
const REMINDER_ID = 'cus_handler:email:2026-11-23';

function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1763888400000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1763888400001',
    },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-3:123456789012:relance-ses-events',
    awsRegion: 'eu-west-3',
  };
}

describe('functions/ses-events.handler', () => {
  let table: TestTable;
  let handler: (e: SQSEvent, c: Context) => Promise<SQSBatchResponse>;
  let reminders: DynamoReminderRepository;

  // The re-plan queue on the fake endpoint (no emulator): what the function sends is not this test's subject.
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws();
    aws.on('SQS.SendMessage', { body: { MessageId: 'm' } });
    table = await startTestTable();
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // Every service on the fake (none reaches AWS), the table on dynalite.
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: table.emulator.endpoint,
      TABLE_NAME: table.tableName,
      REPLAN_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-replan.fifo',
    });
    reminders = new DynamoReminderRepository(table.db, table.tableName);
    await reminders.claim(
      {
        id: REMINDER_ID,
        customerId: 'cus_handler',
        channel: 'email',
        date: '2026-11-23',
        stepId: 'friendly',
        invoiceIds: ['inv_h1'],
        claimedAt: '2026-11-23T08:00:00.000Z',
      },
      60_000,
    );
    await reminders.markSent(REMINDER_ID, MESSAGE_ID, '2026-11-23T08:00:02.000Z');
    ({ handler } = (await import('../../functions/ses-events.handler.ts')) as never);
  });
  afterAll(async () => {
    await aws?.close();
    await table?.close();
  });

  it('records each event and reports only the record it could not read', async () => {
    const event: SQSEvent = {
      Records: [
        sqsRecord('m-1', sample('send')),
        sqsRecord('m-2', '{"not":"an SES event"}'),
        sqsRecord('m-3', sample('delivery')),
      ],
    };
    const res = await handler(event, { awsRequestId: 'req-1' } as Context);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    const reminder = (await reminders.get(REMINDER_ID))!;
    expect(reminder.events.map((e) => e.type)).toEqual(['send', 'delivery']);
    expect(reminder.status).toBe('delivered');
    expect((await table.stores.timeline.forInvoice('inv_h1')).map((e) => e.summary).sort()).toEqual([
      'Reminder e-mail (friendly): accepted by SES',
      'Reminder e-mail (friendly): delivered',
    ]);
  });
});
