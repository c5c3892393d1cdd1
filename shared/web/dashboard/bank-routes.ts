/**
 * The bank's part of the site: the /bank page and its form posts (upload a statement, accept a candidate, pick or
 * split invoices, mark as not an invoice payment, undo), each behind the session and a CSRF token; and the
 * signed bank webhooks (/webhooks/{bank}) the host configured.
 */
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { BankDecisionError, StatementRejectedError } from '#shared/domain/bank/bank-transaction.ts';
import { InvalidValueError, NotFoundError } from '#shared/domain/errors.ts';
import { type Language, parseDecimal } from '#shared/domain/money.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type { BankWebhookReceiver } from '#shared/ports/bank.ts';
import {
  makeAcceptBankCandidate,
  makeApplyBankDecision,
  makeIgnoreBankTransaction,
  makeUndoBankDecision,
} from '#shared/use-cases/apply-bank-decision.ts';
import type { BankDeps, BankServices } from '#shared/use-cases/bank-deps.ts';
import { namedRecords } from '#shared/use-cases/bank-read-models.ts';
import { makeImportStatement } from '#shared/use-cases/import-statement.ts';
import { DEFAULT_MAX_STATEMENT_BYTES, statementUpload } from '../api/bank.ts';
import { formBody } from '../api/request.ts';
import { requireSession } from '../auth.ts';
import { csrfTokenFor, requireCsrf } from '../csrf.ts';
import { HttpError } from '../errors.ts';
import type { WebConfig } from '../web-deps.ts';
import { bankWebhookRoutes } from '../webhooks/bank-webhooks.ts';
import { bankPage, importNotice, PAGE_STATES } from './bank-page.ts';

/** What the host gives the web app for bank import and matching. */
export interface BankWebDeps extends BankServices {
  /** Signed bank webhooks, each mounted at /webhooks/{name} (e.g. Qonto). */
  webhooks?: BankWebhookReceiver[];
  /** Largest statement file accepted (default 5 MB). */
  maxStatementBytes?: number;
}

const wallSeconds = () => Math.floor(Date.now() / 1000);
const DASHBOARD_ACTOR: Actor = { kind: 'user', id: 'dashboard' };
const LIST_LIMIT = 50;

const languageOf = (c: Context): Language => (getCookie(c, 'relance_lang') === 'en' ? 'en' : 'fr');

export function bankPages(deps: BankDeps & { config: WebConfig }, bank: BankWebDeps): Hono {
  const auth = requireSession(deps.config.apiToken, wallSeconds);
  const csrf = requireCsrf(deps.config.apiToken);
  const importStatement = makeImportStatement(deps);
  const apply = makeApplyBankDecision(deps);
  const accept = makeAcceptBankCandidate(deps);
  const ignore = makeIgnoreBankTransaction(deps);
  const undo = makeUndoBankDecision(deps);
  const app = new Hono();

  const render = async (c: Context, message: { notice?: string; error?: string } = {}) => {
    const pages = await Promise.all(PAGE_STATES.map((s) => deps.transactions.listByState(s, { limit: LIST_LIMIT })));
    const lists = Object.fromEntries(PAGE_STATES.map((s, i) => [s, pages[i]?.items ?? []])) as Parameters<
      typeof bankPage
    >[0]['lists'];
    const named = await namedRecords(deps, [...lists.review, ...lists.auto_applied, ...lists.applied]);
    const data = { lists, named, csrfToken: csrfTokenFor(c, deps.config.apiToken), ...message };
    return c.html(bankPage(data, languageOf(c)), message.error ? 422 : 200);
  };

  /** Runs a decision; a refusal the person can fix is shown on the page, not thrown. */
  const decide = async (c: Context, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      if (
        error instanceof BankDecisionError ||
        error instanceof InvalidValueError ||
        error instanceof NotFoundError ||
        error instanceof StatementRejectedError
      ) {
        return render(c, { error: error.message });
      }
      if (error instanceof HttpError && error.status < 500) return render(c, { error: error.message });
      throw error;
    }
    return c.redirect('/bank', 303);
  };

  app.get('/bank', auth, (c) => render(c));

  app.post('/bank/statements', auth, csrf, async (c) => {
    try {
      const upload = await statementUpload(c.req, bank.maxStatementBytes ?? DEFAULT_MAX_STATEMENT_BYTES);
      const result = await importStatement({ ...upload, origin: 'upload' });
      return render(c, {
        notice: importNotice(languageOf(c), result.import.counts ?? { new: 0, autoApplied: 0, review: 0 }),
      });
    } catch (error) {
      if (error instanceof StatementRejectedError) return render(c, { error: error.message });
      if (error instanceof HttpError && error.status < 500) return render(c, { error: error.message });
      throw error;
    }
  });

  app.post('/bank/transactions/:id/accept', auth, csrf, async (c) => {
    const form = await formBody(c.req, 'form');
    const index = Number(form.candidate ?? 0);
    return decide(c, () => accept(c.req.param('id'), Number.isInteger(index) ? index : -1, DASHBOARD_ACTOR));
  });

  app.post('/bank/transactions/:id/allocate', auth, csrf, async (c) => {
    const id = c.req.param('id');
    const form = await formBody(c.req, 'form');
    return decide(c, async () => {
      const tx = (await deps.transactions.get(id))?.value;
      if (!tx) throw new NotFoundError('bank transaction', id);
      const parts = [];
      for (let i = 0; i < 10; i++) {
        const number = String(form[`invoice${i}`] ?? '').trim();
        const text = String(form[`amount${i}`] ?? '')
          .replace(/[\s\u00a0\u202f]/g, '')
          .replace(',', '.');
        if (!number) continue;
        const found = await deps.invoices.findByNumber(number);
        const invoice = found.find((f) => f.currency === tx.amount.currency) ?? found[0];
        if (!invoice) throw new NotFoundError('invoice', number);
        const amount = text ? parseDecimal(text, tx.amount.currency) : undefined;
        if (!amount || amount.amount <= 0) throw new InvalidValueError(`amount${i}`, 'must be a positive amount');
        parts.push({ invoiceId: invoice.id, amount });
      }
      if (parts.length === 0) throw new InvalidValueError('invoice0', 'name at least one invoice');
      await apply(id, { kind: 'manual', allocations: parts, actor: DASHBOARD_ACTOR });
    });
  });

  app.post('/bank/transactions/:id/ignore', auth, csrf, (c) =>
    decide(c, () => ignore(c.req.param('id'), DASHBOARD_ACTOR, 'marked as not an invoice payment')),
  );
  app.post('/bank/transactions/:id/undo', auth, csrf, (c) => decide(c, () => undo(c.req.param('id'), DASHBOARD_ACTOR)));

  if (bank.webhooks?.length) app.route('/', bankWebhookRoutes(deps, bank.webhooks));
  return app;
}
