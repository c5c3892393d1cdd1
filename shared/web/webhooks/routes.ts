/**
 * `/webhooks/{chargebee,quickbooks,sellsy/:secret}`: provider deliveries in, answered fast (QuickBooks wants a
 * 200 within 3 s). Each delivery is authenticated the provider's way, split into events, and each event is
 * stored raw (deduplicated by the provider's event id) and queued; the worker does the rest.
 *  - wrong or missing authentication: 401, nothing stored;
 *  - a body that is not the provider's payload: 400 (errors.ts format), stored as failed with its reason so it
 *    can be replayed once the cause is fixed;
 *  - a duplicate not yet processed is queued again (the first queuing may have been lost); processed ones are not.
 * The provider-specific verification and parsing are WebhookReceivers the host injects (connectors are never
 * imported by the web layer).
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { digest } from '#shared/domain/ids.ts';
import { logger } from '#shared/platform/logger.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { WorkQueue } from '#shared/ports/queue.ts';
import {
  MalformedWebhookError,
  PROVIDER_EVENTS_QUEUE,
  type ProviderEventMessage,
  providerEventMessageId,
  type WebhookEventStore,
  type WebhookReceiver,
  type WebhookRequest,
} from '#shared/ports/webhook-events.ts';
import { errorBody } from '../errors.ts';

export type WebhookProvider = 'sellsy' | 'quickbooks' | 'chargebee';

/** The longest event id stored; providers' ids are a few dozen characters. */
const MAX_EVENT_ID_BYTES = 512;

/** What the host gives the webhook routes: the configured providers' receivers, the event store, the queue. */
export interface WebhookDeps {
  receivers: Partial<Record<WebhookProvider, WebhookReceiver>>;
  events: WebhookEventStore;
  queue: WorkQueue;
}

export function webhookRoutes(deps: WebhookDeps & { clock: Clock }): Hono {
  const app = new Hono();

  function requestOf(c: Context, body: Uint8Array, pathSecret?: string): WebhookRequest {
    return { method: c.req.method, header: (name) => c.req.header(name), body, pathSecret };
  }

  async function queue(provider: string, eventId: string): Promise<void> {
    await deps.queue.send<ProviderEventMessage>(PROVIDER_EVENTS_QUEUE, {
      id: providerEventMessageId(provider, eventId),
      body: { provider, eventId },
    });
  }

  async function receive(c: Context, provider: WebhookProvider, pathSecret?: string) {
    const receiver = deps.receivers[provider];
    if (!receiver) return c.json(errorBody('NOT_FOUND', `${provider} is not connected`), 404);
    // The raw bytes, read once: signatures are computed over them, never over re-serialised JSON.
    const body = new Uint8Array(await c.req.arrayBuffer());
    const request = requestOf(c, body, pathSecret);
    if (!receiver.authenticate(request)) {
      logger.warn('webhook refused: authentication failed', { provider });
      return c.json(errorBody('UNAUTHORIZED', 'the webhook could not be authenticated'), 401);
    }
    const receivedAt = deps.clock.now().toISOString();
    let received: ReturnType<WebhookReceiver['parse']>;
    try {
      received = receiver.parse(request);
      // The id is part of the stored event's keys, which DynamoDB caps (1 KB for a sort key).
      for (const { event } of received) {
        const bytes = new TextEncoder().encode(event.eventId).length;
        if (bytes > MAX_EVENT_ID_BYTES) {
          throw new MalformedWebhookError(`event id: ${bytes} bytes, longer than the ${MAX_EVENT_ID_BYTES} accepted`);
        }
      }
    } catch (error) {
      if (!(error instanceof MalformedWebhookError)) throw error;
      const raw = new TextDecoder().decode(body);
      const eventId = `malformed:${digest([raw], 26)}`;
      await deps.events.record({ provider, eventId, raw, receivedAt, failure: `malformed: ${error.message}` });
      logger.warn('webhook refused: malformed body', { provider, eventId });
      return c.json(errorBody('MALFORMED_WEBHOOK', error.message, [{ message: error.message }]), 400);
    }
    let accepted = 0;
    let duplicates = 0;
    for (const { event, raw } of received) {
      const outcome = await deps.events.record({ provider, eventId: event.eventId, event, raw, receivedAt });
      if (outcome === 'new') {
        accepted++;
        await queue(provider, event.eventId);
        continue;
      }
      duplicates++;
      const stored = await deps.events.get(provider, event.eventId);
      if (stored && stored.state !== 'processed') await queue(provider, event.eventId);
    }
    logger.info('webhook received', { provider, accepted, duplicates });
    return c.json({ received: accepted, duplicates }, 200);
  }

  app.post('/chargebee', (c) => receive(c, 'chargebee'));
  app.post('/quickbooks', (c) => receive(c, 'quickbooks'));
  app.post('/sellsy/:secret', (c) => receive(c, 'sellsy', c.req.param('secret')));
  // Sellsy checks the endpoint with a GET before it sends anything: the same secret, nothing stored.
  app.get('/sellsy/:secret', (c) => {
    const receiver = deps.receivers.sellsy;
    if (!receiver) return c.json(errorBody('NOT_FOUND', 'sellsy is not connected'), 404);
    const request = requestOf(c, new Uint8Array(), c.req.param('secret'));
    if (!receiver.authenticate(request)) {
      return c.json(errorBody('UNAUTHORIZED', 'the webhook could not be authenticated'), 401);
    }
    return c.json({ success: true }, 200);
  });
  return app;
}
