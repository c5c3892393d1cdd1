/**
 * How a customer pays: from its paid invoices, the average days late (paid date − due date, early counts as 0),
 * the share paid on time, and the trend (the last 90 days against the 275 before them).
 *
 * The paid date is `paidAt` (when Relance saw the balance reach zero); invoices paid before it was kept fall back
 * to their last update, which is when the payment was recorded in nearly every case.
 */
import { addDays, compareDates, daysBetween, type IsoDate } from '../calendar-date.ts';

export interface PaidInvoiceFacts {
  state: string;
  dueDate: IsoDate;
  paidAt?: string;
  updatedAt: string;
}

export type PaymentTrend = 'improving' | 'worsening' | 'stable';

export interface PaymentBehaviour {
  /** Paid invoices looked at. */
  count: number;
  averageDaysLate?: number;
  /** 0..1, share paid on or before the due date. */
  onTimeRate?: number;
  /** Undefined when either window has fewer than 2 paid invoices. */
  trend?: PaymentTrend;
  recentAverageDaysLate?: number;
}

/** A change of at least this many days in the average is a trend; less is noise. */
const TREND_THRESHOLD_DAYS = 3;

export function paidDateOf(invoice: PaidInvoiceFacts): IsoDate {
  return (invoice.paidAt ?? invoice.updatedAt).slice(0, 10);
}

const average = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function paymentBehaviour(invoices: readonly PaidInvoiceFacts[], today: IsoDate): PaymentBehaviour {
  const paid = invoices
    .filter((i) => i.state === 'paid')
    .map((i) => {
      const paidOn = paidDateOf(i);
      return { paidOn, late: Math.max(0, daysBetween(i.dueDate, paidOn)) };
    });
  if (paid.length === 0) return { count: 0 };
  const lates = paid.map((p) => p.late);
  const recentFrom = addDays(today, -90);
  const earlierFrom = addDays(today, -365);
  const recent = paid.filter((p) => compareDates(p.paidOn, recentFrom) > 0).map((p) => p.late);
  const earlier = paid
    .filter((p) => compareDates(p.paidOn, recentFrom) <= 0 && compareDates(p.paidOn, earlierFrom) > 0)
    .map((p) => p.late);
  const result: PaymentBehaviour = {
    count: paid.length,
    averageDaysLate: oneDecimal(average(lates)),
    onTimeRate: lates.filter((l) => l === 0).length / lates.length,
  };
  if (recent.length) result.recentAverageDaysLate = oneDecimal(average(recent));
  if (recent.length >= 2 && earlier.length >= 2) {
    const delta = average(recent) - average(earlier);
    result.trend =
      delta >= TREND_THRESHOLD_DAYS ? 'worsening' : delta <= -TREND_THRESHOLD_DAYS ? 'improving' : 'stable';
  }
  return result;
}
