import { describe, expect, it } from 'vitest';
import { isValidRfReference } from '#shared/domain/matching/rf-reference.ts';
import { baselineMatch, buildBaselineIndex } from '../../../bench/matching/baseline.ts';
import { generateDataset } from '../../../bench/matching/generate-dataset.ts';
import { aCredit, anInvoice, eur } from './fixtures.ts';

const small = { seed: 7, customers: 60, invoices: 300, credits: 300 };

describe('generateDataset', () => {
  it('is deterministic for a seed', () => {
    // Act
    const first = generateDataset(small);
    const second = generateDataset(small);
    // Assess
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(JSON.stringify(generateDataset({ ...small, seed: 8 }))).not.toBe(JSON.stringify(first));
  });

  it('labels every credit, with invoice payments pointing to open invoices of the paying customer', () => {
    // Act
    const dataset = generateDataset(small);
    const invoices = new Map(dataset.invoices.map((i) => [i.id, i]));
    // Assess
    expect(dataset.invoices).toHaveLength(300);
    expect(dataset.credits).toHaveLength(300);
    expect(dataset.invoices.every((i) => isValidRfReference(i.rfReference) && i.balance.amount > 0)).toBe(true);
    const others = dataset.credits.filter((c) => c.truth.kind === 'other');
    expect(others.length).toBe(30);
    for (const { truth, credit } of dataset.credits) {
      expect(credit.amount.amount).toBeGreaterThan(0);
      if (truth.kind !== 'payment') continue;
      expect(truth.invoiceIds.length).toBeGreaterThan(0);
      for (const id of truth.invoiceIds) expect(invoices.get(id)?.customerId).toBe(truth.customerId);
    }
  });

  it('books credits in date order over the month after the invoices', () => {
    // Act
    const dates = generateDataset(small).credits.map((c) => c.credit.bookingDate);
    // Assess
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]! > '2026-03-31').toBe(true);
  });
});

describe('baselineMatch', () => {
  const invoices = [
    anInvoice({ id: 'A', number: 'F-2026-0042', balance: eur(100_00) }),
    anInvoice({ id: 'B', number: 'F-2026-0043', balance: eur(250_00) }),
    anInvoice({ id: 'C', number: 'F-2026-0044', customerId: 'CUS-OTHER', balance: eur(250_00) }),
  ];

  it('applies an invoice number found as a substring, else a unique exact amount', () => {
    // Prepare
    const index = buildBaselineIndex(invoices);
    // Act
    const byNumber = baselineMatch(index, aCredit({ amount: eur(1_00), remittance: ['facture f-2026-0042'] }));
    const byAmount = baselineMatch(index, aCredit({ amount: eur(100_00) }));
    const twoAmounts = baselineMatch(index, aCredit({ amount: eur(250_00) }));
    // Assess
    expect(byNumber.kind === 'auto' && byNumber.candidate.allocations[0]?.invoiceId).toBe('A');
    expect(byAmount.kind === 'auto' && byAmount.candidate.allocations[0]?.invoiceId).toBe('A');
    expect(twoAmounts.kind).toBe('review');
  });
});
