/**
 * Document intake: /api/documents (bearer token) and the /documents pages (session) — uploads, the review
 * queue, reading again. Their own family because only they carry the PDF inspector and the Textract reader and
 * mapper, which the other functions do without.
 */
import { Hono } from 'hono';
import { documentRoutes } from '../api/documents.ts';
import { requireApiToken } from '../auth.ts';
import { documentPages } from '../dashboard/document-routes.ts';
import type { WebDeps } from '../web-deps.ts';

export function mountDocuments(app: Hono, deps: WebDeps): void {
  if (!deps.documentIntake) return;
  const api = new Hono();
  api.use('*', requireApiToken(deps.config.apiToken));
  api.route('/documents', documentRoutes({ ...deps, ...deps.documentIntake }));
  app.route('/api', api);
  app.route('/', documentPages({ ...deps, ...deps.documentIntake }, deps.config));
}
