/**
 * The reminder-dispatch entry point, both triggers, composed as on AWS: the table on dynalite, Scheduler and
 * Secrets Manager on the recording fake endpoint (no emulator). A customer with an invoice due in two months has
 * nothing to send today; the dispatch schedules its next run in the group, targeting this function, with the role
 * and the DLQ.
 */
import type { Context, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '#shared/ports/clock.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';
import { type FakeAws, startFakeAws } from '../support/fake-aws.ts';

const ENV = {
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  BUCKET_NAME: 'relance-test',
  SCHEDULE_GROUP_NAME: 'relance-test',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/relance-scheduler',
  SCHEDULER_DEAD_LETTER_ARN: 'arn:aws:sqs:eu-west-3:123456789012:relance-scheduler-dlq',
  DISPATCH_FUNCTION_ARN: 'arn:aws:lambda:eu-west-3:123456789012:function:relance-test-reminder-dispatch',
  PORTAL_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-portal',
  PORTAL_BASE_URL: 'https://api.example',
};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function fifoRecord(messageId: string, body: string, group: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: group,
      MessageDeduplicationId: `${group}:x`,
      SequenceNumber: '1',
    },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-3:123456789012:relance-replan.fifo',
    awsRegion: 'eu-west-3',
  };
}

describe('functions/reminder-dispatch.handler', () => {
  let table: TestTable;
  let customerId: string;
  let aws: FakeAws;
  /** Where this test's calls start in the fake's record (the cold start's come before the first test). */
  let mark = 0;
  /** The schedules created in this test, as the code gave them: the name is in the path, the rest the body. */
  const createdSchedules = () =>
    aws.calls
      .slice(mark)
      .filter((c) => c.name === 'Scheduler.CreateSchedule')
      .map((c) => ({ Name: decodeURIComponent(c.path.split('/').pop() ?? ''), ...c.body }));
  let handler: (e: unknown, c: Context) => Promise<SQSBatchResponse | undefined>;

  beforeAll(async () => {
    table = await startTestTable();
    aws = await startFakeAws();
    aws.on('SecretsManager.GetSecretValue', { body: { SecretString: 'p'.repeat(64) } });
    aws.on('Scheduler.CreateSchedule', { body: { ScheduleArn: 'arn:aws:scheduler:::schedule/x' } });
    Object.assign(process.env, ENV, {
      // Every service on the fake (none reaches AWS), the table on dynalite.
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: table.emulator.endpoint,
      TABLE_NAME: table.tableName,
    });
    const record = makeRecordInvoice({ ...table.stores, clock: systemClock });
    const { invoice } = await record(
      {
        source: 'api',
        externalId: 'RD-1',
        number: 'F-RD-1',
        customer: { externalId: 'C-RD', name: 'Dispatch SAS', email: 'compta@dispatch.example' },
        issueDate: day(0),
        dueDate: day(60),
        currency: 'EUR',
        total: 120000,
        amountPaid: 0,
      },
      { kind: 'integration', id: 'api' },
    );
    customerId = invoice.customerId;
    ({ handler } = (await import('../../functions/reminder-dispatch.handler.ts')) as never);
  });
  beforeEach(() => {
    mark = aws.calls.length;
  });
  afterAll(async () => {
    await aws?.close();
    await table?.close();
  });

  it('reads the portal key once at cold start', () => {
    expect(aws.callsOf('SecretsManager.GetSecretValue').map((c) => c.body?.SecretId)).toEqual([ENV.PORTAL_SECRET_ARN]);
  });

  it('dispatches the customer a schedule names, and schedules the next run on this function', async () => {
    // Act
    const result = await handler({ customerId }, {} as Context);
    // Assess
    expect(result).toBeUndefined();
    const calls = createdSchedules();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      Name: expect.stringMatching(new RegExp(`^dun-${customerId}-\\d{4}-\\d{2}-\\d{2}$`)),
      GroupName: 'relance-test',
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: ENV.DISPATCH_FUNCTION_ARN,
        RoleArn: ENV.SCHEDULER_ROLE_ARN,
        Input: JSON.stringify({ customerId }),
        DeadLetterConfig: { Arn: ENV.SCHEDULER_DEAD_LETTER_ARN },
      },
    });
  });

  it('fails a scheduled invocation without a customer id (Lambda retries it, then the DLQ keeps it)', async () => {
    await expect(handler({ nope: true }, {} as Context)).rejects.toThrow();
  });

  it('processes re-plan messages per customer and reports only the one it could not read', async () => {
    const res = await handler(
      {
        Records: [
          fifoRecord('m-1', JSON.stringify({ customerId }), customerId),
          fifoRecord('m-2', '{"customer":"missing id"}', 'other'),
          fifoRecord('m-3', JSON.stringify({ customerId: 'cus_unknown' }), 'cus_unknown'),
        ],
      },
      { awsRequestId: 'r' } as Context,
    );
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(createdSchedules()).toHaveLength(1);
  });
});
