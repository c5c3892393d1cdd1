/**
 * The provider-events worker entry point: the two message kinds of its queue, on a dynalite table with Secrets
 * Manager on the recording fake endpoint (no emulator). A catch-up request for a provider that is not connected
 * yet is done (not retried); a message that is neither kind is reported alone.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../support/dynamo.ts';
import { awsError, type FakeAws, startFakeAws } from '../support/fake-aws.ts';

const SELLSY_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-sellsy';

function record(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-3:123456789012:relance-provider-events',
    awsRegion: 'eu-west-3',
  };
}

describe('functions/provider-events.handler', () => {
  let table: TestTable;
  let aws: FakeAws;
  let handler: (e: SQSEvent, c: Context) => Promise<SQSBatchResponse>;
  let Message: { parse(v: unknown): unknown };

  beforeAll(async () => {
    table = await startTestTable();
    aws = await startFakeAws();
    aws.on('SecretsManager.GetSecretValue', (call) =>
      call.body?.SecretId === SELLSY_ARN
        ? {
            body: {
              SecretString: JSON.stringify({
                SELLSY_WEBHOOK_SECRET: 's'.repeat(40),
                SELLSY_CLIENT_ID: '',
                SELLSY_CLIENT_SECRET: '',
              }),
            },
          }
        : awsError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
    );
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // Every service on the fake (none reaches AWS), the table on dynalite.
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: table.emulator.endpoint,
      TABLE_NAME: table.tableName,
      BUCKET_NAME: 'relance-test',
      REPLAN_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-replan.fifo',
      PROVIDER_EVENTS_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-provider-events',
      SELLSY_SECRET_ARN: SELLSY_ARN,
    });
    const mod = (await import('../../functions/provider-events.handler.ts')) as never as {
      handler: typeof handler;
      ProviderQueueMessage: typeof Message;
    };
    handler = mod.handler;
    Message = mod.ProviderQueueMessage;
  });
  afterAll(async () => {
    await aws?.close();
    await table?.close();
  });

  it('reads the catch-up request the daily schedule sends, and the stored-event message of a webhook', () => {
    expect(Message.parse({ type: 'catch-up', provider: 'sellsy' })).toEqual({ type: 'catch-up', provider: 'sellsy' });
    expect(Message.parse({ provider: 'quickbooks', eventId: 'e-1' })).toEqual({
      provider: 'quickbooks',
      eventId: 'e-1',
    });
    expect(() => Message.parse({ type: 'catch-up' })).toThrow();
  });

  it('completes a catch-up of a provider not connected yet, and reports only the unreadable message', async () => {
    const res = await handler(
      {
        Records: [
          record('m-1', JSON.stringify({ type: 'catch-up', provider: 'sellsy' })),
          record('m-2', '{"what":"ever"}'),
          record('m-3', JSON.stringify({ type: 'catch-up', provider: 'chargebee' })),
        ],
      },
      { awsRequestId: 'r' } as Context,
    );
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(aws.callsOf('SecretsManager.GetSecretValue').map((c) => c.body?.SecretId)).toEqual([SELLSY_ARN]);
  });
});
