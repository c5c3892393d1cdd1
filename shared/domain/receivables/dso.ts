/**
 * Days sales outstanding by the count-back method.
 *
 * Simple DSO (receivables ÷ sales × days) averages over a period and hides a recent surge of sales. Count-back
 * walks back from today instead: the receivables outstanding now are "explained" by the most recent sales
 * first. Take this month's sales to date; if the receivables exceed them, count all of this month's elapsed
 * days and subtract; go on with the previous full month, and so on. The month where the receivables run out
 * contributes the fraction of its days that its sales cover. The total is the DSO: "what we are owed equals
 * the last N days of invoicing".
 *
 * Example (today 15 March): receivables 25 000; March 1–15 invoiced 10 000; February 20 000 (28 days).
 * 15 days for March (25 000 − 10 000 = 15 000 left), then 15 000 / 20 000 × 28 = 21 days of February: DSO 36.
 */
import { addDays, daysBetween, type IsoDate } from '../calendar-date.ts';

export interface DsoResult {
  /** Days, rounded to one decimal; undefined when nothing is owed and nothing was invoiced. */
  days?: number;
  /** True when the receivables exceed every month of sales given: the DSO is at least `days`. */
  capped: boolean;
}

/** `YYYY-MM` of a date. */
export const monthOf = (date: IsoDate): string => date.slice(0, 7);

/** The months to walk back through, newest first, each with the days it counts: the current one up to today. */
export function countBackPeriods(today: IsoDate, months: number): { month: string; days: number }[] {
  const out: { month: string; days: number }[] = [{ month: monthOf(today), days: Number(today.slice(8, 10)) }];
  let cursor = addDays(`${monthOf(today)}-01`, -1);
  while (out.length < months) {
    const first = `${monthOf(cursor)}-01`;
    out.push({ month: monthOf(cursor), days: daysBetween(first, cursor) + 1 });
    cursor = addDays(first, -1);
  }
  return out;
}

/**
 * Count-back DSO. `outstanding` and `salesByMonth` (invoiced per `YYYY-MM`) in the same currency and unit;
 * months without sales count their full days (nothing of the receivables is explained by them).
 */
export function countBackDso(
  outstanding: number,
  salesByMonth: Readonly<Record<string, number>>,
  today: IsoDate,
  months = 12,
): DsoResult {
  const periods = countBackPeriods(today, months);
  if (outstanding <= 0) return { days: 0, capped: false };
  let remaining = outstanding;
  let days = 0;
  for (const p of periods) {
    const sales = salesByMonth[p.month] ?? 0;
    if (sales > 0 && remaining <= sales) {
      days += (p.days * remaining) / sales;
      return { days: Math.round(days * 10) / 10, capped: false };
    }
    remaining -= sales;
    days += p.days;
  }
  return { days: Math.round(days * 10) / 10, capped: true };
}
