/**
 * The whole HTTP app: health, API, webhooks, portal, dashboard. Served by @hono/node-server locally (the local
 * stack mounts /dev on it too) and used by the tests. On AWS each route family is its own function behind the
 * same HTTP API (functions/http-*.handler.ts, infra/stateless-stack.ts), built from the same parts
 * (./families/), so every function carries only its family's code and access.
 */
import type { Hono } from 'hono';
import { mountApi } from './families/api.ts';
import { mountBank } from './families/bank.ts';
import { baseApp } from './families/base.ts';
import { mountDocuments } from './families/documents.ts';
import { mountPages } from './families/pages.ts';
import { mountPortal, portalDeps } from './families/portal.ts';
import { mountSession } from './families/session.ts';
import { mountWebhooks } from './families/webhooks.ts';
import type { WebDeps } from './web-deps.ts';

export function createApp(deps: WebDeps): Hono {
  const app = baseApp(deps.config);
  mountSession(app, deps);
  mountApi(app, deps);
  mountWebhooks(app, deps);
  mountPortal(app, portalDeps(deps), deps.config.portalSecret);
  mountBank(app, deps);
  mountDocuments(app, deps);
  mountPages(app, deps);
  return app;
}
