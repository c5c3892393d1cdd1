/**
 * Bank statements and matching: /api/bank (bearer token), the /bank pages (session) and the signed bank
 * webhooks (/webhooks/{bank}). Their own family because only they carry the statement parsers (camt, MT940,
 * OFX, CFONB, CSV and an XML parser): the other functions stay small without them.
 */
import { Hono } from 'hono';
import { bankRoutes } from '../api/bank.ts';
import { requireApiToken } from '../auth.ts';
import { bankPages } from '../dashboard/bank-routes.ts';
import type { WebDeps } from '../web-deps.ts';

export function mountBank(app: Hono, deps: WebDeps): void {
  if (!deps.bank) return;
  const api = new Hono();
  api.use('*', requireApiToken(deps.config.apiToken));
  api.route('/bank', bankRoutes({ ...deps, ...deps.bank }, deps.bank));
  app.route('/api', api);
  app.route('/', bankPages({ ...deps, ...deps.bank }, deps.bank));
}
