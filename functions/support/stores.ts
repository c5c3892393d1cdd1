/**
 * The table and what every use case needs from it, built once per container, and the AWS way to re-plan a
 * customer: onCustomerChanged sends `{customerId}` to the re-plan FIFO queue, deduplicated per customer and
 * minute. The queue delays every message by a minute (infra: deliveryDelay), so the one message a minute's changes
 * produce is read after the last of them: no change is missed, a burst costs one dispatch.
 */

import { type SqsRoute, SqsWorkQueue } from '#shared/adapters/aws/sqs-work-queue.ts';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { SqsQueues } from '#shared/platform/aws/sqs.ts';
import { type Clock, systemClock } from '#shared/ports/clock.ts';
import type { WorkQueue } from '#shared/ports/queue.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';

/** The logical name of the re-plan queue (the SqsWorkQueue route). */
export const REPLAN_QUEUE = 'replan';

export interface TableAccess {
  db: DynamoDocuments;
  tableName: string;
  deps: UseCaseDeps;
}

export function tableAccess(env: { AWS_REGION: string; TABLE_NAME: string }, clock: Clock = systemClock): TableAccess {
  const db = new DynamoDocuments({ region: env.AWS_REGION });
  return {
    db,
    tableName: env.TABLE_NAME,
    deps: {
      invoices: new DynamoInvoiceRepository(db, env.TABLE_NAME),
      customers: new DynamoCustomerRepository(db, env.TABLE_NAME),
      timeline: new DynamoTimelineRepository(db, env.TABLE_NAME),
      clock,
    },
  };
}

/** The message id that deduplicates re-plans: one per customer and minute (UTC). */
export const replanMessageId = (customerId: string, now: Date): string =>
  `${customerId}:${now.toISOString().slice(0, 16)}`;

export function replanOnChange(queue: WorkQueue, clock: Clock): (customerId: string) => Promise<void> {
  return async (customerId) => {
    await queue.send(REPLAN_QUEUE, { id: replanMessageId(customerId, clock.now()), body: { customerId } });
  };
}

/** The SqsWorkQueue route of the re-plan queue: one message group per customer (dispatches never overlap). */
export const replanRoute = (url: string): SqsRoute => ({
  url,
  groupId: (message) => (message.body as { customerId: string }).customerId,
});

/** For a handler whose only queue is the re-plan one: an SQS work queue on it, as `onCustomerChanged`. */
export function sqsReplanner(env: { AWS_REGION: string; REPLAN_QUEUE_URL: string }, clock: Clock) {
  const queue = new SqsWorkQueue(new SqsQueues({ region: env.AWS_REGION }), {
    [REPLAN_QUEUE]: replanRoute(env.REPLAN_QUEUE_URL),
  });
  return replanOnChange(queue, clock);
}
