/**
 * Bounded subset search: which few open invoices of one customer add up to a transfer. Exponential in
 * general, so the caller bounds the number of invoices and the subset size; amounts are integer minor units.
 */

export interface SubsetSearch {
  /** Positive amounts in minor units. */
  amounts: readonly number[];
  /** Amount received. */
  target: number;
  /** How far the subset total may exceed the target (fees deducted by the banks). */
  tolerance: number;
  minSize: number;
  maxSize: number;
  /** The search stops after this many solutions. */
  maxSolutions: number;
}

/**
 * Index sets (ascending) whose amounts total between `target` and `target + tolerance`, with between
 * `minSize` and `maxSize` items, at most `maxSolutions` of them, in search order.
 */
export function findSubsetsSumming(search: SubsetSearch): number[][] {
  const { target, tolerance, minSize, maxSize, maxSolutions } = search;
  // Largest first makes the "too much already" cut fire early.
  const order = search.amounts.map((amount, index) => ({ amount, index })).sort((a, b) => b.amount - a.amount);
  const n = order.length;
  const suffix = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + order[i]!.amount;
  const solutions: number[][] = [];
  const chosen: number[] = [];

  const visit = (start: number, total: number): void => {
    if (solutions.length >= maxSolutions) return;
    if (total >= target && total <= target + tolerance && chosen.length >= minSize) {
      solutions.push(chosen.map((i) => order[i]!.index).sort((a, b) => a - b));
      // A superset that still fits would only add an invoice smaller than the fee tolerance: not a reading
      // anyone would propose, and it would make every fitting subset look ambiguous.
      return;
    }
    if (chosen.length >= maxSize) return;
    for (let i = start; i < n; i++) {
      const amount = order[i]!.amount;
      if (total + amount > target + tolerance) continue;
      // Even taking everything left cannot reach the target.
      if (total + suffix[i]! < target) return;
      chosen.push(i);
      visit(i + 1, total + amount);
      chosen.pop();
      if (solutions.length >= maxSolutions) return;
    }
  };
  visit(0, 0);
  return solutions;
}
