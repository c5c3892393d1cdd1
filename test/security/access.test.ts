/**
 * Who may call what, over HTTP on the local stack. The routes are read from the Hono app itself (`app.routes`),
 * so a route added later is covered without touching this file: every one that is not on the short public list
 * (health, the login form; webhooks and the portal carry their own credentials and have their own suites; /dev
 * exists on the local stack only) must answer 401 (API) or a redirect to the login form (pages) to a request with
 * no credential or a wrong one — never data — and change nothing. Form posts with a session need its CSRF token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSession, SESSION_COOKIE } from '#shared/web/auth.ts';
import { CSRF_FIELD, csrfToken } from '#shared/web/csrf.ts';
import { API_TOKEN, type Json, type RequestOptions, type SecureStack, startSecureStack } from './support/stack.ts';

const PUBLIC = new Set(['GET /health', 'GET /login', 'POST /login', 'POST /logout']);
/** Their own credential (a provider's signature or secret, the signed portal link): webhooks.test.ts, portal.test.ts. */
const OWN_CREDENTIAL = /^\/(webhooks|portal)(\/|$)/;
/** Mounted by the local stack only (local/dev-routes.ts), never on AWS. */
const LOCAL_ONLY = /^\/dev(\/|$)/;

const SECRET_NAME = 'Confidentiel Industries SAS';
const SECRET_NUMBER = 'CONF-2026-0042';

interface Target {
  method: string;
  path: string;
  route: string;
}

/** Every concrete request the app's routes stand for: parameters filled with real ids, `{a|b}` alternatives expanded. */
function targets(routes: readonly { method: string; path: string }[], ids: Record<string, string>): Target[] {
  const seen = new Set<string>();
  const out: Target[] = [];
  for (const { method, path } of routes) {
    const route = `${method} ${path}`;
    // App-wide middleware and catch-alls (`ALL /*`, `ALL /api/*`): covered through the concrete routes below.
    if (method === 'ALL' && path.endsWith('*')) continue;
    if (seen.has(route)) continue;
    seen.add(route);
    let paths = [''];
    const segments = path.split('/').slice(1);
    segments.forEach((segment, i) => {
      const param = /^:(\w+)(?:\{(.+)\})?$/.exec(segment);
      let values = [segment];
      if (param?.[2]) values = param[2].split('|');
      else if (param) {
        const previous = segments[i - 1] ?? '';
        values = [param[1] === 'lang' ? 'fr' : (ids[previous] ?? ids[param[1] as string] ?? 'x')];
      }
      paths = paths.flatMap((p) => values.map((v) => `${p}/${v}`));
    });
    for (const p of paths) out.push({ method: method === 'ALL' ? 'GET' : method, path: p || '/', route });
  }
  return out;
}

