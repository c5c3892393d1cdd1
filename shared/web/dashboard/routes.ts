/** Dashboard routes (server-rendered). Every page except the login form needs a session. */
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Language } from '#shared/domain/money.ts';
import { customerView, getInvoiceDetails, invoiceView, receivablesOverview } from '#shared/use-cases/read-models.ts';
import { issueSession, isValidToken, requireSession, SESSION_COOKIE, SESSION_MAX_AGE } from '../auth.ts';
import type { WebDeps } from '../web-deps.ts';
import { homePage } from './home-page.ts';
import { customerListPage, customerPage, invoicePage, loginPage } from './record-pages.ts';

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
    const form = await c.req.parseBody();
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

  app.get('/', auth, async (c) => {
    const overview = await receivablesOverview(deps, today());
    return c.html(homePage(overview, language(c)));
  });

  app.get('/customers', auth, async (c) => {
    const search = c.req.query('q')?.trim() || undefined;
    const pageData = await deps.customers.list({ search, cursor: c.req.query('cursor'), limit: 100 });
    const rows = pageData.items.map((s) => customerView(s, today()));
    return c.html(customerListPage(rows, search, pageData.cursor, language(c)));
  });

  app.get('/customers/:id', auth, async (c) => {
    const id = c.req.param('id');
    const found = await deps.customers.get(id);
    if (!found) throw new NotFoundError('customer', id);
    const [invoices, timeline] = await Promise.all([
      deps.invoices.listByCustomer(id, { limit: 200 }),
      deps.timeline.forCustomer(id, { limit: 100 }),
    ]);
    const view = customerView({ customer: found.value, aggregate: found.aggregate }, today());
    const rows = invoices.items.map((i) => invoiceView(i, today()));
    return c.html(customerPage(view, rows, timeline, language(c), timeZone));
  });

  app.get('/invoices/:id', auth, async (c) => {
    const details = await getInvoiceDetails(deps, c.req.param('id'), today());
    return c.html(invoicePage(details.invoice, details.customer, details.timeline, language(c), timeZone));
  });

  return app;
}
