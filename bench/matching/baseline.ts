/**
 * The naive matcher the benchmark compares against: an invoice number found as a substring of the
 * remittance text wins; otherwise an open invoice whose balance equals the amount exactly, if only one does.
 * It scans every open invoice for every credit, as a naive implementation would.
 */
import type {
  IncomingCredit,
  MatchCandidate,
  MatchDecision,
  OpenInvoiceRef,
} from '#shared/domain/matching/matching-types.ts';
import { money } from '#shared/domain/money.ts';

export interface BaselineIndex {
  invoices: { invoice: OpenInvoiceRef; upperNumber: string }[];
  byAmount: Map<number, OpenInvoiceRef[]>;
}

export function buildBaselineIndex(invoices: readonly OpenInvoiceRef[]): BaselineIndex {
  const byAmount = new Map<number, OpenInvoiceRef[]>();
  for (const invoice of invoices) {
    const list = byAmount.get(invoice.balance.amount) ?? [];
    list.push(invoice);
    byAmount.set(invoice.balance.amount, list);
  }
  return { invoices: invoices.map((invoice) => ({ invoice, upperNumber: invoice.number.toUpperCase() })), byAmount };
}

/** Applies allocations: balances go down, invoices paid in full disappear (mutates the index). */
export function recordBaselineAllocations(
  index: BaselineIndex,
  allocations: readonly { invoiceId: string; amount: { amount: number } }[],
): void {
  for (const { invoiceId, amount } of allocations) {
    const at = index.invoices.findIndex((e) => e.invoice.id === invoiceId);
    if (at < 0) continue;
    const current = index.invoices[at]!.invoice;
    const sameAmount = index.byAmount.get(current.balance.amount) ?? [];
    sameAmount.splice(sameAmount.indexOf(current), 1);
    const balance = current.balance.amount - amount.amount;
    if (balance <= 0) {
      index.invoices.splice(at, 1);
      continue;
    }
    const updated = { ...current, balance: money(balance, current.balance.currency) };
    index.invoices[at] = { invoice: updated, upperNumber: index.invoices[at]!.upperNumber };
    const list = index.byAmount.get(balance) ?? [];
    list.push(updated);
    index.byAmount.set(balance, list);
  }
}

function candidate(credit: IncomingCredit, invoices: OpenInvoiceRef[], tier: MatchCandidate['tier']): MatchCandidate {
  let remaining = credit.amount.amount;
  const allocations: MatchCandidate['allocations'] = [];
  for (const invoice of invoices) {
    const amount = Math.min(remaining, invoice.balance.amount);
    if (amount <= 0) break;
    allocations.push({ invoiceId: invoice.id, amount: money(amount, credit.amount.currency) });
    remaining -= amount;
  }
  return {
    customerId: invoices[0]?.customerId ?? '',
    allocations,
    unallocated: money(remaining, credit.amount.currency),
    confidence: 1,
    tier,
    reasons: [],
  };
}

/** Naive decision: substring number match, else unique exact amount; several amounts → review. */
export function baselineMatch(index: BaselineIndex, credit: IncomingCredit): MatchDecision {
  const text = [...credit.remittance, credit.creditorReference ?? ''].join(' ').toUpperCase();
  const found: OpenInvoiceRef[] = [];
  for (const { invoice, upperNumber } of index.invoices) if (text.includes(upperNumber)) found.push(invoice);
  if (found.length > 0) {
    const sameCustomer = found.every((i) => i.customerId === found[0]!.customerId);
    return sameCustomer
      ? { kind: 'auto', candidate: candidate(credit, found, 'reference') }
      : { kind: 'review', candidates: found.map((i) => candidate(credit, [i], 'reference')) };
  }
  const sameAmount = index.byAmount.get(credit.amount.amount) ?? [];
  if (sameAmount.length === 1) return { kind: 'auto', candidate: candidate(credit, sameAmount, 'exact_balance') };
  if (sameAmount.length > 1) {
    return { kind: 'review', candidates: sameAmount.map((i) => candidate(credit, [i], 'exact_balance')) };
  }
  return { kind: 'none' };
}
