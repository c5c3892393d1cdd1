/**
 * The main journeys in Chromium on the local stack with the demo data: sign in with the token, read the home,
 * find an overdue customer, open an invoice, record a promise; then, as the debtor, open the portal link from
 * a reminder e-mail the SES emulator received and raise a dispute; a forged link shows the "invalid link" page.
 * Screenshots go to test/output/ (git-ignored) to look at.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInZone } from '#shared/domain/calendar-date.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { seedDemo } from '../../local/demo-data.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { launchChromium, OUTPUT_DIR } from '../support/browser.ts';

describe('dashboard and portal in a browser', { timeout: 90_000 }, () => {
  let dir: string;
  let stack: LocalStack;
  let browser: Browser;
  let token: string;

  const shot = (page: Page, name: string) => page.screenshot({ path: join(OUTPUT_DIR, name), fullPage: true });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-browser-'));
    const cfg = loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir });
    token = cfg.apiToken;
    [stack, browser] = await Promise.all([startLocalStack(cfg), launchChromium()]);
    await seedDemo(stack.deps, dateInZone(stack.clock.now(), 'Europe/Paris'));
    await stack.queue.drain();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('signs in, finds an overdue customer, opens an invoice and records a promise', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.url}/`);
    expect(page.url()).toContain('/login');
    await page.getByLabel('Jeton').fill(token);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${stack.url}/`);
    await expect.poll(() => page.getByTestId('outstanding').textContent()).toMatch(/€/);
    expect(await page.locator('svg[role="img"] title').textContent()).toBe('Balance âgée par tranche de retard');
    await shot(page, 'dashboard-home-1280.png');

    await page.goto(`${stack.url}/customers?sort=overdue&state=overdue`);
    await shot(page, 'dashboard-customers-1280.png');
    await page.locator('tbody tr td a').first().click();
    await page.waitForURL(/\/customers\/cus_/);
    await shot(page, 'dashboard-customer-1280.png');
    const overdueInvoice = page
      .locator('tbody tr', { has: page.locator('.badge.overdue') })
      .first()
      .locator('a');
    await overdueInvoice.click();
    await page.waitForURL(/\/invoices\/inv_/);
    const promised = addDays(dateInZone(stack.clock.now(), 'Europe/Paris'), 10);
    await page.getByLabel('Payera le').fill(promised);
    await page.getByRole('button', { name: 'Enregistrer' }).first().click();
    await page.waitForURL(/done=promise/);
    expect(await page.getByTestId('status').textContent()).toBe('Promesse de paiement');
    await shot(page, 'dashboard-invoice-promised-1280.png');

    const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(page.url());
    await shot(phone, 'dashboard-invoice-375.png');
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await Promise.all([page.close(), phone.close()]);
  });

  it('marks a customer created from a PDF as checked from its page', async () => {
    // Flag one demo customer as resolve-document-customer does for a customer read from a PDF.
    const [first] = (await stack.deps.customers.listWithBalance({ limit: 1 })).items;
    if (!first) throw new Error('no demo debtor');
    const found = await stack.deps.customers.get(first.customer.id);
    if (!found) throw new Error('no customer');
    await stack.deps.customers.put({ ...found.value, needsReview: true }, found.rev, []);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.url}/login`);
    await page.getByLabel('Jeton').fill(token);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${stack.url}/`);
    await page.goto(`${stack.url}/customers?state=review`);
    await page.getByRole('link', { name: found.value.legalName }).first().click();
    await page.waitForURL(/\/customers\/cus_/);
    await expect.poll(() => page.getByTestId('needs-review').isVisible()).toBe(true);
    await shot(page, 'dashboard-customer-to-check-1280.png');
    await page.getByRole('button', { name: 'Marquer comme vérifié' }).click();
    await page.waitForURL(`${stack.url}/customers/${found.value.id}`);
    expect(await page.getByTestId('needs-review').count()).toBe(0);
    await page.goto(`${stack.url}/customers?state=review`);
    expect(await page.getByRole('link', { name: found.value.legalName }).count()).toBe(0);
    await page.close();
  });

  it('opens the portal from a reminder e-mail, raises a dispute, and refuses a forged link', async () => {
    // Move the clock a day on: the dispatch sends what became due, with a portal link in each e-mail.
    await fetch(`${stack.url}/dev/clock`, { method: 'POST', body: JSON.stringify({ advance: 'P1D' }) });
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const { emails } = (await (await fetch(`${stack.url}/dev/mailbox`)).json()) as {
            emails: { html?: string; text?: string }[];
          };
          const found = emails
            .map((e) => /https?:\/\/127\.0\.0\.1:\d+\/portal\/[A-Za-z0-9_.-]+/.exec(e.html ?? e.text ?? '')?.[0])
            .find(Boolean);
          link = found;
          return found;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeDefined();
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.goto(link as string);
    expect(await page.locator('h1').textContent()).toMatch(/Vos factures|Your invoices/);
    await page
      .locator('tbody tr td a', { hasText: /Payer|Pay/ })
      .first()
      .click();
    await page.waitForURL(/invoice=/);
    await shot(page, 'portal-375.png');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await page.locator('#dispute-reason').fill('Prestation non conforme au devis');
    await page.locator('form[action$="/dispute"] button').click();
    await page.waitForURL(/done=dispute/);
    expect(await page.getByRole('status').textContent()).toMatch(/contestation est enregistrée|dispute is recorded/);
    await shot(page, 'portal-disputed-375.png');

    const desktop = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await desktop.goto(page.url());
    await shot(desktop, 'portal-1280.png');

    const forged = link?.replace(/\.([A-Za-z0-9_-]+)$/, '.AAAA$1') as string;
    const res = await desktop.goto(forged);
    expect(res?.status()).toBe(404);
    expect(await desktop.locator('h1').textContent()).toBe('Ce lien n’est pas valide');
    await shot(desktop, 'portal-invalid-1280.png');
    await Promise.all([page.close(), desktop.close()]);
  });
});
