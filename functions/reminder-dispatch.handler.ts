/**
 * The reminder dispatch, one handler for its two triggers (same use case, same dependencies, same grants: one
 * bundle and one warm pool rather than two copies):
 *  - EventBridge Scheduler invokes it with the schedule's payload `{"customerId"}` (one-time `at()` schedules
 *    created by the dispatch itself). A failure throws: Lambda retries the asynchronous invocation, then sends it
 *    to the Scheduler dead-letter queue (the function's on-failure destination), which alarms.
 *  - the re-plan FIFO queue delivers `{"customerId"}` messages (onCustomerChanged everywhere else): processed
 *    with Powertools' FIFO batch processor, one customer (message group) in order, partial batch responses, and a
 *    failed customer's later messages returned with it so the order holds.
 * The dispatch re-reads everything and claims each channel's key before sending: a duplicate, late or concurrent
 * run sends nothing twice. Logs carry ids and counts only.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import * as z from '#shared/platform/zod.ts';
import { dunningServices, readPortalSecret } from './support/dunning.ts';
import { Bucket, Messaging, Portal, Scheduling, Table } from './support/env.ts';
import { tableAccess } from './support/stores.ts';

const env = loadConfig(z.object({ ...Table, ...Bucket, ...Messaging, ...Scheduling, ...Portal }));
const portalSecret = await readPortalSecret(new SecretsManager({ region: env.AWS_REGION }), env.PORTAL_SECRET_ARN);
const { dispatch } = dunningServices({ env, access: tableAccess(env), portalSecret }).dunning;

/** The Scheduler payload and the re-plan message: the same shape. */
export const DispatchRequest = z.object({ customerId: z.string().check(z.minLength(1), z.maxLength(200)) });

async function dispatchOne(customerId: string, trigger: 'schedule' | 'replan'): Promise<void> {
  const result = await dispatch(customerId);
  logger.info('dispatch done', {
    customerId,
    trigger,
    sent: result.sent.length,
    alreadyHandled: result.alreadyHandled.length,
    nextSchedule: result.next?.name,
  });
}

const processor = new SqsFifoPartialProcessorAsync();

const isSqsEvent = (event: unknown): event is SQSEvent =>
  typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records);

export const handler = async (event: unknown, context: Context): Promise<SQSBatchResponse | undefined> => {
  if (isSqsEvent(event))
    return processPartialResponse(
      event,
      async (record: SQSRecord) => dispatchOne(DispatchRequest.parse(JSON.parse(record.body)).customerId, 'replan'),
      processor,
      { context, skipGroupOnError: true },
    );
  await dispatchOne(DispatchRequest.parse(event).customerId, 'schedule');
  return undefined;
};
