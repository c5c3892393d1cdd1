/**
 * The configuration pages in Chromium on the local stack (demo data): edit a plan step in the browser, see the
 * refusal next to the field, fix it and save; the settings page shows the stack's own webhook URLs (publicUrl
 * wired from the local base URL) and the connection list, and saves a change; the invoice list filters by status.
 * Screenshots go to test/output/ (git-ignored).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { seedDemo } from '../../local/demo-data.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { launchChromium, OUTPUT_DIR } from '../support/browser.ts';

describe('plans, settings and invoices in a browser', { timeout: 90_000 }, () => {
  let dir: string;
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(OUTPUT_DIR, name), fullPage: true });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-settings-'));
    const cfg = loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir });
    [stack, browser] = await Promise.all([startLocalStack(cfg), launchChromium()]);
    await seedDemo(stack.deps, dateInZone(stack.clock.now(), 'Europe/Paris'));
    await stack.queue.drain();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.url}/plans`);
    await page.getByLabel('Jeton').fill(cfg.apiToken);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${stack.url}/plans`);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('edits a plan step, shows the refusal at the field, then saves', async () => {
    const form = page.locator('form#plan-0');
    await form.locator('input[name="steps[2].offsetDays"]').fill('1'); // same as the step before: refused
    await form.getByRole('button', { name: 'Enregistrer le plan' }).click();
    const error = page.locator('[data-field="plans[0].steps[2].offsetDays"]');
    await expect.poll(() => error.textContent()).toMatch(/after the previous step/);
    // The message sits in the same cell as the offending input, which keeps what was typed.
    const cell = page.locator('td', { has: page.locator('input[name="steps[2].offsetDays"]') }).first();
    expect(await cell.locator('.error').count()).toBe(1);
    expect(await cell.locator('input').inputValue()).toBe('1');
    await shot('dashboard-plans-error-1280.png');

    const again = page.locator('form#plan-0');
    await again.locator('input[name="steps[2].offsetDays"]').fill('12');
    await again.getByRole('button', { name: 'Enregistrer le plan' }).click();
    await page.waitForURL(`${stack.url}/plans?saved=1`);
    expect(await page.locator('form#plan-0 input[name="steps[2].offsetDays"]').inputValue()).toBe('12');
    await shot('dashboard-plans-1280.png');
  });

  it('shows the webhook URLs of this stack and saves the settings', async () => {
    await page.goto(`${stack.url}/settings`);
    expect(await page.locator('code[data-provider="quickbooks"]').textContent()).toBe(
      `${stack.url}/webhooks/quickbooks`,
    );
    await page.getByLabel('Nom de l’expéditeur').fill('Service recouvrement');
    await page.getByLabel('Politique').selectOption('charge');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(`${stack.url}/settings?saved=1`);
    expect(await page.getByLabel('Nom de l’expéditeur').inputValue()).toBe('Service recouvrement');
    expect(await page.getByLabel('Politique').inputValue()).toBe('charge');
    await shot('dashboard-settings-1280.png');
  });

  it('lists the overdue invoices', async () => {
    await page.goto(`${stack.url}/invoices`);
    await page.getByLabel('Statut').selectOption('overdue');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=overdue/);
    const badges = await page.locator('tbody .badge').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(['En retard']));
    await shot('dashboard-invoices-1280.png');
  });
});
