/** The JSON API under /api (its bearer token), but for /api/bank and /api/documents (bank.ts, documents.ts). */
import { Hono } from 'hono';
import { customerRoutes } from '../api/customers.ts';
import { dunningRoutes } from '../api/dunning.ts';
import { invoiceRoutes } from '../api/invoices.ts';
import { taskRoutes, templateRoutes } from '../api/messages.ts';
import { providerEventRoutes } from '../api/provider-events.ts';
import { requireApiToken } from '../auth.ts';
import type { WebDeps } from '../web-deps.ts';

export function mountApi(app: Hono, deps: WebDeps): void {
  const api = new Hono();
  api.use('*', requireApiToken(deps.config.apiToken));
  api.route('/invoices', invoiceRoutes(deps));
  api.route('/customers', customerRoutes(deps));
  if (deps.dunning) api.route('/', dunningRoutes(deps, deps.dunning));
  if (deps.messages) api.route('/templates', templateRoutes(deps, deps.messages));
  if (deps.messages) api.route('/tasks', taskRoutes(deps, deps.messages));
  if (deps.webhooks) api.route('/provider-events', providerEventRoutes({ ...deps.webhooks, clock: deps.clock }));
  app.route('/api', api);
}
