/**
 * The reminder-dispatch entry point, both triggers, composed as on AWS: the table on dynalite, Scheduler and
 * Secrets Manager mocked (no emulator). A customer with an invoice due in two months has nothing to send today;
 * the dispatch schedules its next run in the group, targeting this function, with the role and the DLQ.
 */

import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '#shared/ports/clock.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

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
  const secrets = mockClient(SecretsManagerClient);
  const scheduler = mockClient(SchedulerClient);
  let handler: (e: unknown, c: Context) => Promise<SQSBatchResponse | undefined>;

  beforeAll(async () => {
    table = await startTestTable();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'p'.repeat(64) });
    Object.assign(process.env, ENV, {
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
    scheduler.reset();
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:::schedule/x' });
  });
  afterAll(async () => {
    secrets.restore();
    scheduler.restore();
    await table.close();
  });

  it('reads the portal key once at cold start', () => {
    expect(secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([
      ENV.PORTAL_SECRET_ARN,
    ]);
  });

  it('dispatches the customer a schedule names, and schedules the next run on this function', async () => {
    // Act
    const result = await handler({ customerId }, {} as Context);
    // Assess
    expect(result).toBeUndefined();
    const calls = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);
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
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(1);
  });
});
