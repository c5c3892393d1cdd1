/** The SQS work queue on a mocked client: JSON bodies; FIFO queues get deduplication and group ids. */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsWorkQueue, sqsToken } from '#shared/adapters/aws/sqs-work-queue.ts';
import { replanMessageId } from '../../../functions/support/stores.ts';

const STANDARD = 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-provider-events';
const FIFO = 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-replan.fifo';

describe('SqsWorkQueue', () => {
  const sqs = mockClient(SQSClient);
  const queue = new SqsWorkQueue(new SQSClient({ region: 'eu-west-3' }), {
    'provider-events': { url: STANDARD },
    replan: { url: FIFO, groupId: (m) => (m.body as { customerId: string }).customerId },
  });
  afterEach(() => sqs.reset());

  it('sends the body as JSON to a standard queue, with no FIFO attributes', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
    await queue.send('provider-events', { id: 'sellsy#e1', body: { provider: 'sellsy', eventId: 'e1' } });
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: STANDARD,
      MessageBody: '{"provider":"sellsy","eventId":"e1"}',
    });
  });

  it('deduplicates a FIFO message by its id (customer + minute) and groups it by customer', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
    const id = replanMessageId('cus_42', new Date('2026-11-23T09:15:42.123Z'));
    await queue.send('replan', { id, body: { customerId: 'cus_42' } });
    expect(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input).toEqual({
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
  });
});
