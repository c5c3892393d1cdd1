/**
 * Per-customer receivables summary, stored on the customer record and recomputed on every change from the
 * customer's ledger (one small entry per invoice, kept beside the customer), so the dashboard reads it instead
 * of scanning invoices. Recomputing rather than adding deltas makes a redelivered change harmless.
 *
 * It keeps the open items' due dates and balances (the "ladder"), not an "overdue" total: overdue depends on
 * the day it is read, so it is derived at read time from the ladder and never goes stale overnight.
 */
import { compareDates, daysBetween, type IsoDate } from './calendar-date.ts';
import { balanceOf, type Invoice } from './invoice.ts';
import { type InvoiceState, isCollectible } from './invoice-lifecycle.ts';
import { type Money, money } from './money.ts';

export interface LadderItem {
  invoiceId: string;
  dueDate: IsoDate;
  currency: string;
  balance: number;
}

export interface CustomerAggregate {
  openCount: number;
  /** Outstanding per currency, largest first. */
  balances: Money[];
  /** Collectible invoices with a balance, oldest due date first. */
  ladder: LadderItem[];
  oldestDueDate?: IsoDate;
  /**
   * Invoiced per issue month (every invoice but void ones, paid or not), the newest months first, for the
   * count-back DSO. Absent on aggregates computed from ledger entries recorded before entries carried it.
   */
  sales?: MonthlySales[];
}

export interface MonthlySales {
  /** `YYYY-MM` of the issue date. */
  month: string;
  currency: string;
  amount: number;
}

/** How many issue months an aggregate keeps (count-back DSO rarely needs more than a few). */
export const SALES_MONTHS = 13;

export const EMPTY_AGGREGATE: CustomerAggregate = { openCount: 0, balances: [], ladder: [] };

/** What the customer's ledger keeps of one invoice: enough to total, age and rank, nothing more. */
export interface LedgerEntry {
  invoiceId: string;
  dueDate: IsoDate;
  currency: string;
  balance: number;
  state: InvoiceState;
  /** For the sales per month (absent on entries recorded before it was kept). */
  issueDate?: IsoDate;
  /** The invoice total, minor units (same note). */
  total?: number;
}

export function ledgerEntryOf(invoice: Invoice): LedgerEntry {
  return {
    invoiceId: invoice.id,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    balance: balanceOf(invoice).amount,
    state: invoice.state,
    issueDate: invoice.issueDate,
    total: invoice.total,
  };
}

/** Invoiced per issue month and currency, newest months first, at most SALES_MONTHS months. */
export function salesByMonth(entries: readonly LedgerEntry[]): MonthlySales[] {
  const totals = new Map<string, MonthlySales>();
  for (const e of entries) {
    if (e.state === 'void' || e.issueDate === undefined || e.total === undefined) continue;
    const month = e.issueDate.slice(0, 7);
    const key = `${month}|${e.currency}`;
    const found = totals.get(key);
    if (found) found.amount += e.total;
    else totals.set(key, { month, currency: e.currency, amount: e.total });
  }
  const months = [...new Set([...totals.values()].map((s) => s.month))].sort().reverse().slice(0, SALES_MONTHS);
  return [...totals.values()]
    .filter((s) => months.includes(s.month))
    .sort((a, b) => b.month.localeCompare(a.month) || a.currency.localeCompare(b.currency));
}

/** Outstanding per currency over ladder items, largest first. */
export function computeLadderTotals(ladder: readonly LadderItem[]): Money[] {
  const totals = new Map<string, number>();
  for (const item of ladder) totals.set(item.currency, (totals.get(item.currency) ?? 0) + item.balance);
  return [...totals.entries()].map(([c, a]) => money(a, c)).sort((a, b) => b.amount - a.amount);
}

export function computeAggregate(entries: readonly LedgerEntry[]): CustomerAggregate {
  const ladder: LadderItem[] = [];
  for (const entry of entries) {
    if (!isCollectible(entry.state) || entry.balance === 0) continue;
    ladder.push({
      invoiceId: entry.invoiceId,
      dueDate: entry.dueDate,
      currency: entry.currency,
      balance: entry.balance,
    });
  }
  ladder.sort((a, b) => compareDates(a.dueDate, b.dueDate) || a.invoiceId.localeCompare(b.invoiceId));
  const balances = computeLadderTotals(ladder);
  const aggregate: CustomerAggregate = {
    openCount: ladder.length,
    balances,
    ladder,
    oldestDueDate: ladder[0]?.dueDate,
  };
  const sales = salesByMonth(entries);
  if (sales.length) aggregate.sales = sales;
  return aggregate;
}

/** The balance in the customer's main currency (the largest outstanding), used to rank debtors. */
export function primaryBalance(aggregate: CustomerAggregate): Money | undefined {
  return aggregate.balances[0];
}

export function overdueBalances(aggregate: CustomerAggregate, today: IsoDate): Money[] {
  const totals = new Map<string, number>();
  for (const item of aggregate.ladder) {
    if (compareDates(item.dueDate, today) < 0)
      totals.set(item.currency, (totals.get(item.currency) ?? 0) + item.balance);
  }
  return [...totals.entries()].map(([c, a]) => money(a, c)).sort((a, b) => b.amount - a.amount);
}

/** Days the oldest overdue invoice is late on `today`, or 0 when nothing is overdue. */
export function oldestOverdueDays(aggregate: CustomerAggregate, today: IsoDate): number {
  const oldest = aggregate.oldestDueDate;
  return oldest && compareDates(oldest, today) < 0 ? daysBetween(oldest, today) : 0;
}

export type AgingBucket = 'not_due' | '1_30' | '31_60' | '61_90' | '90_plus';
export const AGING_BUCKETS: readonly AgingBucket[] = ['not_due', '1_30', '31_60', '61_90', '90_plus'];

export function agingBucket(dueDate: IsoDate, today: IsoDate): AgingBucket {
  const late = daysBetween(dueDate, today);
  if (late <= 0) return 'not_due';
  if (late <= 30) return '1_30';
  if (late <= 60) return '31_60';
  if (late <= 90) return '61_90';
  return '90_plus';
}

/** Outstanding per aging bucket for one currency. */
export function aging(aggregate: CustomerAggregate, today: IsoDate, currency: string): Record<AgingBucket, number> {
  const out: Record<AgingBucket, number> = { not_due: 0, '1_30': 0, '31_60': 0, '61_90': 0, '90_plus': 0 };
  for (const item of aggregate.ladder) {
    if (item.currency === currency) out[agingBucket(item.dueDate, today)] += item.balance;
  }
  return out;
}

/** Field-by-field equality (stored maps come back with their keys in any order). */
export function sameAggregate(a: CustomerAggregate, b: CustomerAggregate): boolean {
  return (
    a.openCount === b.openCount &&
    a.oldestDueDate === b.oldestDueDate &&
    a.balances.length === b.balances.length &&
    a.balances.every((m, i) => m.amount === b.balances[i]?.amount && m.currency === b.balances[i]?.currency) &&
    (a.sales ?? []).length === (b.sales ?? []).length &&
    (a.sales ?? []).every((s, i) => {
      const o = b.sales?.[i];
      return o !== undefined && s.month === o.month && s.currency === o.currency && s.amount === o.amount;
    }) &&
    a.ladder.length === b.ladder.length &&
    a.ladder.every((l, i) => {
      const o = b.ladder[i];
      return (
        o !== undefined &&
        l.invoiceId === o.invoiceId &&
        l.dueDate === o.dueDate &&
        l.currency === o.currency &&
        l.balance === o.balance
      );
    })
  );
}
