import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { makeUpdateCustomer } from '#shared/use-cases/update-customer.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

describe('update customer', () => {
  let table: TestTable;
  const clock = fixedClock('2026-11-23T09:00:00Z');
  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.close());

  it("keeps an address's bounce flag when a person edits the contacts, unless the edit clears it", async () => {
    const { invoice } = await makeRecordInvoice({ ...table.stores, clock })(
      {
        source: 'api',
        externalId: 'U-1',
        number: 'U-1',
        customer: { externalId: 'U', name: 'Flags SARL', email: 'compta@flags.example', contactName: 'Anne' },
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
        currency: 'EUR',
        total: 1000,
        amountPaid: 0,
      },
      { kind: 'integration', id: 'api' },
    );
    const update = makeUpdateCustomer({ ...table.stores, clock });
    const user = { kind: 'user', id: 'u1' } as const;
    const anne = {
      id: 'billing',
      name: 'Anne',
      email: 'compta@flags.example',
      role: 'billing' as const,
      primary: true,
    };
    await update(
      invoice.customerId,
      { contacts: [{ ...anne, emailStatus: 'bounced' }] },
      { kind: 'system', id: 'ses' },
    );
    // A person renames the contact and adds a colleague: the bounce stays with the address.
    const edited = await update(
      invoice.customerId,
      {
        contacts: [
          { ...anne, name: 'Anne Dupont' },
          { id: 'dg', name: 'Paul', email: 'dg@flags.example', role: 'management', primary: false },
        ],
      },
      user,
    );
    expect(edited.customer.contacts.map((c) => [c.id, c.emailStatus])).toEqual([
      ['billing', 'bounced'],
      ['dg', undefined],
    ]);
    const cleared = await update(invoice.customerId, { contacts: [{ ...anne, emailStatus: 'ok' }] }, user);
    expect(cleared.customer.contacts[0]?.emailStatus).toBe('ok');
  });
});
