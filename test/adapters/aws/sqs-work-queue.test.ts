/**
 * The SQS work queue against the recording fake AWS endpoint: JSON bodies; FIFO queues get deduplication and group
 * ids. SendMessage travels over the JSON protocol (X-Amz-Target AmazonSQS.SendMessage).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqsWorkQueue, sqsToken } from '#shared/adapters/aws/sqs-work-queue.ts';
import { SqsQueues } from '#shared/platform/aws/sqs.ts';
import { replanMessageId } from '../../../functions/support/stores.ts';
import { TEST_CREDENTIALS } from '../../support/dynamo.ts';
import { type FakeAws, startFakeAws } from '../../support/fake-aws.ts';

const STANDARD = 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-provider-events';
const FIFO = 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-replan.fifo';
/** SendMessage's answer as SQS gives it. */
const SENT = {
  MessageId: '5fea7756-0ea4-451a-a703-a558b933e274',
  MD5OfMessageBody: 'fafb00f5732ab283681e124bf8747ed1',
};

describe('SqsWorkQueue', () => {
  let fake: FakeAws;
  let queue: SqsWorkQueue;
  beforeAll(async () => {
    fake = await startFakeAws();
    queue = new SqsWorkQueue(
      new SqsQueues({ region: 'eu-west-3', endpoint: fake.endpoint, credentials: TEST_CREDENTIALS }),
      {
        'provider-events': { url: STANDARD },
        replan: { url: FIFO, groupId: (m) => (m.body as { customerId: string }).customerId },
      },
    );
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('sends the body as JSON to a standard queue, with no FIFO attributes', async () => {
    fake.on('SQS.SendMessage', { body: SENT });
    await queue.send('provider-events', { id: 'sellsy#e1', body: { provider: 'sellsy', eventId: 'e1' } });
    const calls = fake.callsOf('SQS.SendMessage');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(calls[0]!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(calls[0]!.body).toEqual({
      QueueUrl: STANDARD,
      MessageBody: '{"provider":"sellsy","eventId":"e1"}',
    });
  });

  it('deduplicates a FIFO message by its id (customer + minute) and groups it by customer', async () => {
    fake.on('SQS.SendMessage', { body: { ...SENT, SequenceNumber: '18849496460467696128' } });
    const id = replanMessageId('cus_42', new Date('2026-11-23T09:15:42.123Z'));
    await queue.send('replan', { id, body: { customerId: 'cus_42' } });
    const calls = fake.callsOf('SQS.SendMessage');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      QueueUrl: FIFO,
      MessageBody: '{"customerId":"cus_42"}',
      MessageDeduplicationId: 'cus_42:2026-11-23T09:15',
      MessageGroupId: 'cus_42',
    });
  });

  it('hashes ids SQS would refuse, and refuses an unknown queue', async () => {
    expect(sqsToken('x'.repeat(200))).toMatch(/^[0-9a-f]{64}$/);
    expect(sqsToken('é')).toMatch(/^[0-9a-f]{64}$/);
    await expect(queue.send('nope', { id: 'a', body: {} })).rejects.toThrow(/no SQS queue configured for "nope"/);
    expect(fake.calls).toHaveLength(0);
  });
});
