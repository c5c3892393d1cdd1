/** The dashboard's pages (session), but for /bank and /documents (bank.ts, documents.ts). */
import type { Hono } from 'hono';
import { exportRoutes } from '../dashboard/exports.ts';
import { messagePages } from '../dashboard/message-routes.ts';
import { dashboardRoutes } from '../dashboard/routes.ts';
import { settingsPages } from '../dashboard/settings-routes.ts';
import type { WebDeps } from '../web-deps.ts';

export function mountPages(app: Hono, deps: WebDeps): void {
  // Before the pages: `?format=csv` on a list is answered here, anything else passes on.
  app.route('/', exportRoutes(deps));
  if (deps.messages) app.route('/', messagePages(deps, deps.messages));
  app.route('/', settingsPages(deps));
  app.route('/', dashboardRoutes(deps));
}