describe('access control on every route', () => {
  let s: SecureStack;
  let all: Target[];
  let guarded: Target[];
  let seeded: Awaited<ReturnType<SecureStack['seed']>>;

  beforeAll(async () => {
    s = await startSecureStack();
    seeded = await s.seed({
      key: 'acl',
      number: SECRET_NUMBER,
      customer: { name: SECRET_NAME, email: 'compta@confidentiel.example', contactName: 'Paule Secret' },
      counterparty: 'VIREMENT CONFIDENTIEL',
    });
    const ids = {
      invoices: seeded.invoice.id,
      customers: seeded.customerId,
      tasks: seeded.taskId,
      documents: seeded.documentId,
      transactions: seeded.transactionId,
      templates: 'friendly',
    };
    all = targets(s.stack.app.routes, ids);
    guarded = all.filter(
      (t) => !PUBLIC.has(`${t.method} ${t.path}`) && !OWN_CREDENTIAL.test(t.path) && !LOCAL_ONLY.test(t.path),
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  /** What a refused request may answer: the API's 401 (JSON, a Bearer challenge) or a page's redirect to login. */
  async function expectRefused(t: Target, res: Response, what: string, path = t.path) {
    const where = `${what}: ${t.method} ${path}`;
    const text = await res.text();
    expect(text, where).not.toContain(SECRET_NAME);
    expect(text, where).not.toContain(SECRET_NUMBER);
    if (t.path.startsWith('/api/')) {
      expect(res.status, where).toBe(401);
      expect(res.headers.get('www-authenticate'), where).toBe('Bearer realm="relance"');
      expect(JSON.parse(text).error.code, where).toBe('UNAUTHORIZED');
    } else if (res.status === 404) {
      // Only where nothing is served to the owner either (`GET /reminders` exists as `?format=csv` only).
      const owner = await s.request(path, { method: t.method });
      expect(owner.status, `${where} answers 404 to the anonymous but ${owner.status} to the owner`).toBe(404);
    } else {
      expect(res.status, where).toBe(303);
      expect(res.headers.get('location'), where).toMatch(/^\/login\?next=/);
    }
  }

  /** A body that would do something if the route let it through. */
  const bodyFor = (t: Target): Pick<RequestOptions, 'json' | 'form'> =>
    t.method === 'GET' || t.method === 'DELETE'
      ? {}
      : t.path.startsWith('/api/')
        ? { json: { reason: 'pwned', assignee: 'attacker', until: '2027-01-01', date: '2026-12-31' } }
        : { form: { reason: 'pwned', assignee: 'attacker', until: '2027-01-01', date: '2026-12-31', token: 'x' } };

  it('knows the routes: the API, the pages, the exports and the form posts are all in the list', () => {
    const routes = new Set(all.map((t) => t.route));
    for (const r of [
      'POST /api/invoices',
      'GET /api/customers/:id',
      'GET /api/customers/:id/case-file',
      'POST /api/documents',
      'POST /api/bank/statements',
      'GET /',
      'GET /customers',
      'GET /exports/receivables.csv',
      'GET /tasks/:id/letter.pdf',
      'POST /settings',
      'POST /webhooks/qonto',
    ]) {
      expect(routes, r).toContain(r);
    }
    expect(guarded.length).toBeGreaterThan(80);
  });

  it('answers 401 or the login redirect to every guarded route without a credential or with a wrong one', async () => {
    const before = await s.tableItems();
    const wallSeconds = Math.floor(Date.now() / 1000);
    const credentials: [string, Pick<RequestOptions, 'authorization' | 'cookie'>][] = [
      ['no credential', { authorization: null }],
      ['a wrong bearer token', { authorization: 'Bearer wrong-token-0123456789abcdef' }],
      ['the token minus its last character', { authorization: `Bearer ${API_TOKEN.slice(0, -1)}` }],
      ['the token plus a character', { authorization: `Bearer ${API_TOKEN}x` }],
      ['the token as Basic', { authorization: `Basic ${Buffer.from(`user:${API_TOKEN}`).toString('base64')}` }],
      ['the token without a scheme', { authorization: API_TOKEN }],
      ['a forged session cookie', { authorization: null, cookie: `${SESSION_COOKIE}=99999999999.forged-mac` }],
      [
        'an expired session (signed right, 13 h old)',
        { authorization: null, cookie: `${SESSION_COOKIE}=${issueSession(API_TOKEN, wallSeconds - 13 * 3600)}` },
      ],
      [
        'a session signed for another token',
        { authorization: null, cookie: `${SESSION_COOKIE}=${issueSession('another-token-0123456789', wallSeconds)}` },
      ],
    ];
    for (const t of guarded) {
      const csv = t.method === 'GET' && !t.path.startsWith('/api/') ? [`${t.path}?format=csv`] : [];
      for (const path of [t.path, ...csv]) {
        const responses = await Promise.all(
          credentials.map(([, c]) => s.request(path, { method: t.method, ...c, ...bodyFor(t) })),
        );
        for (const [i, res] of responses.entries()) await expectRefused(t, res, credentials[i]?.[0] ?? '', path);
      }
    }
    await s.stack.queue.drain();
    expect(await s.tableItems()).toEqual(before);
  });

  it('never takes the dashboard session (an ambient cookie) for the API, nor the token in the query string', async () => {
    const session = await s.login();
    const api = guarded.filter((t) => t.path.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(30);
    const before = await s.tableItems();
    for (const t of api) {
      await expectRefused(
        t,
        await s.request(t.path, { method: t.method, authorization: null, cookie: session, ...bodyFor(t) }),
        'session cookie',
      );
      await expectRefused(
        t,
        await s.request(`${t.path}?token=${API_TOKEN}`, { method: t.method, authorization: null }),
        'query token',
      );
    }
    // An unknown API path is refused before it is looked up: no map of routes for the anonymous.
    await expectRefused(
      { method: 'GET', path: '/api/nothing-here', route: '' },
      await s.request('/api/nothing-here', { authorization: null }),
      'unknown',
    );
    expect(await s.tableItems()).toEqual(before);
  });

  it('refuses every dashboard form post made with a session but without its CSRF token, a wrong one or another session’s', async () => {
    const session = await s.login();
    const sessionValue = session.slice(SESSION_COOKIE.length + 1);
    const posts = guarded.filter((t) => t.method === 'POST' && !t.path.startsWith('/api/'));
    expect(posts.map((t) => t.route)).toContain(
      'POST /invoices/:id/:action{dispute|promise|pause|resume|collection|write-off|reopen|send-now|payment-plan}',
    );
    const before = await s.tableItems();
    const tokens: [string, Record<string, string>][] = [
      ['no token', {}],
      ['an empty token', { [CSRF_FIELD]: '' }],
      ['a made-up token', { [CSRF_FIELD]: 'A'.repeat(43) }],
      ['the token of a bearer-rendered page', { [CSRF_FIELD]: csrfToken(API_TOKEN, 'bearer') }],
      ['the token of another session', { [CSRF_FIELD]: csrfToken(API_TOKEN, issueSession(API_TOKEN, 1)) }],
      [
        'the right token keyed with another API token',
        { [CSRF_FIELD]: csrfToken('another-token-0123456789', sessionValue) },
      ],
    ];
    for (const t of posts) {
      for (const [what, extra] of tokens) {
        const res = await s.request(t.path, {
          method: 'POST',
          authorization: null,
          cookie: session,
          form: { reason: 'pwned', date: '2026-12-31', until: '2027-01-01', assignee: 'attacker', ...extra },
        });
        expect(res.status, `${what}: POST ${t.path}`).toBe(403);
        expect(await res.text()).not.toContain(SECRET_NAME);
      }
      // The right token in the query string instead of the form is no token.
      const valid = csrfToken(API_TOKEN, sessionValue);
      const inQuery = await s.request(`${t.path}?${CSRF_FIELD}=${encodeURIComponent(valid)}`, {
        method: 'POST',
        authorization: null,
        cookie: session,
        form: { reason: 'pwned' },
      });
      expect(inQuery.status, `query token: POST ${t.path}`).toBe(403);
      // A multipart form is read the same way.
      const multipart = new FormData();
      multipart.set('reason', 'pwned');
      const res = await s.request(t.path, { method: 'POST', authorization: null, cookie: session, body: multipart });
      expect(res.status, `multipart: POST ${t.path}`).toBe(403);
    }
    await s.stack.queue.drain();
    expect(await s.tableItems()).toEqual(before);

    // The control: the token of the page, with its session, is accepted.
    const page = await s.request(`/invoices/${seeded.invoice.id}`, { authorization: null, cookie: session });
    expect(page.status).toBe(200);
    const res = await s.request(`/invoices/${seeded.invoice.id}/dispute`, {
      method: 'POST',
      authorization: null,
      cookie: session,
      form: { [CSRF_FIELD]: s.csrfOf(await page.text()), reason: 'Montant contesté' },
    });
    expect(res.status).toBe(303);
    expect(((await s.json(`/api/invoices/${seeded.invoice.id}`)) as Json).state).toBe('disputed');
  });

  it('issues the session as an httpOnly, SameSite=Strict cookie, and follows only same-site paths after login', async () => {
    const login = (next: string) =>
      s.request('/login', { method: 'POST', authorization: null, form: { token: API_TOKEN, next } });
    const res = await login('/customers');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/customers');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(API_TOKEN);
    for (const next of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/%5Cevil.example',
      'javascript:alert(1)',
    ]) {
      const location = (await login(next)).headers.get('location') ?? '';
      expect(location, next).toMatch(/^\/(?![/\\])/);
      expect(new URL(location, 'https://relance.test').origin, next).toBe('https://relance.test');
    }
    // A wrong token in the form: 401 and no cookie.
    const wrong = await s.request('/login', {
      method: 'POST',
      authorization: null,
      form: { token: 'wrong-token-0123456789' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });
});
