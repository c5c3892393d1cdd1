/** Dashboard routes (server-rendered). Every page except the login form needs a session. */
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { dateInZone, isIsoDate } from '#shared/domain/calendar-date.ts';
import { DEFAULT_SETTINGS } from '#shared/domain/company-settings.ts';
import { computePenalties } from '#shared/domain/dunning/penalties.ts';
import { DEFAULT_PLAN, resolvePlan } from '#shared/domain/dunning/plan.ts';
import { DomainError, InvalidValueError, NotFoundError } from '#shared/domain/errors.ts';
import { type InvoiceState, isCollectible } from '#shared/domain/invoice-lifecycle.ts';
import { type Language, money, parseDecimal } from '#shared/domain/money.ts';
import { paymentBehaviour } from '#shared/domain/receivables/payment-behaviour.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import { makeAgreePaymentPlan, makeChangeInvoiceState } from '#shared/use-cases/change-invoice-state.ts';
import { makePauseInvoiceReminders } from '#shared/use-cases/pause-invoice-reminders.ts';
import { customerView, getInvoiceDetails, invoiceView } from '#shared/use-cases/read-models.ts';
import { makeUpdateCustomer } from '#shared/use-cases/update-customer.ts';
import { formBody } from '../api/request.ts';
import { issueSession, isValidToken, requireSession, SESSION_COOKIE, SESSION_MAX_AGE } from '../auth.ts';
import { csrfTokenFor, requireCsrf } from '../csrf.ts';
import type { WebDeps } from '../web-deps.ts';
import { csvResponse } from './csv.ts';
import { customerListPage, customersCsv, listCustomers, parseCustomerQuery } from './customer-list.ts';
import { customerDetailPage, invoiceDetailPage } from './detail-pages.ts';
import { homeData } from './home-data.ts';
import { homePage } from './home-page.ts';
import { loginPage } from './login-page.ts';

const DASHBOARD_ACTOR: Actor = { kind: 'user', id: 'dashboard' };
const DECISIONS: Record<string, InvoiceState> = {
  dispute: 'disputed',
  promise: 'promised',
  collection: 'in_collection',
  'write-off': 'written_off',
  reopen: 'open',
};

const LANG_COOKIE = 'relance_lang';

/** Sessions expire on wall-clock time, never on the (possibly advanced) business clock. */
const wallSeconds = () => Math.floor(Date.now() / 1000);

/** Only same-site relative paths are followed after login (no open redirect). */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-/.?=&%]*$/.test(value) ? value : '/';
}

