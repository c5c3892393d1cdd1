/**
 * Text that comes from outside — a customer's name and contact, an invoice number, a debtor's dispute reason typed
 * on the portal, a task's assignee, a bank counterparty, an uploaded file name, a template's text — is escaped on
 * every page that shows it (dashboard, portal) and in the reminder e-mails, over HTTP on the local stack. A raw
 * `<script>`, `<img onerror>` or `<svg onload>` never reaches a browser; the escaped text does (so it is shown).
 * Query parameters reflected in pages are fuzzed the same way on every page route the app lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalCsrfToken } from '#shared/web/portal/routes.ts';
import { type Json, type SecureStack, startSecureStack } from './support/stack.ts';

const NAME = `<script>alert("name")</script> & Fils <img src=x onerror=alert('name')>`;
const CONTACT = `<img src=x onerror=alert('contact')> Paule`;
const NUMBER = `<svg onload=alert('number')>`;
const REASON = `<script>alert('reason')</script> pas commandé`;
const ASSIGNEE = `<img src=x onerror=alert('assignee')>`;
const COUNTERPARTY = `<script>alert('bank')</script>`;
const FILE = `<img src=x onerror=alert('file')>.pdf`;
const TEMPLATE = `<script>alert('template')</script>`;
const PARAM = `"><script>alert('param')</script><img src=x onerror=alert('param')>`;
const PAYLOADS = [NAME, CONTACT, NUMBER, REASON, ASSIGNEE, COUNTERPARTY, FILE, TEMPLATE, PARAM];

/** No markup of ours gets through, in any form a browser would run. */
function expectNoRawMarkup(html: string, where: string) {
  for (const payload of PAYLOADS) expect(html, `${where} has a raw payload`).not.toContain(payload);
  expect(html, where).not.toMatch(/<script>alert\(|<img src=x onerror|<svg onload/i);
}

/** The escaped text is there: the value was shown, as text. */
const escaped = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function expectShown(html: string, where: string, ...values: string[]) {
  for (const value of values) {
    // Quotes may be escaped too (&quot; &#39;): compare up to the first one.
    const head = escaped(value).split(/["']/)[0] as string;
    expect(html, `${where} does not show ${value}`).toContain(head);
  }
}

describe('customer-supplied text on pages and in e-mails', () => {
  let s: SecureStack;
  let seeded: Awaited<ReturnType<SecureStack['seed']>>;
  let session: string;
  let portalToken: string;
  const page = async (path: string, cookie = session) => {
    const res = await s.request(path, { authorization: null, cookie });
    expect(res.status, path).toBeLessThan(300);
    return res.text();
  };

  beforeAll(async () => {
    s = await startSecureStack();
    // The company's own template text goes through the same escaping as the placeholders.
    const template = await s.json('/api/templates/friendly/fr');
    const parts = template.template ?? template;
    await s.json('/api/templates/friendly/fr', {
      method: 'PUT',
      json: {
        subject: parts.subject,
        body: `${TEMPLATE}\n\n${parts.body}`,
        penalties: parts.penalties,
        closing: parts.closing,
        sms: `${TEMPLATE} ${parts.sms}`.slice(0, 300),
      },
    });
    seeded = await s.seed({
      key: 'xss',
      number: NUMBER,
      customer: { name: NAME, contactName: CONTACT, email: 'compta@xss.example', phone: '+33612345678' },
      counterparty: COUNTERPARTY,
      fileName: FILE,
    });
    session = await s.login();
    portalToken = s.portalToken(seeded.customerId);
    // The debtor disputes through the portal; a person takes the call task.
    const dispute = await s.request(`/portal/${portalToken}/dispute`, {
      method: 'POST',
      authorization: null,
      form: { _csrf: portalCsrfToken(s.portalSecret, portalToken), invoiceId: seeded.invoice.id, reason: REASON },
    });
    expect(dispute.status).toBe(303);
    await s.json(`/api/tasks/${seeded.taskId}/assign`, { method: 'POST', json: { assignee: ASSIGNEE } });
    await s.stack.queue.drain();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('escapes them on every dashboard page that shows them', async () => {
    const pages: [string, string[]][] = [
      ['/', []],
      ['/customers', [NAME]],
      [`/customers?q=${encodeURIComponent('<script>')}`, []],
      [`/customers/${seeded.customerId}`, [NAME, CONTACT, NUMBER, REASON]],
      [`/invoices/${seeded.invoice.id}`, [NAME, NUMBER, REASON]],
      ['/invoices', [NUMBER]],
      ['/tasks', [NAME, ASSIGNEE]],
      ['/sms', []],
      ['/bank', [COUNTERPARTY]],
      ['/documents', [FILE]],
      ['/templates/friendly/fr', [TEMPLATE]],
    ];
    for (const [path, shown] of pages) {
      const html = await page(path);
      expectNoRawMarkup(html, path);
      expectShown(html, path, ...shown);
    }
  });

  it('escapes them on the debtor’s portal', async () => {
    for (const path of [`/portal/${portalToken}`, `/portal/${portalToken}?invoice=${seeded.invoice.id}&done=dispute`]) {
      const html = await page(path, '');
      expectNoRawMarkup(html, path);
      expectShown(html, path, NAME, NUMBER);
    }
  });

  it('escapes them in the reminder e-mails and keeps the template preview inert', async () => {
    const mails = ((await (await fetch(`${s.url}/dev/mailbox`)).json()) as { emails: Json[] }).emails.filter((m) =>
      m.to.includes('compta@xss.example'),
    );
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      expectNoRawMarkup(mail.html, `e-mail "${mail.subject}"`);
      expectShown(mail.html, `e-mail "${mail.subject}"`, NAME, NUMBER, TEMPLATE);
    }
    // The preview is a sandboxed iframe whose document is an attribute: escaped, and no script may run in it.
    const editor = await page('/templates/friendly/fr');
    const frame = /<iframe[^>]*srcdoc="[^"]*"[^>]*>/.exec(editor)?.[0] ?? '';
    expect(frame).toMatch(/\ssandbox[\s>=]/);
    expect(frame).not.toMatch(/allow-scripts/);
  });

  it('never reflects a query parameter unescaped, on any page the app lists', async () => {
    const params = new URLSearchParams(
      Object.fromEntries(
        [
          'q',
          'search',
          'segment',
          'plan',
          'state',
          'status',
          'sort',
          'customerId',
          'invoice',
          'done',
          'error',
          'lang',
          'next',
          'cursor',
          'page',
          'kind',
        ].map((k) => [k, PARAM]),
      ),
    ).toString();
    const ids: Record<string, string> = {
      invoices: seeded.invoice.id,
      customers: seeded.customerId,
      tasks: seeded.taskId,
      documents: seeded.documentId,
      transactions: seeded.transactionId,
      templates: 'friendly',
      portal: portalToken,
    };
    const paths = new Set<string>();
    for (const r of s.stack.app.routes) {
      if (r.method !== 'GET' || r.path.startsWith('/api/') || r.path.startsWith('/dev/') || r.path.includes('*'))
        continue;
      const segments = r.path.split('/');
      paths.add(
        segments
          .map((seg, i) => (seg === ':lang' ? 'fr' : seg.startsWith(':') ? (ids[segments[i - 1] ?? ''] ?? PARAM) : seg))
          .map((seg) => (seg === PARAM ? encodeURIComponent(seg) : seg))
          .join('/'),
      );
    }
    expect(paths.size).toBeGreaterThan(15);
    for (const path of paths) {
      const res = await s.request(`${path}?${params}`, { authorization: null, cookie: session });
      const type = res.headers.get('content-type') ?? '';
      const body = await res.text();
      if (type.includes('text/html')) expectNoRawMarkup(body, path);
      else expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    // A payload in the path itself: a JSON error (that a browser will not sniff as HTML), never a page echoing it.
    const res = await s.request(`/customers/${encodeURIComponent(PARAM)}`, { authorization: null, cookie: session });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
