/**
 * The readings proposed for a credit, customer by customer, following the tiers: the quoted invoices
 * (with typo alternatives and, when the amount is larger, more of the customer's invoices); one balance
 * equal to the amount; several balances adding up to it (bounded subset search); and, for a payer with
 * nothing fitting, a part payment or an overpayment of one invoice.
 */
import type { AmountFit, CandidateEvidence } from './candidate-scoring.ts';
import { type CreditEvidence, openInvoicesOf } from './credit-evidence.ts';
import type { IndexedInvoice, MatchingIndex } from './matching-index.ts';
import type { MatcherConfig, MatchTier } from './matching-types.ts';
import { findSubsetsSumming } from './subset-sum.ts';

/** Subset readings kept per search; more than one already means "ambiguous". */
const MAX_SUBSET_SOLUTIONS = 4;
/** Typo neighbours of one quoted number tried in its place. */
const MAX_ALTERNATIVE_READINGS = 3;

interface Proposals {
  evidence: CreditEvidence;
  config: MatcherConfig;
  /** Quoted invoices of the customer being processed, one list per quoted reference, strongest first. */
  quotedSources: IndexedInvoice[][];
  /** Readings by customer and invoice set, so that each is proposed once. */
  out: Map<string, CandidateEvidence>;
}

function fitOf(amount: number, total: number, tolerance: number): AmountFit {
  if (total === amount) return 'exact';
  if (total > amount) return total - amount <= tolerance ? 'fee' : 'partial';
  return 'over';
}

function totalOf(invoices: readonly IndexedInvoice[]): number {
  let total = 0;
  for (const entry of invoices) total += entry.invoice.balance.amount;
  return total;
}

function propose(p: Proposals, customerId: string, tier: MatchTier, invoices: IndexedInvoice[]): void {
  const ids = invoices.map((entry) => entry.invoice.id).sort();
  const key = `${customerId}|${ids.join(',')}`;
  if (p.out.has(key)) return;
  const { evidence } = p;
  const total = totalOf(invoices);
  const payer = evidence.payers.get(customerId);
  p.out.set(key, {
    customerId,
    tier,
    invoices,
    references: evidence.references,
    quotedSources: p.quotedSources,
    partialHint: evidence.partialHint,
    payer,
    payerIsSomeoneElse: payer === undefined && evidence.strongPayer,
    nameUnrelated: payer === undefined && evidence.hasName,
    fit: fitOf(evidence.amount, total, evidence.tolerance),
    amount: evidence.amount,
    total,
    currency: evidence.currency,
  });
}

/**
 * Sets of `pool` adding up to `target`: exact totals first; only when there is none, totals short of the
 * target by bank fees (a tolerance window makes chance fits far more likely, so it is the fallback).
 */
function subsets(p: Proposals, pool: readonly IndexedInvoice[], target: number, minSize: number, maxSize: number) {
  if (pool.length === 0 || maxSize < minSize || target <= 0) return [];
  const amounts = pool.map((entry) => entry.invoice.balance.amount);
  const search = { amounts, target, minSize, maxSize, maxSolutions: MAX_SUBSET_SOLUTIONS };
  let found = findSubsetsSumming({ ...search, tolerance: 0 });
  if (found.length === 0 && p.evidence.tolerance > 0) {
    found = findSubsetsSumming({ ...search, tolerance: p.evidence.tolerance });
  }
  return found.map((indexes) => indexes.map((i) => pool[i]!));
}

/** The customer's quoted invoices grouped by quoted reference, strongest reading first. */
function quotedSourcesOf(references: CreditEvidence['references'], open: readonly IndexedInvoice[]) {
  const bySource = new Map<number, IndexedInvoice[]>();
  for (const entry of open) {
    const reference = references.get(entry);
    if (reference === undefined) continue;
    const readings = bySource.get(reference.source);
    if (readings === undefined) bySource.set(reference.source, [entry]);
    else readings.push(entry);
  }
  const weight = (entry: IndexedInvoice) => references.get(entry)?.weight ?? 0;
  return [...bySource.values()].map((readings) => readings.sort((a, b) => weight(b) - weight(a)));
}

/** The chosen invoices, without repeats, in the customer's due-date order (the allocation order). */
function inDueOrder(open: readonly IndexedInvoice[], chosen: readonly IndexedInvoice[]): IndexedInvoice[] {
  return open.filter((entry) => chosen.includes(entry));
}