export function dashboardRoutes(deps: WebDeps) {
  const { apiToken, timeZone } = deps.config;
  const today = () => dateInZone(deps.clock.now(), timeZone);
  const app = new Hono();

  // Language: ?lang= switches and remembers; otherwise the cookie; French by default.
  const language = (c: Context): Language => {
    const asked = c.req.query('lang');
    if (asked === 'fr' || asked === 'en') {
      setCookie(c, LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', maxAge: 31_536_000 });
      return asked;
    }
    return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'fr';
  };
  // Applied per route (not app-wide) so it never touches /api or /health.
  const auth = requireSession(apiToken, wallSeconds);

  app.get('/login', (c) => c.html(loginPage(language(c), safeNext(c.req.query('next')), false)));
  app.post('/login', async (c) => {
    const form = await formBody(c.req, 'form');
    const next = safeNext(form.next);
    if (!isValidToken(typeof form.token === 'string' ? form.token.trim() : undefined, apiToken)) {
      return c.html(loginPage(language(c), next, true), 401);
    }
    setCookie(c, SESSION_COOKIE, issueSession(apiToken, wallSeconds()), {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: SESSION_MAX_AGE,
    });
    return c.redirect(next, 303);
  });
  app.post('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  app.get('/', auth, async (c) => c.html(homePage(await homeData(deps, today()), language(c))));

  app.get('/customers', auth, async (c) => {
    const q = parseCustomerQuery(c.req.query());
    const csv = c.req.query('format') === 'csv';
    const result = await listCustomers(deps, q, today(), { all: csv });
    if (csv) return csvResponse(c, `clients-${today()}.csv`, customersCsv(result.rows));
    return c.html(customerListPage(result, q, language(c)));
  });

  app.get('/customers/:id', auth, async (c) => {
    const id = c.req.param('id');
    const found = await deps.customers.get(id);
    if (!found) throw new NotFoundError('customer', id);
    const [invoices, timeline, reminders, plans, credits] = await Promise.all([
      deps.invoices.listByCustomer(id, { limit: 500 }),
      deps.timeline.forCustomer(id, { limit: 100 }),
      deps.dunning ? deps.dunning.reminders.listByCustomer(id, 50) : Promise.resolve([]),
      deps.dunning ? deps.dunning.plans.list() : Promise.resolve([DEFAULT_PLAN]),
      (deps.bankRecords ?? deps.bank)?.credits.listByCustomer(id) ?? Promise.resolve([]),
    ]);
    const view = customerView({ customer: found.value, aggregate: found.aggregate }, today());
    const rows = invoices.items.map((i) => invoiceView(i, today()));
    const plan = resolvePlan({ plans, segment: found.value.segment, customerOverridePlanId: found.value.planId });
    const data = {
      view,
      invoices: rows,
      timeline,
      reminders,
      plan,
      behaviour: paymentBehaviour(invoices.items, today()),
      // What the customer paid beyond its invoices and still has: shown so nobody reminds them of a sum they
      // already covered (applying it to a later invoice is a person's bank decision).
      credits: credits.filter((credit) => !credit.revertedAt),
      csrfToken: csrfTokenFor(c, apiToken),
    };
    return c.html(customerDetailPage(data, language(c), timeZone));
  });

  // A customer created from a PDF is flagged for a person to check; this is where that person says it is right.
  const updateCustomer = makeUpdateCustomer(deps);
  app.post('/customers/:id/reviewed', auth, requireCsrf(apiToken), async (c) => {
    const id = c.req.param('id');
    await updateCustomer(id, { needsReview: null }, DASHBOARD_ACTOR);
    return c.redirect(`/customers/${encodeURIComponent(id)}`, 303);
  });

  const renderInvoice = async (c: Context, id: string, extra: { done?: string; error?: string } = {}) => {
    const details = await getInvoiceDetails(deps, id, today());
    const inv = details.invoice;
    const [reminders, allocations, settings] = await Promise.all([
      deps.dunning ? deps.dunning.reminders.listByCustomer(inv.customerId, 100) : Promise.resolve([]),
      (deps.bankRecords ?? deps.bank)?.allocations.listByInvoice(id),
      deps.dunning?.settings.get(),
    ]);
    const policy = settings?.penaltyPolicy ?? DEFAULT_SETTINGS.penaltyPolicy;
    const penalties =
      inv.balance > 0 && isCollectible(inv.state)
        ? {
            ...computePenalties({
              invoiceBalance: money(inv.balance, inv.currency),
              dueDate: inv.dueDate,
              asOf: today(),
              policy,
              contractualRateBp: settings?.contractualRateBp,
            }),
            policy,
          }
        : undefined;
    const data = {
      ...details,
      reminders: reminders.filter((r) => r.invoiceIds.includes(id)),
      allocations,
      penalties,
      today: today(),
      csrfToken: csrfTokenFor(c, apiToken),
      actions: deps.dunning !== undefined,
      ...extra,
    };
    return c.html(invoiceDetailPage(data, language(c), timeZone), extra.error ? 422 : 200);
  };

  app.get('/invoices/:id', auth, async (c) =>
    renderInvoice(c, c.req.param('id'), { done: c.req.query('done') ? 'done' : undefined }),
  );

  app.get('/invoices/:id/pdf', auth, async (c) => {
    const found = await deps.invoices.get(c.req.param('id'));
    const blobs = deps.dunning?.blobs ?? deps.messages?.blobs ?? deps.documentIntake?.blobs;
    const key = found?.value.pdf?.key;
    const object = key && blobs ? await blobs.get(key) : undefined;
    if (!found || !object) throw new NotFoundError('invoice PDF', c.req.param('id'));
    return c.body(Buffer.from(object.body), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${found.value.number.replace(/[^\w.-]+/g, '_')}.pdf"`,
    });
  });

  if (deps.dunning) {
    const dunning = deps.dunning;
    const change = makeChangeInvoiceState(deps);
    const pause = makePauseInvoiceReminders(deps);
    const agreePlan = makeAgreePaymentPlan(deps);
    const csrf = requireCsrf(apiToken);
    app.post(
      '/invoices/:id/:action{dispute|promise|pause|resume|collection|write-off|reopen|send-now|payment-plan}',
      auth,
      csrf,
      async (c) => {
        const id = c.req.param('id');
        const action = c.req.param('action');
        const form = await formBody(c.req, 'form');
        const field = (name: string) =>
          typeof form[name] === 'string' && form[name].trim() ? form[name].trim().slice(0, 500) : undefined;
        const reason = field('reason');
        const decision = { actor: DASHBOARD_ACTOR, reason, requestId: randomUUID() };
        try {
          if (action === 'send-now') {
            const found = await deps.invoices.get(id);
            if (!found) throw new NotFoundError('invoice', id);
            await dunning.dispatch(found.value.customerId);
          } else if (action === 'payment-plan') {
            const found = await deps.invoices.get(id);
            if (!found) throw new NotFoundError('invoice', id);
            await agreePlan(id, parseInstalments(field('instalments') ?? '', found.value.currency), decision);
          } else if (action === 'pause' || action === 'resume') {
            const until = action === 'pause' ? field('until') : undefined;
            if (action === 'pause' && (!until || !isIsoDate(until)))
              throw new InvalidValueError('until', 'pick a date');
            await pause(id, until, decision);
          } else {
            const to = DECISIONS[action];
            if (!to) throw new NotFoundError('action', action);
            if ((action === 'dispute' || action === 'write-off') && !reason) {
              throw new InvalidValueError('reason', 'a reason is required');
            }
            let promise: { date: string; amount?: number } | undefined;
            if (action === 'promise') {
              const date = field('date');
              if (!date || !isIsoDate(date)) throw new InvalidValueError('date', 'pick the promised date');
              const amountText = field('amount')
                ?.replace(/[\s\u00a0\u202f€]/g, '')
                .replace(',', '.');
              promise = { date, amount: amountText ? parseDecimal(amountText, 'EUR').amount : undefined };
            }
            await change(id, to, { ...decision, promise });
          }
        } catch (error) {
          if (error instanceof DomainError && !(error instanceof NotFoundError)) {
            return renderInvoice(c, id, { error: error.message });
          }
          throw error;
        }
        return c.redirect(`/invoices/${id}?done=${action}`, 303);
      },
    );
  }

  return app;
}

/** "2026-12-15 400,00" per line (a French or an English decimal) → instalments in minor units. */
function parseInstalments(text: string, currency: string): { dueDate: string; amount: number }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const match = /^(\d{4}-\d{2}-\d{2})\s+([\d\s\u00a0\u202f.,]+)\s*€?$/.exec(line);
      if (!match || !isIsoDate(match[1]!))
        throw new InvalidValueError(`instalments[${i}]`, `"${line}" is not "date amount"`);
      const amount = match[2]!.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
      return { dueDate: match[1]!, amount: parseDecimal(amount, currency).amount };
    });
}
