import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body as read, startTestApp, TEST_TOKEN } from '../support/app.ts';

describe('payment plan from the invoice page', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T09:30:00Z', dunning: { channels: {} } });
  });
  afterAll(async () => t.close());

  async function session(): Promise<string> {
    const res = await t.app.request('/login', {
      method: 'POST',
      body: new URLSearchParams({ token: TEST_TOKEN, next: '/' }),
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  it('agrees instalments typed one per line, shows them, and refuses a bad line naming it', async () => {
    const created = await read(
      await t.call('/api/invoices', {
        method: 'POST',
        json: {
          source: 'api',
          externalId: 'PP-1',
          number: 'F-PP-1',
          customer: { externalId: 'PP', name: 'Plan SAS' },
          issueDate: '2026-09-01',
          dueDate: '2026-10-01',
          currency: 'EUR',
          total: 90000,
        },
      }),
    );
    const cookie = await session();
    const page = await (await t.app.request(`/invoices/${created.id}`, { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(page).toContain(`action="/invoices/${created.id}/payment-plan"`);
    expect(token).toBeDefined();

    const post = (instalments: string) =>
      t.app.request(`/invoices/${created.id}/payment-plan`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token!, instalments, reason: 'Accord téléphonique' }),
      });
    const bad = await post('2026-12-15 450,00\nnext month 450');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('instalments[1]');
    const ok = await post('2026-12-15 450,00\n2027-01-15 450,00');
    expect(ok.status).toBe(303);
    const stored = await read(await t.call(`/api/invoices/${created.id}`));
    expect(stored.state).toBe('in_payment_plan');
    expect(stored.paymentPlan.instalments).toEqual([
      { id: 'i1', dueDate: '2026-12-15', amount: 45000 },
      { id: 'i2', dueDate: '2027-01-15', amount: 45000 },
    ]);
    const after = await (await t.app.request(`/invoices/${created.id}`, { headers: { cookie } })).text();
    expect(after).toMatch(/class="instalments"/);
  });
});
