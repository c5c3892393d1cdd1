/**
 * Dashboard routes of document intake: the documents page, and its two form posts (confirm a document in review,
 * retry a failed one), each behind the session and a CSRF token.
 */
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { InvalidValueError } from '#shared/domain/errors.ts';
import type { Language } from '#shared/domain/money.ts';
import { parseDecimal } from '#shared/domain/money.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import { $ZodError } from '#shared/platform/zod.ts';
import type { DocumentDeps } from '#shared/use-cases/document-deps.ts';
import { makeConfirmDocument, makeRetryDocument } from '#shared/use-cases/review-document.ts';
import { ConfirmBody, getDocument } from '../api/documents.ts';
import { formBody } from '../api/request.ts';
import { requireSession } from '../auth.ts';
import { csrfTokenFor, requireCsrf } from '../csrf.ts';
import type { WebConfig } from '../web-deps.ts';
import { documentsPage } from './documents-page.ts';

const wallSeconds = () => Math.floor(Date.now() / 1000);
const DASHBOARD_ACTOR: Actor = { kind: 'user', id: 'dashboard' };
const LIST_LIMIT = 50;

const languageOf = (c: Context): Language => (getCookie(c, 'relance_lang') === 'en' ? 'en' : 'fr');

/** The form's strings as the API's confirmation body: blanks are "keep as read", the total a decimal. */
function corrections(form: Record<string, unknown>) {
  const value = (name: string) => {
    const v = form[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const currency = value('currency')?.toUpperCase();
  const totalText = value('total')
    ?.replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.');
  const total = totalText ? parseDecimal(totalText, currency ?? 'EUR').amount : undefined;
  return ConfirmBody.parse({
    number: value('number'),
    issueDate: value('issueDate'),
    dueDate: value('dueDate'),
    total,
    currency,
    buyerName: value('buyerName'),
    buyerVatNumber: value('buyerVatNumber'),
    buyerEmail: value('buyerEmail'),
  });
}

export function documentPages(deps: DocumentDeps, config: WebConfig) {
  const auth = requireSession(config.apiToken, wallSeconds);
  const csrf = requireCsrf(config.apiToken);
  const confirm = makeConfirmDocument(deps);
  const retry = makeRetryDocument(deps);
  const app = new Hono();

  const render = async (c: Context, error?: { documentId: string; message: string }) => {
    const [review, failed, converted] = await Promise.all(
      (['review', 'failed', 'converted'] as const).map((s) => deps.documents.listByState(s, { limit: LIST_LIMIT })),
    );
    const data = {
      review: review?.items ?? [],
      failed: failed?.items ?? [],
      converted: converted?.items ?? [],
      csrfToken: csrfTokenFor(c, config.apiToken),
      error,
    };
    return c.html(documentsPage(data, languageOf(c), config.timeZone), error ? 422 : 200);
  };

  app.get('/documents', auth, (c) => render(c));

  app.post('/documents/:id/confirm', auth, csrf, async (c) => {
    const { id } = await getDocument(deps, c.req.param('id'));
    try {
      const done = await confirm(id, corrections(await formBody(c.req, 'form')), DASHBOARD_ACTOR);
      return c.redirect(done.invoiceId ? `/invoices/${done.invoiceId}` : '/documents', 303);
    } catch (error) {
      if (error instanceof InvalidValueError) return render(c, { documentId: id, message: error.message });
      if (error instanceof $ZodError) {
        return render(c, { documentId: id, message: 'some fields are not valid: check the dates, total and e-mail' });
      }
      throw error;
    }
  });

  app.post('/documents/:id/retry', auth, csrf, async (c) => {
    await retry((await getDocument(deps, c.req.param('id'))).id);
    return c.redirect('/documents', 303);
  });

  return app;
}
