/**
 * /api/bank and the /bank page: multipart upload (415, 413, 422 naming the line or element, 201 then 200), CSV
 * with a mapping, the review list, manual allocation, ignore and undo, and authentication.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, TEST_TOKEN } from '../support/app.ts';
import { startBankApp } from '../support/bank-app.ts';
import { camt053 } from '../support/bank-statements.ts';

type BankApp = Awaited<ReturnType<typeof startBankApp>>;

describe('bank API', () => {
  let t: BankApp;
  const bearer = { authorization: `Bearer ${TEST_TOKEN}` };
  const upload = (content: string, fileName: string, mapping?: unknown) => {
    const form = new FormData();
    form.set('file', new File([content], fileName));
    if (mapping !== undefined) form.set('mapping', JSON.stringify(mapping));
    return t.app.request('/api/bank/statements', { method: 'POST', headers: bearer, body: form });
  };
  const postJson = (path: string, json: unknown) =>
    t.app.request(path, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });

  beforeAll(async () => {
    t = await startBankApp({ maxStatementBytes: 64 * 1024 });
  });
  afterAll(() => t?.close());

  it('refuses calls without the API token', async () => {
    expect((await t.app.request('/api/bank/transactions')).status).toBe(401);
    const page = await t.app.request('/bank');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/login/);
  });

  it('answers 415 for a body that is not multipart, 413 for a file too large', async () => {
    expect((await postJson('/api/bank/statements', { file: 'x' })).status).toBe(415);
    const res = await upload('x'.repeat(70 * 1024), 'big.sta');
    expect(res.status).toBe(413);
    expect((await body(res)).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 422 naming the element of a malformed camt, and the line of a malformed MT940', async () => {
    const camt = await upload(camt053([{ amount: '1.234.00', accountServicerRef: 'X-1' }]), 'bad.xml');
    expect(camt.status).toBe(422);
    const error = (await body(camt)).error;
    expect(error.code).toBe('STATEMENT_MALFORMED');
    expect(error.details[0].field).toMatch(/Stmt\[0\]\/Ntry\[0\]/);
    const mt = await upload(
      ':20:REF\r\n:25:FR7630006000011234567890189\r\n:28C:1/1\r\n:60F:C261119EUR1000,00\r\n:61:ZZZ\r\n-\r\n',
      'bad.sta',
    );
    expect(mt.status).toBe(422);
    expect((await body(mt)).error.details[0].field).toMatch(/^line \d+/);
  });

  it('imports a statement (201, then 200 with nothing new), lists the review queue, and takes decisions', async () => {
    // Prepare
    const { invoice: paid } = await t.recordInvoice('W-1', 'F-2026-9001', 500_00);
    const { invoice: target } = await t.recordInvoice('W-2', 'F-2026-9002', 300_00);
    await t.recordInvoice('W-3', 'F-2026-9003', 300_00);
    const file = camt053([
      { amount: '500.00', rf: paid.rfReference, accountServicerRef: 'W-ASR-1' },
      { amount: '300.00', accountServicerRef: 'W-ASR-2' },
    ]);
    // Act
    const first = await upload(file, 'releve.xml');
    const second = await upload(file, 'releve.xml');
    // Assess
    expect(first.status).toBe(201);
    expect((await body(first)).counts).toMatchObject({
      transactions: 2,
      new: 2,
      duplicates: 0,
      autoApplied: 1,
      review: 1,
    });
    expect(second.status).toBe(200);
    expect((await body(second)).counts).toMatchObject({ new: 0, duplicates: 2 });

    const review = await body(await t.app.request('/api/bank/transactions?status=review', { headers: bearer }));
    expect(review.items).toHaveLength(1);
    const id = review.items[0].id;
    const details = await body(await t.app.request(`/api/bank/transactions/${id}`, { headers: bearer }));
    expect(details.transaction.candidates.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(details.invoices)).toContain(target.id);

    // pick an invoice by hand: over the balance is refused, the right amount applies
    const over = await postJson(`/api/bank/transactions/${id}/allocations`, {
      allocations: [{ invoiceId: target.id, amount: 300_01 }],
    });
    expect(over.status).toBe(422);
    const applied = await postJson(`/api/bank/transactions/${id}/allocations`, {
      allocations: [{ invoiceId: target.id, amount: 300_00 }],
    });
    expect(applied.status).toBe(201);
    expect((await body(applied)).allocations).toMatchObject([{ invoiceId: target.id, amount: 300_00 }]);
    expect((await t.bank.transactions.get(id))?.value.state).toBe('applied');
    // the same again changes nothing
    const again = await postJson(`/api/bank/transactions/${id}/allocations`, {
      allocations: [{ invoiceId: target.id, amount: 300_00 }],
    });
    expect(again.status).toBe(200);

    // undo reopens, ignore takes it off the queue
    const undone = await t.app.request(`/api/bank/transactions/${id}/undo`, { method: 'POST', headers: bearer });
    expect(undone.status).toBe(200);
    expect((await body(undone)).transaction.state).toBe('reverted');
    expect((await t.table.stores.invoices.get(target.id))?.value.state).toBe('open');
    const ignored = await postJson(`/api/bank/transactions/${id}/ignore`, { reason: 'transfer between own accounts' });
    expect((await body(ignored)).transaction).toMatchObject({
      state: 'ignored',
      decision: { reason: 'transfer between own accounts' },
    });

    const all = await body(await t.app.request('/api/bank/transactions', { headers: bearer }));
    expect(all.items.map((i: { state: string }) => i.state).sort()).toEqual(['auto_applied', 'ignored']);
    expect((await t.app.request('/api/bank/transactions/btx_unknown', { headers: bearer })).status).toBe(404);
  });

  it('imports a CSV with a column mapping, saved for the next CSV', async () => {
    const mapping = {
      delimiter: ';',
      hasHeader: true,
      dateColumn: 'Date',
      dateFormat: 'DD/MM/YYYY',
      amountColumn: 'Montant',
      decimalSeparator: ',',
      labelColumn: 'Libellé',
      currency: 'EUR',
    };
    const res = await upload('Date;Libellé;Montant\n20/11/2026;VIR SEPA CLIENT X;123,45\n', 'export.csv', mapping);
    expect(res.status).toBe(201);
    expect(await body(res)).toMatchObject({ format: 'csv', counts: { transactions: 1, new: 1 } });
    const next = await upload('Date;Libellé;Montant\n21/11/2026;VIR SEPA CLIENT Y;10,00\n', 'export2.csv');
    expect(next.status).toBe(201);
    expect((await body(next)).counts).toMatchObject({ new: 1 });
    const bad = await upload('x', 'export.csv', { ...mapping, dateFormat: 'MM/DD' });
    expect(bad.status).toBe(400);
  });

  it('renders the /bank page with its forms and CSRF tokens', async () => {
    const page = await t.app.request('/bank', { headers: bearer });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('action="/bank/statements"');
    const post = await t.app.request(`/bank/transactions/btx_x/undo`, { method: 'POST' });
    expect(post.status).toBe(303);
  });
});
