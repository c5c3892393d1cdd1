/**
 * Dashboard routes over the real app and dynalite: every page and export needs a session, form posts need the
 * CSRF token, the home shows encours/DSO/aging chart/what goes out, the customers list sorts and filters, and an
 * action on the invoice page lands on the timeline through the same use case as the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderMessage } from '#shared/ports/reminders.ts';
import { issueSession, SESSION_COOKIE } from '#shared/web/auth.ts';
import { CSRF_FIELD, csrfToken } from '#shared/web/csrf.ts';
import { body as read, startTestApp, TEST_TOKEN } from '../support/app.ts';

const invoice = (customer: string, externalId: string, dueDate: string, total: number) => ({
  source: 'api',
  externalId,
  number: `F-${externalId}`,
  customer: { externalId: customer, name: `${customer} SAS`, email: `compta@${customer.toLowerCase()}.example` },
  issueDate: '2026-09-01',
  dueDate,
  currency: 'EUR',
  total,
});

describe('dashboard', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const sent: ReminderMessage[] = [];
  let late: { id: string; customerId: string };
  const session = issueSession(TEST_TOKEN, Math.floor(Date.now() / 1000));
  const cookie = `${SESSION_COOKIE}=${session}`;
  const page = (path: string) => t.call(path, { token: null, headers: { cookie }, redirect: 'manual' });

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-23T09:30:00Z',
      dunning: {
        channels: {
          email: {
            deliver: async (m) => {
              sent.push(m);
              return { reference: `ref-${m.id}` };
            },
          },
        },
      },
    });
    late = await read(
      await t.call('/api/invoices', { method: 'POST', json: invoice('LATE', 'L1', '2026-09-30', 300000) }),
    );
    await t.call('/api/invoices', { method: 'POST', json: invoice('SOON', 'S1', '2026-12-20', 500000) });
    await t.call('/api/invoices', { method: 'POST', json: invoice('DUE', 'D1', '2026-11-23', 100000) });
  });
  afterAll(async () => t.close());

  it('sends every page and export to the login form without a session', async () => {
    for (const path of [
      '/',
      '/customers',
      `/customers/${late.customerId}`,
      `/invoices/${late.id}`,
      `/invoices/${late.id}/pdf`,
      '/exports/receivables.csv',
      '/customers?format=csv',
      '/invoices?format=csv',
      '/reminders?format=csv',
    ]) {
      const res = await t.call(path, { token: null, redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    const post = await t.call(`/invoices/${late.id}/dispute`, {
      method: 'POST',
      token: null,
      body: new URLSearchParams({ reason: 'x' }),
      redirect: 'manual',
    });
    expect(post.status).toBe(303);
  });

  it('shows encours, overdue, DSO, the aging chart and what goes out this week', async () => {
    const res = await page('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/data-testid="outstanding">9\s000,00\s€/);
    expect(html).toMatch(/data-testid="overdue">3\s000,00\s€/);
    // Count-back: 9 000 owed, 9 000 invoiced in September → all of Nov 1–23, all of October, and all of September.
    expect(html).toMatch(/data-testid="dso">84 jours/);
    expect(html).toContain('<svg viewBox');
    expect(html).toMatch(/role="img" aria-labelledby="aging-title aging-desc"/);
    expect(html).toMatch(/<desc id="aging-desc">Non échu : 6\s000,00\s€/);
    // DUE's friendly reminder goes out tomorrow, SOON's courtesy notice on 2026-12-15 (outside the week).
    expect(html).toMatch(/data-testid="out-week">1 /);
  });

  it('lists customers by overdue, filters by state and exports them as CSV for French spreadsheets', async () => {
    const byOverdue = await (await page('/customers?sort=overdue')).text();
    expect(byOverdue.indexOf('LATE SAS')).toBeLessThan(byOverdue.indexOf('SOON SAS'));
    const overdueOnly = await (await page('/customers?state=overdue')).text();
    expect(overdueOnly).toContain('LATE SAS');
    expect(overdueOnly).not.toContain('SOON SAS');
    const csv = await page('/customers?format=csv&sort=balance');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id;raison_sociale;siren;tva;segment;plan;devise;encours;en_retard;retard_max_jours;factures_ouvertes',
    );
    expect(lines[1]).toMatch(/;SOON SAS;;;.*;EUR;5000\.00;0\.00;0;1$/);
    const receivables = new TextDecoder().decode(await (await page('/exports/receivables.csv')).arrayBuffer());
    expect(receivables).toContain('F-L1;');
    expect(receivables).toMatch(
      /F-L1;[^;]+;LATE SAS;2026-09-01;2026-09-30;EUR;3000\.00;0\.00;0\.00;3000\.00;overdue;RF/,
    );
  });

  it('refuses a form post without the CSRF token, and records a promise with it', async () => {
    const invoicePage = await (await page(`/invoices/${late.id}`)).text();
    expect(invoicePage).toContain('Pénalités de retard');
    expect(invoicePage).toMatch(/Indemnité forfaitaire<\/dt><dd>40,00\s€/);
    const noToken = await t.call(`/invoices/${late.id}/promise`, {
      method: 'POST',
      token: null,
      headers: { cookie },
      body: new URLSearchParams({ date: '2026-12-05' }),
    });
    expect(noToken.status).toBe(403);
    const ok = await t.call(`/invoices/${late.id}/promise`, {
      method: 'POST',
      token: null,
      headers: { cookie },
      body: new URLSearchParams({
        date: '2026-12-05',
        amount: '1 500,00',
        [CSRF_FIELD]: csrfToken(TEST_TOKEN, session),
      }),
      redirect: 'manual',
    });
    expect(ok.status).toBe(303);
    const details = await read(await t.call(`/api/invoices/${late.id}`));
    expect(details).toMatchObject({ state: 'promised', promisedDate: '2026-12-05', promisedAmount: 150000 });
    expect(details.timeline).toContainEqual(
      expect.objectContaining({ type: 'invoice.state_changed', actor: { kind: 'user', id: 'dashboard' } }),
    );
    const after = await (await page(`/invoices/${late.id}?done=promise`)).text();
    expect(after).toContain('Promesse au');
    const customer = await (await page(`/customers/${late.customerId}`)).text();
    expect(customer).toContain('Comportement de paiement');
    expect(customer).toContain('Default plan');
  });
});
