/**
 * A customer's credit — what a transfer paid beyond the invoices it settled — shows on the customer page while it
 * is on the account, and goes when the application that made it is undone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKEN } from '../support/app.ts';
import { startBankApp } from '../support/bank-app.ts';
import { camt053 } from '../support/bank-statements.ts';

describe('customer credits on the customer page', () => {
  let t: Awaited<ReturnType<typeof startBankApp>>;
  const bearer = { authorization: `Bearer ${TEST_TOKEN}` };
  const page = async (id: string) => (await t.app.request(`/customers/${id}`, { headers: bearer })).text();

  beforeAll(async () => {
    t = await startBankApp();
  });
  afterAll(() => t?.close());

  it('lists the overpayment kept on the account, and drops it when the application is undone', async () => {
    const { invoice } = await t.recordInvoice('CR-1', 'F-2026-7001', 400_00);
    expect(await page(invoice.customerId)).not.toContain('data-testid="customer-credits"');
    const form = new FormData();
    form.set('file', new File([camt053([{ amount: '450.00', accountServicerRef: 'CR-ASR-1' }])], 'releve.xml'));
    expect((await t.app.request('/api/bank/statements', { method: 'POST', headers: bearer, body: form })).status).toBe(
      201,
    );
    const waiting = [
      ...(await t.bank.transactions.listByState('review')).items,
      ...(await t.bank.transactions.listByState('unmatched')).items,
    ];
    const tx = waiting.find((x) => x.accountServicerReference === 'CR-ASR-1');
    if (!tx) throw new Error('no transaction to decide');
    // A person applies the transfer to the invoice: the 50 EUR beyond it stay on the customer's account.
    const applied = await t.app.request(`/api/bank/transactions/${tx.id}/allocations`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ allocations: [{ invoiceId: invoice.id, amount: 400_00 }] }),
    });
    expect(applied.status).toBe(201);

    const withCredit = await page(invoice.customerId);
    expect(withCredit).toContain('data-testid="customer-credits"');
    expect(withCredit).toMatch(/50,00\s€/);
    expect(withCredit).toContain(tx.id);

    const undone = await t.app.request(`/api/bank/transactions/${tx.id}/undo`, { method: 'POST', headers: bearer });
    expect(undone.status).toBe(200);
    expect(await page(invoice.customerId)).not.toContain('data-testid="customer-credits"');
  });
});
