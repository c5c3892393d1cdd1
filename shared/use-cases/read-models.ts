/**
 * What the API and the dashboard read: invoices with their timeline, customers with their aggregates, and the
 * receivables overview. Every read is a key or index query; the overview walks the sparse "debtors" index
 * (customers at zero are not in it) and derives overdue and aging from each customer's ladder for `today`.
 */
import { addDays, type IsoDate } from '#shared/domain/calendar-date.ts';
import type { Customer } from '#shared/domain/customer.ts';
import {
  AGING_BUCKETS,
  type AgingBucket,
  aging,
  type CustomerAggregate,
  oldestOverdueDays,
  overdueBalances,
} from '#shared/domain/customer-aggregate.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { balanceOf, type Invoice, type InvoiceStatus, invoiceStatus } from '#shared/domain/invoice.ts';
import { INVOICE_STATES, type InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import type { Money } from '#shared/domain/money.ts';
import type { TimelineEvent } from '#shared/domain/timeline.ts';
import type { CustomerSummary, Page } from '#shared/ports/repositories.ts';
import type { Stores } from './stores.ts';

export interface InvoiceView extends Invoice {
  balance: number;
  status: InvoiceStatus;
}

export function invoiceView(invoice: Invoice, today: IsoDate): InvoiceView {
  return { ...invoice, balance: balanceOf(invoice).amount, status: invoiceStatus(invoice, today) };
}

export interface InvoiceDetails {
  invoice: InvoiceView;
  customer?: Customer;
  timeline: TimelineEvent[];
}

export async function getInvoiceDetails(stores: Stores, id: string, today: IsoDate): Promise<InvoiceDetails> {
  const found = await stores.invoices.get(id);
  if (!found) throw new NotFoundError('invoice', id);
  const [customer, timeline] = await Promise.all([
    stores.customers.get(found.value.customerId),
    stores.timeline.forInvoice(id),
  ]);
  return { invoice: invoiceView(found.value, today), customer: customer?.value, timeline };
}

/** Statuses a list can be filtered on: stored states, plus the open state seen on `today`. */
export type InvoiceFilterStatus = InvoiceStatus | InvoiceState | 'collectible' | 'all';

const COLLECTIBLE: InvoiceState[] = [
  'open',
  'partially_paid',
  'disputed',
  'promised',
  'in_payment_plan',
  'in_collection',
];

export async function listInvoices(
  stores: Stores,
  filter: { status?: InvoiceFilterStatus; customerId?: string; limit?: number; cursor?: string },
  today: IsoDate,
): Promise<Page<InvoiceView>> {
  const status = filter.status ?? 'collectible';
  const wanted = (inv: Invoice) => matchesStatus(inv, status, today);
  if (filter.customerId) {
    const page = await stores.invoices.listByCustomer(filter.customerId, filter);
    return { items: page.items.filter(wanted).map((i) => invoiceView(i, today)), cursor: page.cursor };
  }
  if (status === 'not_yet_due' || status === 'due' || status === 'overdue') {
    const bounds =
      status === 'overdue'
        ? { dueBefore: today }
        : status === 'due'
          ? { dueFrom: today, dueBefore: addDays(today, 1) }
          : { dueFrom: addDays(today, 1) };
    const page = await stores.invoices.listByState('open', { ...bounds, limit: filter.limit, cursor: filter.cursor });
    return { items: page.items.map((i) => invoiceView(i, today)), cursor: page.cursor };
  }
  if ((INVOICE_STATES as readonly string[]).includes(status)) {
    const page = await stores.invoices.listByState(status as InvoiceState, filter);
    return { items: page.items.map((i) => invoiceView(i, today)), cursor: page.cursor };
  }
  // Several states: one index query per state, merged in due-date order (bounded by the limit).
  const states = status === 'all' ? [...INVOICE_STATES] : COLLECTIBLE;
  const limit = filter.limit ?? 100;
  const pages = await Promise.all(states.map((s) => stores.invoices.listByState(s, { limit })));
  const items = pages
    .flatMap((p) => p.items)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id))
    .slice(0, limit);
  return { items: items.map((i) => invoiceView(i, today)) };
}

function matchesStatus(invoice: Invoice, status: InvoiceFilterStatus, today: IsoDate): boolean {
  if (status === 'all') return true;
  if (status === 'collectible') return COLLECTIBLE.includes(invoice.state);
  return invoiceStatus(invoice, today) === status || invoice.state === status;
}

export interface CustomerView {
  customer: Customer;
  aggregate: CustomerAggregate;
  overdue: Money[];
  oldestOverdueDays: number;
}

export function customerView(summary: CustomerSummary, today: IsoDate): CustomerView {
  return {
    ...summary,
    overdue: overdueBalances(summary.aggregate, today),
    oldestOverdueDays: oldestOverdueDays(summary.aggregate, today),
  };
}

export interface ReceivablesOverview {
  currency: string;
  outstanding: number;
  overdue: number;
  aging: Record<AgingBucket, number>;
  debtorCount: number;
  /** Customers that owe something, largest balance first. */
  debtors: CustomerView[];
}

/**
 * Totals for one currency (the company's; other currencies are listed per customer). Reads every debtor once:
 * proportional to the customers that owe money, not to invoices.
 */
export async function receivablesOverview(
  stores: Stores,
  today: IsoDate,
  currency = 'EUR',
): Promise<ReceivablesOverview> {
  const debtors: CustomerView[] = [];
  let cursor: string | undefined;
  do {
    const page = await stores.customers.listWithBalance({ limit: 1000, cursor });
    debtors.push(...page.items.map((s) => customerView(s, today)));
    cursor = page.cursor;
  } while (cursor);
  const total = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;
  for (const d of debtors) {
    const a = aging(d.aggregate, today, currency);
    for (const b of AGING_BUCKETS) total[b] += a[b];
  }
  const outstanding = AGING_BUCKETS.reduce((acc, b) => acc + total[b], 0);
  return {
    currency,
    outstanding,
    overdue: outstanding - total.not_due,
    aging: total,
    debtorCount: debtors.length,
    debtors,
  };
}
