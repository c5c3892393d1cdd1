/**
 * /plans, /settings and /invoices over the real app and dynalite: the pages need a session and every post the
 * CSRF token; plan edits (change, reorder by offset, remove, add a step, new plan, delete) go through
 * makeReplacePlans and a refusal is shown next to the field it names; settings go through validateSettings;
 * provider connections and webhook URLs (Sellsy's secret masked) are listed; the invoice list filters and pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import type { DispatchResult } from '#shared/use-cases/dunning-dispatch.ts';
import { createApp } from '#shared/web/app.ts';
import { issueSession, SESSION_COOKIE } from '#shared/web/auth.ts';
import { CSRF_FIELD, csrfToken } from '#shared/web/csrf.ts';
import { body as read } from '../support/app.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

const TOKEN = 'test-token-0123456789abcdef';
const SELLSY_SECRET = 'sellsy-path-secret-9f8e7d6c5b4a';

describe('plans, settings and invoices pages', () => {
  let table: TestTable;
  let app: ReturnType<typeof createApp>;
  let connections: DynamoConnectionStore;
  const session = issueSession(TOKEN, Math.floor(Date.now() / 1000));
  const cookie = `${SESSION_COOKIE}=${session}`;
  const csrf = csrfToken(TOKEN, session);
  const get = (path: string) => app.request(path, { headers: { cookie }, redirect: 'manual' });
  const post = (path: string, fields: Record<string, string>, withCsrf = true) =>
    app.request(path, {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams(withCsrf ? { ...fields, [CSRF_FIELD]: csrf } : fields),
      redirect: 'manual',
    });
  const api = async (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });

  /** The default plan as its edit form posts it. */
  const defaultForm = async () => {
    const { plans } = await read(await api('/api/plans'));
    const form: Record<string, string> = {
      originalId: plans[0].id,
      id: plans[0].id,
      name: plans[0].name,
      segments: '',
    };
    plans[0].steps.forEach((s: Record<string, unknown>, i: number) => {
      for (const k of ['id', 'offsetDays', 'channel', 'template', 'tone', 'penalties']) {
        form[`steps[${i}].${k}`] = String(s[k]);
      }
      if (s.attachPdfs) form[`steps[${i}].attachPdfs`] = '1';
    });
    return { form, steps: plans[0].steps.length as number };
  };

  beforeAll(async () => {
    table = await startTestTable();
    const clock = fixedClock('2026-11-23T09:30:00Z');
    connections = new DynamoConnectionStore(table.db, table.tableName);
    app = createApp({
      ...table.stores,
      clock,
      connections,
      dunning: {
        plans: new DynamoPlanRepository(table.db, table.tableName),
        settings: new DynamoSettingsRepository(table.db, table.tableName),
        reminders: new DynamoReminderRepository(table.db, table.tableName),
        dispatch: async () => ({}) as DispatchResult,
      },
      config: {
        apiToken: TOKEN,
        timeZone: 'Europe/Paris',
        maxBodyBytes: 256 * 1024,
        publicUrl: 'https://relance.example.fr',
        sellsyWebhookSecret: SELLSY_SECRET,
      },
    });
  });
  afterAll(async () => table.close());

  it('needs a session for every page and the CSRF token for every post', async () => {
    for (const path of ['/plans', '/settings', '/invoices', '/invoices?status=overdue']) {
      const res = await app.request(path, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    for (const path of ['/plans', '/plans/new', '/settings']) {
      const anonymous = await app.request(path, { method: 'POST', body: new URLSearchParams({}), redirect: 'manual' });
      expect(anonymous.status, path).toBe(303);
      const noToken = await post(path, { id: 'x' }, false);
      expect(noToken.status, path).toBe(403);
      const forged = await post(path, { id: 'x', [CSRF_FIELD]: 'forged' }, false);
      expect(forged.status, path).toBe(403);
    }
    expect((await read(await api('/api/plans'))).plans.map((p: { id: string }) => p.id)).toEqual(['default']);
  });

  it('lists the plans with their steps, each in an edit form with the CSRF token', async () => {
    const res = await get('/plans');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('name="steps[0].offsetDays" value="-5"');
    expect(page).toContain('name="steps[7].template" value="collection-or-write-off"');
    expect(page).toContain(`name="${CSRF_FIELD}" value="${csrf}"`);
    expect(page).toContain('action="/plans/new"');
  });

  it('edits a plan: changes, reorders by offset, removes and adds steps', async () => {
    const { form, steps } = await defaultForm();
    form['steps[1].offsetDays'] = '3'; // friendly J+1 -> J+3
    form['steps[5].remove'] = '1'; // no call task
    form['steps[4].offsetDays'] = '45'; // last-notice after formal-notice (40): moved
    form[`steps[${steps}].id`] = 'sms-nudge'; // the spare row adds a step
    form[`steps[${steps}].offsetDays`] = '15';
    form[`steps[${steps}].channel`] = 'sms';
    form[`steps[${steps}].template`] = 'friendly';
    form[`steps[${steps}].tone`] = '3';
    form[`steps[${steps}].penalties`] = 'none';
    const res = await post('/plans', form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/plans?saved=1');
    const { plans } = await read(await api('/api/plans'));
    expect(plans[0].steps.map((s: { id: string; offsetDays: number }) => `${s.id}@${s.offsetDays}`)).toEqual([
      'courtesy@-5',
      'friendly@3',
      'formal@10',
      'sms-nudge@15',
      'penalties@20',
      'formal-notice@40',
      'last-notice@45',
      'decision@50',
    ]);
    expect(plans[0].steps[3]).toMatchObject({ channel: 'sms', tone: 3, attachPdfs: false });
    expect(await (await get('/plans?saved=1')).text()).toContain('class="notice"');
  });

  it('shows a refusal next to the field named by the use case, keeping what was typed', async () => {
    const { form } = await defaultForm();
    form['steps[1].template'] = ''; // plans[0].steps[1].template
    const res = await post('/plans', form);
    expect(res.status).toBe(422);
    const page = await res.text();
    const cell = /<td><input name="steps\[1\]\.template"[^>]*>(.*?)<\/td>/s.exec(page)?.[1] ?? '';
    expect(cell).toContain('data-field="plans[0].steps[1].template"');
    expect(cell).toContain('must not be empty');

    const { form: notNumber } = await defaultForm();
    notNumber['steps[2].offsetDays'] = 'dix';
    const bad = await (await post('/plans', notNumber)).text();
    expect(bad).toMatch(
      /name="steps\[\d\]\.offsetDays" value="dix"[^>]*><span class="error"[^>]*data-field="plans\[0\]\.steps\[\d\]\.offsetDays"/,
    );
    // Nothing was stored.
    const { plans } = await read(await api('/api/plans'));
    expect(plans[0].steps[1].template).toBe('friendly');
  });

  it('creates a plan for a segment, refuses a duplicate id at its field, deletes a plan', async () => {
    const fields = {
      id: 'public-sector',
      name: 'Secteur public',
      segments: 'public, chorus',
      'steps[0].id': 'j5',
      'steps[0].offsetDays': '5',
      'steps[0].channel': 'email',
      'steps[0].template': 'friendly',
      'steps[0].tone': '2',
      'steps[0].penalties': 'none',
      'steps[0].attachPdfs': '1',
    };
    expect((await post('/plans/new', fields)).status).toBe(303);
    const { plans } = await read(await api('/api/plans'));
    expect(plans[1]).toMatchObject({ id: 'public-sector', segments: ['public', 'chorus'] });
    expect(plans[1].steps).toHaveLength(1);

    const dup = await post('/plans/new', { ...fields, name: 'Again' });
    expect(dup.status).toBe(422);
    const page = await dup.text();
    expect(page).toMatch(
      /<input name="id" value="public-sector"[^>]*><span class="error"[^>]*data-field="plans\[2\]\.id"/,
    );

    expect(
      (await post('/plans', { originalId: 'public-sector', id: 'public-sector', name: 'x', delete: '1' })).status,
    ).toBe(303);
    expect((await read(await api('/api/plans'))).plans).toHaveLength(1);
    // The last plan cannot go.
    const last = await post('/plans', { originalId: 'default', id: 'default', name: 'x', delete: '1' });
    expect(last.status).toBe(422);
    expect(await last.text()).toContain('data-field="plans"');
  });

  it('edits the settings through validateSettings, the error next to its field', async () => {
    const page = await (await get('/settings')).text();
    expect(page).toContain('name="legalName" value="Votre Société SAS"');
    const form: Record<string, string> = {
      legalName: 'Atelier Dupont SARL',
      senderName: 'Compta Dupont',
      senderEmail: 'relances@dupont.example',
      replyTo: 'compta@dupont.example',
      signature: 'Marie, service comptable',
      addressLines: '12 rue des Lilas\nBât. B',
      postalCode: '69003',
      city: 'Lyon',
      country: 'fr',
      iban: 'FR76 3000 6000 0112 3456 7890 188',
      bic: 'AGRIFRPPXXX',
      sendHour: '08:30',
      timeZone: 'Europe/Paris',
      penaltyPolicy: 'charge',
      contractualRate: '12,5',
      defaultLanguage: 'fr',
    };
    const badIban = await post('/settings', form);
    expect(badIban.status).toBe(422);
    const refused = await badIban.text();
    expect(refused).toMatch(
      /name="iban" value="FR76 3000 6000 0112 3456 7890 188"[^>]*><span class="error"[^>]*data-field="iban"/,
    );
    expect(refused).toContain('value="Atelier Dupont SARL"');

    const badZone = await post('/settings', { ...form, iban: 'FR7630006000011234567890189', timeZone: 'Mars/Olympus' });
    expect(await badZone.text()).toMatch(/data-field="timeZone"/);
    const badRate = await post('/settings', {
      ...form,
      iban: 'FR7630006000011234567890189',
      contractualRate: 'beaucoup',
    });
    expect(await badRate.text()).toMatch(
      /name="contractualRate"[^>]*><span class="error"[^>]*data-field="contractualRateBp"/,
    );

    const ok = await post('/settings', { ...form, iban: 'FR76 3000 6000 0112 3456 7890 189' });
    expect(ok.status).toBe(303);
    const stored = await read(await api('/api/settings'));
    expect(stored).toMatchObject({
      legalName: 'Atelier Dupont SARL',
      iban: 'FR7630006000011234567890189',
      address: { lines: ['12 rue des Lilas', 'Bât. B'], postalCode: '69003', city: 'Lyon', country: 'FR' },
      sendHour: '08:30',
      penaltyPolicy: 'charge',
      contractualRateBp: 1250,
    });
    expect(await (await get('/settings')).text()).toContain('name="contractualRate" value="12.5"');
  });

  it('shows provider connections with their state and the webhook URLs, the Sellsy secret masked', async () => {
    await connections.markBroken('quickbooks', 'invalid_grant: reconnect QuickBooks', '2026-11-22T10:00:00Z');
    await connections.markConnected('sellsy', '2026-11-21T10:00:00Z');
    const page = await (await get('/settings')).text();
    expect(page).toMatch(/data-provider="quickbooks">.*?en panne.*?invalid_grant: reconnect QuickBooks/s);
    expect(page).toMatch(/data-provider="sellsy">.*?connecté/s);
    expect(page).toContain('https://relance.example.fr/webhooks/quickbooks');
    expect(page).toContain('https://relance.example.fr/webhooks/chargebee');
    expect(page).toContain('https://relance.example.fr/webhooks/qonto');
    expect(page).toContain('https://relance.example.fr/webhooks/sellsy/sell••••');
    expect(page).not.toContain(SELLSY_SECRET);
  });

  it('lists invoices by status, paged', async () => {
    const create = (n: number, dueDate: string, customer: string) =>
      api('/api/invoices', {
        method: 'POST',
        body: JSON.stringify({
          source: 'api',
          externalId: `INV-${n}`,
          number: `F-${String(n).padStart(3, '0')}`,
          customer: {
            externalId: customer,
            name: `${customer} SAS`,
            email: `compta@${customer.toLowerCase()}.example`,
          },
          issueDate: '2026-09-01',
          dueDate,
          currency: 'EUR',
          total: 10000 + n,
        }),
      });
    for (let n = 1; n <= 53; n++) expect((await create(n, '2026-10-15', `LATE${n % 3}`)).status).toBe(201);
    expect((await create(100, '2026-12-20', 'SOON')).status).toBe(201);

    const first = await get('/invoices?status=overdue');
    expect(first.status).toBe(200);
    const one = await first.text();
    const numbers = (html: string) => [...html.matchAll(/>(F-\d{3})</g)].map((m) => m[1]);
    expect(numbers(one)).toHaveLength(50);
    expect(one).toContain('LATE1 SAS');
    expect(one).not.toContain('F-100');
    const next = /href="(\/invoices\?status=overdue&amp;cursor=[^"]+)" rel="next"/.exec(one)?.[1];
    expect(next).toBeDefined();
    const two = await (await get((next as string).replaceAll('&amp;', '&'))).text();
    expect(numbers(two)).toHaveLength(3);
    expect(new Set([...numbers(one), ...numbers(two)]).size).toBe(53);
    expect(two).not.toContain('rel="next"');

    const soon = await (await get('/invoices?status=not_yet_due')).text();
    expect(numbers(soon)).toEqual(['F-100']);
    const all = await (await get('/invoices')).text();
    expect(numbers(all)).toHaveLength(50);
    expect(all).toContain('href="/invoices?status=collectible&amp;page=2"');
    const page2 = await (await get('/invoices?status=collectible&page=2')).text();
    expect(numbers(page2)).toHaveLength(4);
    // The CSV of the same list still answers.
    const csv = await get('/invoices?status=overdue&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
  });
});
