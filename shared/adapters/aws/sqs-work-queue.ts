/**
 * The WorkQueue port over SQS: each logical queue name maps to a queue URL. Standard queues get the JSON body
 * (consumers are idempotent; a duplicate costs one more run). FIFO queues (`.fifo`) also get
 * - `MessageDeduplicationId` from the message id: SQS drops any message with the same id sent in the next five
 *   minutes, so a caller that puts a time bucket in the id (customer + minute) sends one message per bucket;
 * - `MessageGroupId` from the route's `groupId` (say, the customer): one group is delivered in order, one
 *   message at a time, so two runs for the same customer never overlap.
 */
import { createHash } from 'node:crypto';
import type { SqsQueues } from '#shared/platform/aws/sqs.ts';
import type { QueueMessage, WorkQueue } from '#shared/ports/queue.ts';

export interface SqsRoute {
  url: string;
  /** FIFO queues only: the message group of a message (defaults to one group for the whole queue). */
  groupId?: (message: QueueMessage) => string;
}

/** SQS allows 128 characters of [A-Za-z0-9] and punctuation; longer or other ids are hashed. */
export function sqsToken(id: string): string {
  return /^[\x21-\x7e]{1,128}$/.test(id) ? id : createHash('sha256').update(id).digest('hex');
}

export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly client: SqsQueues,
    private readonly routes: Readonly<Record<string, SqsRoute>>,
  ) {}

  async send<T>(queue: string, message: QueueMessage<T>): Promise<void> {
    const route = this.routes[queue];
    if (!route) throw new Error(`no SQS queue configured for "${queue}"`);
    const fifo = route.url.endsWith('.fifo');
    await this.client.sendMessage({
      QueueUrl: route.url,
      MessageBody: JSON.stringify(message.body),
      ...(fifo
        ? {
            MessageDeduplicationId: sqsToken(message.id),
            MessageGroupId: sqsToken(route.groupId?.(message) ?? queue),
          }
        : {}),
    });
  }
}
