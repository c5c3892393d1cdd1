/**
 * Bank import end to end on the local stack, as `npm start` runs it: invoices created through the API, a camt.053
 * uploaded → the invoice quoted by its RF and the one quoted by its number in Ustrd are paid, the ambiguous credit
 * waits in review; an MT940 dropped under bank/ in s3rver is imported the same way.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../local/config.ts';
import { BUCKET, type LocalStack, startLocalStack } from '../../local/stack.ts';
import { body } from '../support/app.ts';
import { camt053, mt940 } from '../support/bank-statements.ts';

describe('bank import on the local stack', () => {
  let dir: string;
  let stack: LocalStack;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });
  const get = (path: string) => fetch(`${stack.url}${path}`, { headers: auth() });
  const createInvoice = async (externalId: string, number: string, customer: string, total: number) => {
    const res = await fetch(`${stack.url}/api/invoices`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'api',
        externalId,
        number,
        customer: { externalId: customer, name: `${customer} SAS`, email: `compta@${customer.toLowerCase()}.example` },
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        currency: 'EUR',
        total,
        amountPaid: 0,
      }),
    });
    expect(res.status).toBe(201);
    return body(res);
  };
  const invoice = async (id: string) => body(await get(`/api/invoices/${id}`));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-bank-'));
    const cfg = loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir });
    token = cfg.apiToken;
    stack = await startLocalStack(cfg);
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('marks the right invoices paid from an uploaded camt.053 and leaves the ambiguous credit in review', async () => {
    // Prepare
    const byRf = await createInvoice('E2E-1', 'F-2026-0101', 'Acme', 1_200_00);
    const byNumber = await createInvoice('E2E-2', 'F-2026-0777', 'Beta', 850_00);
    const twinA = await createInvoice('E2E-3', 'F-2026-0301', 'Gamma', 430_00);
    const twinB = await createInvoice('E2E-4', 'F-2026-0302', 'Delta', 430_00);
    expect(byRf.rfReference).toMatch(/^RF\d{2}/);
    const file = camt053([
      { amount: '1200.00', rf: byRf.rfReference, accountServicerRef: 'E2E-ASR-1', debtorName: 'ACME SAS' },
      {
        amount: '850.00',
        ustrd: ['Paiement facture F-2026-0777'],
        accountServicerRef: 'E2E-ASR-2',
        debtorName: 'BETA',
      },
      { amount: '430.00', accountServicerRef: 'E2E-ASR-3', debtorName: 'M DURAND' },
    ]);
    const form = new FormData();
    form.set('file', new File([file], 'releve-novembre.xml', { type: 'application/xml' }));
    // Act
    const res = await fetch(`${stack.url}/api/bank/statements`, { method: 'POST', headers: auth(), body: form });
    // Assess
    expect(res.status).toBe(201);
    expect((await body(res)).counts).toMatchObject({
      transactions: 3,
      new: 3,
      duplicates: 0,
      autoApplied: 2,
      review: 1,
    });
    expect(await invoice(byRf.id)).toMatchObject({ state: 'paid', balance: 0 });
    expect(await invoice(byNumber.id)).toMatchObject({ state: 'paid', balance: 0 });
    expect((await invoice(byRf.id)).timeline.map((e: { type: string }) => e.type)).toContain('payment.applied');
    expect(await invoice(twinA.id)).toMatchObject({ state: 'open' });
    expect(await invoice(twinB.id)).toMatchObject({ state: 'open' });
    const review = await body(await get('/api/bank/transactions?status=review'));
    expect(review.items).toHaveLength(1);
    expect(review.items[0]).toMatchObject({ amount: { amount: 430_00, currency: 'EUR' } });
    const candidates = review.items[0].candidates.flatMap((c: { allocations: { invoiceId: string }[] }) =>
      c.allocations.map((a) => a.invoiceId),
    );
    expect(candidates).toEqual(expect.arrayContaining([twinA.id, twinB.id]));
    const page = await get('/bank');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('F-2026-0301');

    // The same file again: nothing new.
    const again = await fetch(`${stack.url}/api/bank/statements`, { method: 'POST', headers: auth(), body: form });
    expect(again.status).toBe(200);
    expect((await body(again)).counts).toMatchObject({ new: 0, duplicates: 3, autoApplied: 0 });
  });

  it('imports an MT940 dropped under bank/', async () => {
    // Prepare
    const target = await createInvoice('E2E-5', 'F-2026-0555', 'Epsilon', 99_90);
    const file = mt940([
      { date: '2026-11-20', amount: '99,90', ref: 'MT940REF00001', text: 'VIREMENT FACTURE F-2026-0555 EPSILON' },
    ]);
    // Act
    await stack.clients.s3.putObject({
      Bucket: BUCKET,
      Key: 'bank/releve-0555.sta',
      Body: new TextEncoder().encode(file),
    });
    // Assess
    await expect.poll(async () => (await invoice(target.id)).state, { timeout: 15_000 }).toBe('paid');
    // The import record is completed after its transactions are applied: wait for it too.
    await expect
      .poll(async () => (await body(await get('/api/bank/statements'))).items, { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ origin: 'bank/releve-0555.sta', format: 'mt940', state: 'imported' }),
        ]),
      );
    expect(stack.s3Events.failures).toEqual([]);
  });
});
