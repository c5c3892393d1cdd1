/**
 * What the company-wide receivables summary keeps of one customer: enough for the home figures (aging, DSO,
 * what goes out this week) and for sorting and filtering the customers list, and nothing of the contacts or
 * addresses. It is derived from the customer record (profile + aggregate) and nothing else, so it can always be
 * rebuilt from the customers.
 */

import type { IsoDate } from '../calendar-date.ts';
import type { Customer } from '../customer.ts';
import type { CustomerAggregate, LadderItem, MonthlySales } from '../customer-aggregate.ts';
import type { Money } from '../money.ts';

/** Open items sharing a due date and a currency: what aging, overdue and the reminder estimate need. */
export interface DueGroup {
  dueDate: IsoDate;
  currency: string;
  balance: number;
  count: number;
}

export interface CustomerDigest {
  customerId: string;
  legalName: string;
  segment: string;
  planId?: string;
  pausedUntil?: IsoDate;
  needsReview?: boolean;
  /** The aggregate's open items grouped by due date and currency, oldest first. */
  dues: DueGroup[];
  /** Outstanding per currency, largest first (derived from the ladder). */
  balances: Money[];
  sales: MonthlySales[];
}

/** The digest of a customer, or undefined when it contributes nothing (no open item and no recent sales). */
export function digestOf(customer: Customer, aggregate: CustomerAggregate): CustomerDigest | undefined {
  const sales = aggregate.sales ?? [];
  if (aggregate.ladder.length === 0 && sales.length === 0) return undefined;
  // Balances come from the aggregate as stored, so the digest ranks customers exactly as the DEBTORS index does.
  return {
    customerId: customer.id,
    legalName: customer.legalName,
    segment: customer.segment,
    ...(customer.planId !== undefined ? { planId: customer.planId } : {}),
    ...(customer.pausedUntil !== undefined ? { pausedUntil: customer.pausedUntil } : {}),
    ...(customer.needsReview ? { needsReview: true } : {}),
    dues: groupDues(aggregate.ladder),
    balances: aggregate.balances,
    sales,
  };
}

/** Groups a ladder (sorted by due date) by due date and currency, keeping the order. */
export function groupDues(ladder: readonly LadderItem[]): DueGroup[] {
  const out: DueGroup[] = [];
  const index = new Map<string, DueGroup>();
  for (const item of ladder) {
    const key = `${item.dueDate}|${item.currency}`;
    const group = index.get(key);
    if (group) {
      group.balance += item.balance;
      group.count++;
    } else {
      const created = { dueDate: item.dueDate, currency: item.currency, balance: item.balance, count: 1 };
      index.set(key, created);
      out.push(created);
    }
  }
  return out;
}

/**
 * The digest seen as an aggregate, for the read-side helpers written against aggregates (aging, overdue): one
 * ladder item per due-date group, without invoice ids (those helpers read dates, currencies and balances only).
 */
export function digestAggregate(digest: CustomerDigest): CustomerAggregate {
  return {
    openCount: digest.dues.reduce((n, g) => n + g.count, 0),
    balances: digest.balances,
    ladder: digest.dues.map((g) => ({ invoiceId: '', dueDate: g.dueDate, currency: g.currency, balance: g.balance })),
    oldestDueDate: digest.dues[0]?.dueDate,
    sales: digest.sales,
  };
}
