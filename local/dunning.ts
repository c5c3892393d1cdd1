/**
 * The dunning part of the local stack: reminder, plan and settings stores, the dispatch behind the local
 * scheduler, and re-planning through the in-process queue — so recording an invoice never waits on (or fails
 * because of) a message being sent, and a failing dispatch is retried, then dead-lettered with its reason.
 */
import { createHash } from 'node:crypto';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import type { InProcessQueue } from '#shared/adapters/local/in-process-queue.ts';
import type { LocalScheduler } from '#shared/adapters/local/local-scheduler.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { ReminderChannels } from '#shared/ports/reminders.ts';
import { DISPATCH_TARGET, makeDispatchReminders } from '#shared/use-cases/dunning-dispatch.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';
import { portalUrl } from '#shared/web/portal-token.ts';
import type { DunningWebDeps } from '#shared/web/web-deps.ts';

export const DUNNING_QUEUE = 'dunning';

export function portalSecret(apiToken: string): string {
  return createHash('sha256').update(`relance-portal:${apiToken}`).digest('hex');
}

export function wireDunning(args: {
  db: DynamoDocuments;
  tableName: string;
  deps: UseCaseDeps;
  scheduler: LocalScheduler;
  queue: InProcessQueue;
  channels: ReminderChannels;
  portal: { secret: string; baseUrl: () => string };
  blobs: BlobStore;
}): DunningWebDeps {
  const { db, tableName, deps, scheduler, queue, channels, portal, blobs } = args;
  const reminders = new DynamoReminderRepository(db, tableName);
  const settings = new DynamoSettingsRepository(db, tableName);
  const plans = new DynamoPlanRepository(db, tableName);
  const dispatch = makeDispatchReminders({
    ...deps,
    reminders,
    settings,
    plans,
    channels,
    scheduler,
    portalUrl: (customerId) =>
      portalUrl(portal.baseUrl(), customerId, portal.secret, Math.floor(deps.clock.now().getTime() / 1000)),
  });
  scheduler.register(DISPATCH_TARGET, async (payload) => {
    await dispatch((payload as { customerId: string }).customerId);
  });
  // A burst of changes to one customer (an import, the demo) needs one re-plan, not one per change: a customer
  // already waiting in the queue is not queued again (its dispatch will read the latest state anyway).
  const waiting = new Set<string>();
  queue.consume(DUNNING_QUEUE, async (message) => {
    const { customerId } = message.body as { customerId: string };
    waiting.delete(customerId);
    await dispatch(customerId);
  });
  deps.onCustomerChanged = async (customerId) => {
    if (waiting.has(customerId)) return;
    waiting.add(customerId);
    await queue.send(DUNNING_QUEUE, { id: `${customerId}:${deps.clock.now().toISOString()}`, body: { customerId } });
  };
  return { plans, settings, reminders, dispatch, blobs };
}