/** Tier 1: the quoted invoices, their typo alternatives, and quoted invoices plus others making up the amount. */
function proposeQuoted(p: Proposals, customerId: string, open: IndexedInvoice[]): void {
  const primaries = p.quotedSources.map((readings) => readings[0]!);
  const quoted = inDueOrder(open, primaries);
  propose(p, customerId, 'reference', quoted);
  // Other readings of one quoted number (a typo neighbour) replace its first reading, never add to it.
  for (const readings of p.quotedSources) {
    for (const alternative of readings.slice(1, 1 + MAX_ALTERNATIVE_READINGS)) {
      const swapped = primaries.map((entry) => (entry === readings[0] ? alternative : entry));
      propose(p, customerId, 'reference', inDueOrder(open, swapped));
    }
  }
  const { amount, tolerance } = p.evidence;
  const { maxSubsetInvoices, maxSubsetSize } = p.config;
  const total = totalOf(quoted);
  if (amount > total + tolerance) {
    // More than the quoted invoices: the payer may have listed only some of what they pay.
    const others = open.filter((entry) => !quoted.includes(entry)).slice(0, maxSubsetInvoices);
    for (const extra of subsets(p, others, amount - total, 1, maxSubsetSize - quoted.length)) {
      propose(p, customerId, 'sum_of_invoices', inDueOrder(open, [...quoted, ...extra]));
    }
  } else if (quoted.length > 1 && amount < total - tolerance) {
    // Less than the quoted invoices: maybe only some of them are paid in full.
    for (const part of subsets(p, quoted, amount, 1, maxSubsetSize)) propose(p, customerId, 'reference', part);
  }
}

/** Tiers 2 to 4 for one customer: one balance, several balances, then a part or over-payment. */
function proposeByAmount(p: Proposals, customerId: string, open: IndexedInvoice[], before: number): void {
  const { amount, tolerance } = p.evidence;
  const high = amount + tolerance;
  // An exact balance outranks balances that only fit after bank fees.
  let singles = open.filter((entry) => entry.invoice.balance.amount === amount);
  if (singles.length === 0) {
    singles = open.filter((entry) => entry.invoice.balance.amount > amount && entry.invoice.balance.amount <= high);
  }
  for (const single of singles) propose(p, customerId, 'exact_balance', [single]);
  // Sums and guesses only for a customer the payer or the text points to, not for one whose balance
  // happens to equal the amount.
  if (!p.evidence.identified.has(customerId)) return;
  if (singles.length === 0) {
    const pool = open.slice(0, p.config.maxSubsetInvoices);
    for (const group of subsets(p, pool, amount, 2, p.config.maxSubsetSize)) {
      propose(p, customerId, 'sum_of_invoices', group);
    }
  }
  if (p.out.size > before || !p.evidence.payers.has(customerId)) return;
  // Nothing fits: a payment on account of the oldest invoice it does not cover, or an invoice paid with
  // too much (its total despite a credit note, rounded up): the closest balance under the amount.
  const oldest = open.find((entry) => entry.invoice.balance.amount > high);
  if (oldest !== undefined) propose(p, customerId, 'partial', [oldest]);
  let closestUnder: IndexedInvoice | undefined;
  for (const entry of open) {
    const balance = entry.invoice.balance.amount;
    if (balance < amount && balance > (closestUnder?.invoice.balance.amount ?? 0)) closestUnder = entry;
  }
  if (closestUnder !== undefined) propose(p, customerId, 'partial', [closestUnder]);
}

/** Every reading worth scoring for the credit, at most one per customer and invoice set. */
export function proposeReadings(
  index: MatchingIndex,
  evidence: CreditEvidence,
  config: MatcherConfig,
): CandidateEvidence[] {
  const p: Proposals = { evidence, config, quotedSources: [], out: new Map() };
  for (const customerId of evidence.customers) {
    const open = openInvoicesOf(index, customerId, evidence.currency);
    if (open.length === 0) continue;
    const before = p.out.size;
    p.quotedSources = quotedSourcesOf(evidence.references, open);
    if (p.quotedSources.length > 0) proposeQuoted(p, customerId, open);
    proposeByAmount(p, customerId, open, before);
  }
  return [...p.out.values()];
}
