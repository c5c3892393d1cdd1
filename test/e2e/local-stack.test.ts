/**
 * The local stack end to end, as `npm start` runs it: real emulators on 127.0.0.1, the app over HTTP, the demo
 * dataset, the dev clock and mailbox, and a restart on the same data folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { seedDemo } from '../../local/demo-data.ts';
import { BUCKET, type LocalStack, startLocalStack } from '../../local/stack.ts';
import { body } from '../support/app.ts';

// Seeding 200 invoices through the real use cases on dynalite takes a while on a 2-core machine.
describe('local stack', { timeout: 60_000 }, () => {
  let dir: string;
  let stack: LocalStack;
  let token: string;
  const config = () => loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir });
  const get = (path: string) =>
    fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-stack-'));
    const cfg = config();
    token = cfg.apiToken;
    stack = await startLocalStack(cfg);
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the dashboard with demo data across every state', async () => {
    const summary = await seedDemo(stack.deps, dateInZone(stack.clock.now(), 'Europe/Paris'));
    expect(summary.customers).toBe(30);
    expect(summary.invoices).toBe(200);
    expect(Object.keys(summary.byState).sort()).toEqual(
      [
        'disputed',
        'in_collection',
        'in_payment_plan',
        'open',
        'paid',
        'partially_paid',
        'promised',
        'void',
        'written_off',
      ].sort(),
    );
    // Seeding again adds nothing.
    const again = await seedDemo(stack.deps, dateInZone(stack.clock.now(), 'Europe/Paris'));
    expect(again.invoices).toBe(200);
    const all = await body(await get('/api/invoices?status=all&limit=1000'));
    expect(all.items).toHaveLength(200);

    const home = await get('/');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Encours');
    expect(html).toMatch(/data-testid="outstanding">[1-9][\d\s\u202f,]*€/);
    const firstCustomer = /href="\/customers\/(cus_[a-z0-9]+)"/.exec(html)?.[1];
    expect(firstCustomer).toBeDefined();
    const customerPage = await (await get(`/customers/${firstCustomer}`)).text();
    const invoiceLink = /href="\/invoices\/(inv_[a-z0-9]+)"/.exec(customerPage)?.[1];
    const invoicePage = await (await get(`/invoices/${invoiceLink}`)).text();
    expect(invoicePage).toContain('Historique');
    expect(invoicePage).toContain('Jeu de données de démonstration');
  });

  it('requires a session for pages and logs in with the token through the form', async () => {
    const anonymous = await fetch(`${stack.url}/`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2F');
    const wrong = await fetch(`${stack.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'nope', next: '/' }),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    const login = await fetch(`${stack.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token, next: '//evil.example/' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(token);
    const page = await fetch(`${stack.url}/`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
  });

  it('moves the clock and shows the mailbox of the SES emulator', async () => {
    const before = stack.clock.now().getTime();
    const json = { 'content-type': 'application/json' };
    const asText = await fetch(`${stack.url}/dev/clock`, { method: 'POST', body: JSON.stringify({ advance: 'P10D' }) });
    expect(asText.status).toBe(415);
    const res = await fetch(`${stack.url}/dev/clock`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ advance: 'P10D' }),
    });
    const moved = await body(res);
    expect(Date.parse(moved.now) - before).toBeGreaterThanOrEqual(10 * 86_400_000);
    expect(
      (
        await fetch(`${stack.url}/dev/clock`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ advance: 'ten days' }),
        })
      ).status,
    ).toBe(400);

    await stack.clients.ses.sendEmail({
      FromEmailAddress: 'relances@example.fr',
      Destination: { ToAddresses: ['compta@client.example'], CcAddresses: ['dg@client.example'] },
      Content: { Simple: { Subject: { Data: 'Rappel' }, Body: { Text: { Data: 'Bonjour' } } } },
    });
    const mailbox = await body(await fetch(`${stack.url}/dev/mailbox`));
    expect(mailbox.emails).toContainEqual(
      expect.objectContaining({ to: ['compta@client.example'], cc: ['dg@client.example'], subject: 'Rappel' }),
    );
  });

  it('routes bucket events by prefix to the handler registered for it', async () => {
    const seen: string[] = [];
    // inbox/ is taken by document intake (test/e2e/document-intake.test.ts): probe the router on its own prefix.
    stack.s3Events.on('probe/', async (event) => {
      seen.push(...event.Records.map((r) => r.s3.object.key));
    });
    await stack.clients.s3.putObject({ Bucket: BUCKET, Key: 'probe/facture.pdf', Body: '%PDF-1.4' });
    await stack.clients.s3.putObject({ Bucket: BUCKET, Key: 'other/x.txt', Body: 'x' });
    await expect.poll(() => seen, { timeout: 5000 }).toEqual(['probe/facture.pdf']);
  });

  it('keeps every record across a restart', async () => {
    const created = await fetch(`${stack.url}/api/invoices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'api',
        externalId: 'RESTART-1',
        number: 'F-RESTART-1',
        customer: { externalId: 'R', name: 'Redémarrage SAS' },
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
        currency: 'EUR',
        total: 4200,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await body(created);
    const clockBefore = stack.clock.now().getTime();
    await stack.close();

    const cfg = config();
    expect(cfg.apiToken).toBe(token);
    stack = await startLocalStack(cfg);
    const after = await body(await get(`/api/invoices/${id}`));
    expect(after.number).toBe('F-RESTART-1');
    // (the dev-clock test moved time on, so the reminder channels may already have sent this invoice's first step)
    expect(after.timeline.filter((e: { type: string }) => e.type === 'invoice.created')).toHaveLength(1);
    expect((await body(await get('/api/invoices?status=all&limit=1000'))).items).toHaveLength(201);
    // The advanced clock is kept too.
    expect(stack.clock.now().getTime()).toBeGreaterThanOrEqual(clockBefore);
  });
});
