/** The providers' webhooks (/webhooks/sellsy, /quickbooks, /chargebee), each with its own authentication. */
import type { Hono } from 'hono';
import type { WebDeps } from '../web-deps.ts';
import { webhookRoutes } from '../webhooks/routes.ts';

export function mountWebhooks(app: Hono, deps: Pick<WebDeps, 'webhooks' | 'clock'>): void {
  if (deps.webhooks) app.route('/webhooks', webhookRoutes({ ...deps.webhooks, clock: deps.clock }));
}
