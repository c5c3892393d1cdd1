/** Every invoice gets an ISO 11649 creditor reference when first recorded: deterministic, kept, a source's wins. */
import { describe, expect, it } from 'vitest';
import { applySourceData, defaultRfReference, type InvoiceSourceData } from '#shared/domain/invoice.ts';
import { isValidRfReference } from '#shared/domain/matching/rf-reference.ts';

const data: InvoiceSourceData = {
  source: 'api',
  externalId: 'INV-1',
  number: 'F-2026-0001',
  customerId: 'cus_1',
  issueDate: '2026-11-01',
  dueDate: '2026-12-01',
  currency: 'EUR',
  total: 100_00,
  amountPaid: 0,
};
const ctx = { now: '2026-11-02T10:00:00Z', actor: { kind: 'integration' as const, id: 'api' } };

describe('RF creditor reference on ingest', () => {
  it('is given at creation, valid and derived from the invoice id', () => {
    const { invoice } = applySourceData(undefined, data, ctx);
    expect(invoice.rfReference).toBe(defaultRfReference(invoice.id));
    expect(isValidRfReference(invoice.rfReference!)).toBe(true);
    expect(applySourceData(undefined, data, ctx).invoice.rfReference).toBe(invoice.rfReference);
  });

  it('is kept by later updates and not reported as a change', () => {
    const created = applySourceData(undefined, data, ctx).invoice;
    const updated = applySourceData(created, { ...data, total: 120_00 }, ctx);
    expect(updated.invoice.rfReference).toBe(created.rfReference);
    expect(updated.events[0]?.summary).not.toContain('rfReference');
  });

  it('yields to a reference the source provides', () => {
    const { invoice } = applySourceData(undefined, { ...data, rfReference: 'RF18539007547034' }, ctx);
    expect(invoice.rfReference).toBe('RF18539007547034');
  });
});
