/**
 * Payments and their allocations to invoices. A payment (a bank credit, a provider's payment record) is split
 * into allocations, one per invoice it settles; what is left is a customer credit. An invoice's `allocated`
 * amount is always the sum of its active allocations, recomputed rather than incremented, so applying the same
 * allocation twice (a redelivered message) cannot count it twice, and any allocation can be undone.
 */
import type { IsoDate } from './calendar-date.ts';
import { InvalidValueError } from './errors.ts';
import { digest } from './ids.ts';
import { type Invoice, type InvoiceChange, settledState } from './invoice.ts';
import { assertTransition } from './invoice-lifecycle.ts';
import type { Money } from './money.ts';
import { type Actor, timelineEvent } from './timeline.ts';

export type PaymentMethod = 'transfer' | 'card' | 'direct_debit' | 'check' | 'cash' | 'other';

export interface Payment {
  id: string;
  source: string;
  externalId: string;
  customerId: string;
  date: IsoDate;
  amount: Money;
  method: PaymentMethod;
  /** The bank transaction it came from, when Relance matched it. */
  bankTransactionId?: string;
}

export interface Allocation {
  id: string;
  paymentId: string;
  invoiceId: string;
  /** Minor units of the invoice currency. */
  amount: number;
  appliedAt: string;
  revertedAt?: string;
}

export const allocationId = (paymentId: string, invoiceId: string): string => `alc_${digest([paymentId, invoiceId])}`;

export function activeAllocationTotal(allocations: readonly Allocation[], invoiceId: string): number {
  return allocations.filter((a) => a.invoiceId === invoiceId && !a.revertedAt).reduce((acc, a) => acc + a.amount, 0);
}

/**
 * Recomputes an invoice from the full list of its allocations and explains the difference on the timeline.
 */
export function withAllocations(
  invoice: Invoice,
  allocations: readonly Allocation[],
  ctx: { now: string; actor: Actor; reason?: string; causeKey: string },
): InvoiceChange {
  for (const a of allocations) {
    if (!Number.isSafeInteger(a.amount) || a.amount <= 0) {
      throw new InvalidValueError('allocation.amount', 'must be a positive integer in minor units');
    }
  }
  const allocated = activeAllocationTotal(allocations, invoice.id);
  if (allocated === invoice.allocated) return { invoice, events: [], changed: false, created: false };
  const next: Invoice = { ...invoice, allocated, updatedAt: ctx.now };
  next.state = settledState(next);
  if (next.state !== invoice.state) assertTransition(invoice.state, next.state);
  if (next.state === 'paid' && invoice.state !== 'paid') next.paidAt = ctx.now;
  else if (next.state !== 'paid') delete next.paidAt;
  const applied = allocated > invoice.allocated;
  const common = {
    customerId: invoice.customerId,
    invoiceId: invoice.id,
    at: ctx.now,
    actor: ctx.actor,
    reason: ctx.reason,
  };
  const events = [
    timelineEvent({
      ...common,
      type: applied ? 'payment.applied' : 'payment.reverted',
      causeKey: ctx.causeKey,
      summary: `${applied ? 'Payment applied to' : 'Payment removed from'} invoice ${invoice.number}`,
      data: { allocatedBefore: invoice.allocated, allocatedAfter: allocated, currency: invoice.currency },
    }),
  ];
  if (next.state !== invoice.state) {
    events.push(
      timelineEvent({
        ...common,
        type: 'invoice.state_changed',
        causeKey: `${ctx.causeKey}:${invoice.state}>${next.state}`,
        summary: `Invoice ${invoice.number}: ${invoice.state} → ${next.state}`,
        data: { from: invoice.state, to: next.state },
      }),
    );
  }
  return { invoice: next, events, changed: true, created: false };
}
