import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body as read, startTestApp } from '../support/app.ts';
import { scanAll } from '../support/table-scan.ts';

const body = {
  source: 'api',
  externalId: 'INV-77',
  number: 'F-2026-077',
  customer: { externalId: 'C-9', name: 'Acme SAS', email: 'compta@acme.example', vatNumber: 'FR40303265045' },
  issueDate: '2026-11-02',
  dueDate: '2026-12-02',
  currency: 'EUR',
  total: 120000,
  amountPaid: 0,
};

describe('POST /api/invoices', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  async function countItems(): Promise<number> {
    // Test-only inspection of the whole table (never done on a request path).
    return (await scanAll(t.table.db, t.table.tableName)).length;
  }

  it('creates (201), then answers 200 with the same stored object for the same payload', async () => {
    const first = await t.call('/api/invoices', { method: 'POST', json: body });
    expect(first.status).toBe(201);
    const created = await read(first);
    expect(created).toMatchObject({
      number: 'F-2026-077',
      total: 120000,
      currency: 'EUR',
      balance: 120000,
      status: 'not_yet_due',
    });
    const second = await t.call('/api/invoices', { method: 'POST', json: body });
    expect(second.status).toBe(200);
    expect(await read(second)).toEqual(created);

    const one = await t.call(`/api/invoices/${created.id}`);
    const details = await read(one);
    expect(details.timeline).toHaveLength(1);
    expect(details.customer.legalName).toBe('Acme SAS');
  });

  it('lists by status and by customer', async () => {
    await t.call('/api/invoices', {
      method: 'POST',
      json: { ...body, externalId: 'OLD', number: 'F-OLD', issueDate: '2026-09-01', dueDate: '2026-10-01' },
    });
    const overdue = await read(await t.call('/api/invoices?status=overdue'));
    expect(overdue.items.map((i: { number: string }) => i.number)).toEqual(['F-OLD']);
    const notDue = await read(await t.call('/api/invoices?status=not_yet_due'));
    expect(notDue.items.map((i: { number: string }) => i.number)).toEqual(['F-2026-077']);
    const customerId = overdue.items[0].customerId;
    const mine = await read(await t.call(`/api/invoices?customerId=${customerId}`));
    expect(mine.items).toHaveLength(2);
    const customer = await read(await t.call(`/api/customers/${customerId}`));
    expect(customer.aggregate.balances).toEqual([{ amount: 240000, currency: 'EUR' }]);
    expect(customer.overdue).toEqual([{ amount: 120000, currency: 'EUR' }]);
    expect(customer.oldestOverdueDays).toBe(53);
  });

  const bad: [string, unknown, number, string][] = [
    ['a missing field', { ...body, number: undefined }, 400, 'number'],
    ['a decimal amount', { ...body, total: 1200.5 }, 400, 'total'],
    ['a string amount', { ...body, total: '1200' }, 400, 'total'],
    ['a negative amount', { ...body, amountPaid: -1 }, 400, 'amountPaid'],
    ['an impossible date', { ...body, dueDate: '2026-02-30' }, 400, 'dueDate'],
    ['a due date in year 9999', { ...body, dueDate: '9999-12-31' }, 400, 'dueDate'],
    ['an issue date before 1900', { ...body, issueDate: '1899-12-31' }, 400, 'issueDate'],
    ['a due date before the issue date', { ...body, dueDate: '2026-10-01' }, 422, 'dueDate'],
    ['a lower-case currency', { ...body, currency: 'eur' }, 400, 'currency'],
    ['an unknown field', { ...body, status: 'paid' }, 400, 'status'],
    ['an unknown customer field', { ...body, customer: { ...body.customer, iban: 'x' } }, 400, 'customer.iban'],
    ['a bad e-mail', { ...body, customer: { ...body.customer, email: 'nope' } }, 400, 'customer.email'],
    [
      'a VAT number with a wrong key',
      { ...body, customer: { ...body.customer, vatNumber: 'FR41303265045' } },
      422,
      'vatNumber',
    ],
    ['paid more than the total', { ...body, amountPaid: 130000 }, 422, 'amountPaid'],
  ];
  for (const [name, payload, status, field] of bad) {
    it(`rejects ${name} with ${status}, naming the field, and writes nothing`, async () => {
      const before = await countItems();
      const p = payload as typeof body;
      const res = await t.call('/api/invoices', {
        method: 'POST',
        json: { ...p, externalId: `BAD-${name}`, customer: { ...p.customer, externalId: `C-${name}` } },
      });
      expect(res.status).toBe(status);
      const json = await read(res);
      expect(json.error.code).toMatch(/VALIDATION_FAILED|INVALID_VALUE/);
      expect(JSON.stringify(json.error.details)).toContain(field);
      expect(await countItems()).toBe(before);
    });
  }

  it('rejects malformed JSON and a wrong content type', async () => {
    const before = await countItems();
    const broken = await t.call('/api/invoices', {
      method: 'POST',
      body: '{"source": "api",',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect((await read(broken)).error.code).toBe('INVALID_JSON');
    const array = await t.call('/api/invoices', { method: 'POST', json: [body] });
    expect(array.status).toBe(400);
    const form = await t.call('/api/invoices', {
      method: 'POST',
      body: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(await countItems()).toBe(before);
  });

  it('answers 401 without a valid token, and writes nothing', async () => {
    const before = await countItems();
    expect((await t.call('/api/invoices', { method: 'POST', json: body, token: null })).status).toBe(401);
    expect((await t.call('/api/invoices', { method: 'POST', json: body, token: 'wrong' })).status).toBe(401);
    expect((await t.call('/api/customers', { token: null })).status).toBe(401);
    expect(await countItems()).toBe(before);
  });

  it('answers 404 in the error format', async () => {
    const res = await t.call('/api/invoices/inv_nope');
    expect(res.status).toBe(404);
    expect((await read(res)).error.code).toBe('NOT_FOUND');
  });
});

describe('body size limit', () => {
  it('answers 413 over the limit and writes nothing', async () => {
    const t = await startTestApp({ maxBodyBytes: 1024 });
    try {
      const res = await t.call('/api/invoices', { method: 'POST', json: { ...body, number: 'x'.repeat(2000) } });
      expect(res.status).toBe(413);
      expect((await read(res)).error.code).toBe('PAYLOAD_TOO_LARGE');
      expect((await t.call('/api/invoices?status=all')).status).toBe(200);
      expect((await read(await t.call('/api/invoices?status=all'))).items).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});
