/**
 * `/api/provider-events`: the provider deliveries that failed (a connection broken, an outage, a payload we could
 * not read), with their reasons, and replaying them once the cause is fixed. The list shows ids, states and
 * reasons, never the payloads (they carry the provider's personal data).
 */
import { Hono } from 'hono';
import type { Clock } from '#shared/ports/clock.ts';
import { makeReplayFailedEvents } from '#shared/use-cases/replay-failed-events.ts';
import type { WebhookDeps } from '../webhooks/routes.ts';
import { jsonBody, queryParams } from './request.ts';
import { FailedEventsQuery, ReplayEventsBody } from './schemas.ts';

export function providerEventRoutes(deps: WebhookDeps & { clock: Clock }) {
  const replay = makeReplayFailedEvents({
    events: deps.events,
    queue: deps.queue,
    clock: deps.clock,
    receivers: deps.receivers,
  });
  return new Hono()
    .get('/failed', async (c) => {
      const query = queryParams(c, FailedEventsQuery);
      const page = await deps.events.listFailed(query);
      return c.json({
        items: page.items.map((e) => ({
          provider: e.provider,
          eventId: e.eventId,
          state: e.state,
          reason: e.reason ?? null,
          attempts: e.attempts,
          receivedAt: e.receivedAt,
          updatedAt: e.updatedAt,
          parsed: e.event !== undefined,
        })),
        cursor: page.cursor ?? null,
      });
    })
    .post('/replay', async (c) => {
      const { provider } = await jsonBody(c, ReplayEventsBody);
      return c.json(await replay(provider), 200);
    });
}
