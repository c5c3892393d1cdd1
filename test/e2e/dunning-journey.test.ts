/**
 * The reminder journey on the local stack, through HTTP only: three invoices of one customer, the clock moved
 * day by day, the e-mails that reach the SES emulator — on the right days, with every open invoice listed —
 * and nothing more once everything is paid.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../local/config.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { body } from '../support/app.ts';

describe('reminder journey on the local stack', { timeout: 90_000 }, () => {
  let dir: string;
  let stack: LocalStack;
  let token: string;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const invoice = (n: string, issueDate: string, dueDate: string, total: number, amountPaid = 0) => ({
    source: 'api',
    externalId: n,
    number: n,
    customer: {
      externalId: 'JOURNEY',
      name: 'Parcours SARL',
      email: 'compta@parcours.example',
      contactName: 'Claire Martin',
    },
    issueDate,
    dueDate,
    currency: 'EUR',
    total,
    amountPaid,
  });
  /** Sets the clock to 09:05 Paris time on each day, which fires what became due, and waits for the queue. */
  async function liveThrough(from: string, to: string) {
    for (let d = new Date(`${from}T08:05:00Z`); d <= new Date(`${to}T08:05:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
      const res = await fetch(`${stack.url}/dev/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ set: d.toISOString() }),
      });
      expect(res.status).toBe(200);
      await stack.queue.drain();
    }
  }
  const mailbox = async () =>
    (await body(await fetch(`${stack.url}/dev/mailbox`))).emails as {
      subject: string;
      at: string;
      text: string;
      to: string[];
      attachments: unknown[];
    }[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-journey-'));
    const config = loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir });
    token = config.apiToken;
    stack = await startLocalStack(config);
    stack.clock.set(new Date('2026-11-02T07:00:00Z'));
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the right reminders on the right days, and none after payment', async () => {
    for (const i of [
      invoice('PJ-1', '2026-10-10', '2026-11-10', 120000),
      invoice('PJ-2', '2026-10-20', '2026-11-20', 50000),
      invoice('PJ-3', '2026-11-01', '2026-12-01', 30000),
    ]) {
      expect((await api('/api/invoices', { method: 'POST', body: JSON.stringify(i) })).status).toBe(201);
    }
    await stack.queue.drain();
    expect(await mailbox()).toHaveLength(0); // nothing is due before the courtesy notice of 5 November

    await liveThrough('2026-11-02', '2026-12-04');
    const mails = await mailbox();
    // One e-mail per dispatch day: 5, 12 (11 Nov is a public holiday), 16, 20, 23, 26, 30 Nov and 2 Dec.
    expect(mails).toHaveLength(8);
    for (const mail of mails) {
      expect(mail.to).toEqual(['compta@parcours.example']);
      // Every e-mail lists all the customer's open invoices.
      for (const n of ['PJ-1', 'PJ-2', 'PJ-3']) expect(mail.text).toContain(n);
    }
    const reminders = await body(await api(`/api/reminders?status=sent&limit=100`));
    expect(reminders.items.map((r: { date: string }) => r.date).sort()).toEqual([
      '2026-11-05',
      '2026-11-12',
      '2026-11-16',
      '2026-11-20',
      '2026-11-23',
      '2026-11-26',
      '2026-11-30',
      '2026-12-02',
    ]);

    // Paid in full: nothing more goes out, though later steps were scheduled.
    for (const i of [
      invoice('PJ-1', '2026-10-10', '2026-11-10', 120000, 120000),
      invoice('PJ-2', '2026-10-20', '2026-11-20', 50000, 50000),
      invoice('PJ-3', '2026-11-01', '2026-12-01', 30000, 30000),
    ]) {
      expect((await api('/api/invoices', { method: 'POST', body: JSON.stringify(i) })).status).toBe(200);
    }
    await liveThrough('2026-12-05', '2027-01-20');
    expect(await mailbox()).toHaveLength(8);
    const tasks = await body(await api('/api/tasks'));
    expect(tasks.items ?? tasks).toHaveLength(0);
  });
});
