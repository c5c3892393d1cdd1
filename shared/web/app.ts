/**
 * The one HTTP app: health, API, dashboard. Served by @hono/node-server locally and by hono/aws-lambda on
 * AWS; the host builds the dependencies and may mount extra routes (the local stack adds /dev).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { bankRoutes } from './api/bank.ts';
import { customerRoutes } from './api/customers.ts';
import { documentRoutes } from './api/documents.ts';
import { dunningRoutes } from './api/dunning.ts';
import { invoiceRoutes } from './api/invoices.ts';
import { taskRoutes, templateRoutes } from './api/messages.ts';
import { providerEventRoutes } from './api/provider-events.ts';
import { requireApiToken } from './auth.ts';
import { cognitoAuth, cognitoTokenVerifier } from './cognito-auth.ts';
import { bankPages } from './dashboard/bank-routes.ts';
import { documentPages } from './dashboard/document-routes.ts';
import { exportRoutes } from './dashboard/exports.ts';
import { messagePages } from './dashboard/message-routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { settingsPages } from './dashboard/settings-routes.ts';
import { errorBody, handleError } from './errors.ts';
import { portalRoutes } from './portal/routes.ts';
import type { WebDeps } from './web-deps.ts';
import { webhookRoutes } from './webhooks/routes.ts';

/** Ids are a few dozen characters (a document id, the longest, is 64); a path segment longer is nobody's id. */
const MAX_PATH_SEGMENT_BYTES = 512;

export function createApp(deps: WebDeps): Hono {
  const app = new Hono();
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.use('*', secureHeaders());
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: (c) => c.json(errorBody('PAYLOAD_TOO_LARGE', `the body exceeds ${deps.config.maxBodyBytes} bytes`), 413),
    }),
  );

  // No record has an id this long, and DynamoDB refuses a key over 1–2 KB: such a path is a 404, never a 500.
  app.use('*', async (c, next) => {
    const bytes = new TextEncoder();
    if (c.req.path.split('/').some((segment) => bytes.encode(segment).length > MAX_PATH_SEGMENT_BYTES)) {
      return c.json(errorBody('NOT_FOUND', 'no record has an id that long'), 404);
    }
    await next();
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  // On AWS: Cognito sessions for every page (cognito-auth.ts); else the token login of auth.ts.
  if (deps.config.cognito) {
    const cognito = cognitoAuth({
      config: deps.config.cognito,
      verifier: deps.tokenVerifier ?? cognitoTokenVerifier(deps.config.cognito),
      apiToken: deps.config.apiToken,
    });
    app.use('*', cognito.guard);
    app.route('/', cognito.routes);
  }

  const api = new Hono();
  api.use('*', requireApiToken(deps.config.apiToken));
  api.route('/invoices', invoiceRoutes(deps));
  api.route('/customers', customerRoutes(deps));
  if (deps.dunning) api.route('/', dunningRoutes(deps, deps.dunning));
  if (deps.documentIntake) api.route('/documents', documentRoutes({ ...deps, ...deps.documentIntake }));
  if (deps.bank) api.route('/bank', bankRoutes({ ...deps, ...deps.bank }, deps.bank));
  if (deps.messages) api.route('/templates', templateRoutes(deps, deps.messages));
  if (deps.messages) api.route('/tasks', taskRoutes(deps, deps.messages));
  if (deps.webhooks) api.route('/provider-events', providerEventRoutes({ ...deps.webhooks, clock: deps.clock }));
  app.route('/api', api);
  if (deps.webhooks) app.route('/webhooks', webhookRoutes({ ...deps.webhooks, clock: deps.clock }));
  // The debtor's portal: its own credential (the signed link), never the dashboard session.
  app.route('/portal', portalRoutes(deps, deps.config.portalSecret));

  // Before the pages: `?format=csv` on a list is answered here, anything else passes on.
  app.route('/', exportRoutes(deps));
  if (deps.documentIntake) app.route('/', documentPages({ ...deps, ...deps.documentIntake }, deps.config));
  if (deps.bank) app.route('/', bankPages({ ...deps, ...deps.bank }, deps.bank));
  if (deps.messages) app.route('/', messagePages(deps, deps.messages));
  app.route('/', settingsPages(deps));
  app.route('/', dashboardRoutes(deps));
  return app;
}
