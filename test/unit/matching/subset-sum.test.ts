import { describe, expect, it } from 'vitest';
import { findSubsetsSumming, type SubsetSearch } from '#shared/domain/matching/subset-sum.ts';

const search = (overrides: Partial<SubsetSearch>): SubsetSearch => ({
  amounts: [],
  target: 0,
  tolerance: 0,
  minSize: 1,
  maxSize: 4,
  maxSolutions: 10,
  ...overrides,
});

describe('findSubsetsSumming', () => {
  it('finds the invoices adding up to the amount, as ascending index sets', () => {
    // Act
    const found = findSubsetsSumming(search({ amounts: [120_00, 300_00, 80_00, 45_50], target: 200_00 }));
    // Assess
    expect(found).toEqual([[0, 2]]);
  });

  it('accepts totals above the target by at most the tolerance (bank fees deducted from the transfer)', () => {
    // Prepare
    const amounts = [100_00, 250_00, 400_00];
    // Act
    const within = findSubsetsSumming(search({ amounts, target: 347_50, tolerance: 5_00 }));
    const beyond = findSubsetsSumming(search({ amounts, target: 344_00, tolerance: 5_00 }));
    // Assess
    expect(within).toEqual([[0, 1]]);
    expect(beyond).toEqual([]);
  });

  it('respects the minimum and maximum subset sizes', () => {
    // Prepare
    const amounts = [10, 20, 30, 40];
    // Act
    const pairsOrMore = findSubsetsSumming(search({ amounts, target: 30, minSize: 2 }));
    const atMostTwo = findSubsetsSumming(search({ amounts, target: 60, maxSize: 2 }));
    // Assess
    expect(pairsOrMore).toEqual([[0, 1]]);
    expect(atMostTwo).toEqual([[1, 3]]);
  });

  it('lists every solution up to maxSolutions, so the caller sees ambiguity', () => {
    // Prepare: four invoices of 50 → six pairs make 100.
    const amounts = [50, 50, 50, 50];
    // Act
    const all = findSubsetsSumming(search({ amounts, target: 100, maxSolutions: 10 }));
    const capped = findSubsetsSumming(search({ amounts, target: 100, maxSolutions: 2 }));
    // Assess
    expect(all).toHaveLength(6);
    expect(capped).toHaveLength(2);
  });

  it('does not extend a fitting subset with an invoice smaller than the tolerance', () => {
    // Act
    const found = findSubsetsSumming(search({ amounts: [100_00, 3_00], target: 100_00, tolerance: 5_00 }));
    // Assess
    expect(found).toEqual([[0]]);
  });

  it('returns nothing when no combination fits', () => {
    // Act / Assess
    expect(findSubsetsSumming(search({ amounts: [70, 80, 90], target: 100 }))).toEqual([]);
    expect(findSubsetsSumming(search({ amounts: [], target: 100 }))).toEqual([]);
  });

  it('stays fast on a customer with many open invoices (the search is pruned)', () => {
    // Prepare: 40 distinct amounts, a target no subset of four reaches.
    const amounts = Array.from({ length: 40 }, (_, i) => 1_000 + i * 7);
    // Act
    const found = findSubsetsSumming(search({ amounts, target: 1, maxSize: 4 }));
    // Assess
    expect(found).toEqual([]);
  });
});
