/**
 * The reminder e-mail's HTML as a phone and a desktop show it: rendered in headless Chromium at 375 px and
 * 1280 px, with no horizontal overflow on the phone. Screenshots in test/output/ are for a person to look at.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeReminderEmail } from '#shared/domain/messages/compose.ts';
import { launchChromium, OUTPUT_DIR } from '../../support/browser.ts';
import { message } from './fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function render(html: string, width: number, file: string) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  try {
    // No network: everything the e-mail needs is inline.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.screenshot({ path: join(OUTPUT_DIR, file), fullPage: true });
    // A string: the test project has no DOM typings; this runs in the page.
    return (await page.evaluate(`({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      widest: Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)),
    })`)) as { scrollWidth: number; clientWidth: number; widest: number };
  } finally {
    await page.close();
  }
}

describe('reminder e-mail HTML in Chromium', () => {
  it('fits a 375 px phone without horizontal scrolling, and reads well at 1280 px', async () => {
    const email = composeReminderEmail(message('penalties'), 'fr');
    const phone = await render(email.html, 375, 'email-penalties-fr-375.png');
    expect(phone.scrollWidth).toBeLessThanOrEqual(375);
    expect(phone.widest).toBeLessThanOrEqual(375);
    const desktop = await render(email.html, 1280, 'email-penalties-fr-1280.png');
    expect(desktop.scrollWidth).toBeLessThanOrEqual(1280);
  });

  it('also fits with per-invoice portal links (attachments too large) and in English', async () => {
    const email = composeReminderEmail(message('formal-notice', { language: 'en' }), 'en', { linkInvoices: true });
    const phone = await render(email.html, 375, 'email-formal-notice-en-linked-375.png');
    expect(phone.scrollWidth).toBeLessThanOrEqual(375);
    expect(phone.widest).toBeLessThanOrEqual(375);
  });
});
