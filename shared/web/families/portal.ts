/** The debtor's portal (/portal): its own credential (the signed link), never the dashboard session. */
import type { Hono } from 'hono';
import { type PortalDeps, portalRoutes } from '../portal/routes.ts';
import type { WebDeps } from '../web-deps.ts';

export function mountPortal(app: Hono, deps: PortalDeps, secret: string | undefined): void {
  app.route('/portal', portalRoutes(deps, secret));
}

/** The portal's part of the whole app's dependencies. */
export function portalDeps(deps: WebDeps): PortalDeps {
  return {
    ...deps,
    settings: deps.dunning?.settings ?? deps.messages?.settings,
    blobs: deps.dunning?.blobs ?? deps.messages?.blobs,
  };
}
