/**
 * Puts failed provider events back on the queue (after a connection was repaired, a provider outage ended, or
 * a parser was fixed). An event stored without a readable payload is parsed again with its provider's
 * receiver; what it yields is stored and queued like a fresh delivery, and the old entry is closed.
 *
 * Input: optionally one provider. Output: how many events were queued again.
 */
import type { Clock } from '#shared/ports/clock.ts';
import type { WorkQueue } from '#shared/ports/queue.ts';
import {
  PROVIDER_EVENTS_QUEUE,
  type ProviderEventMessage,
  providerEventMessageId,
  type WebhookEventRecord,
  type WebhookEventStore,
  type WebhookReceiver,
} from '#shared/ports/webhook-events.ts';

export interface ReplayDeps {
  events: WebhookEventStore;
  queue: WorkQueue;
  clock: Clock;
  receivers: Readonly<Record<string, WebhookReceiver>>;
}

export const makeReplayFailedEvents =
  (deps: ReplayDeps) =>
  async (provider?: string): Promise<{ queued: number; stillMalformed: number }> => {
    const failed: WebhookEventRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.events.listFailed({ provider, cursor });
      failed.push(...page.items);
      cursor = page.cursor;
    } while (cursor);

    let queued = 0;
    let stillMalformed = 0;
    const send = (p: string, eventId: string) =>
      deps.queue.send<ProviderEventMessage>(PROVIDER_EVENTS_QUEUE, {
        id: providerEventMessageId(p, eventId),
        body: { provider: p, eventId },
      });
    for (const stored of failed) {
      if (stored.event) {
        await send(stored.provider, stored.eventId);
        queued++;
        continue;
      }
      const receiver = deps.receivers[stored.provider];
      let parsed: ReturnType<WebhookReceiver['parse']> | undefined;
      try {
        parsed = receiver?.parse({
          method: 'POST',
          header: () => undefined,
          body: new TextEncoder().encode(stored.raw),
        });
      } catch {
        parsed = undefined;
      }
      if (!parsed) {
        stillMalformed++;
        continue;
      }
      const now = deps.clock.now().toISOString();
      for (const { event, raw } of parsed) {
        if (
          (await deps.events.record({
            provider: stored.provider,
            eventId: event.eventId,
            event,
            raw,
            receivedAt: now,
          })) === 'new'
        ) {
          await send(stored.provider, event.eventId);
          queued++;
        }
      }
      await deps.events.markProcessed(stored.provider, stored.eventId, now);
    }
    return { queued, stillMalformed };
  };
