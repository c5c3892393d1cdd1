/**
 * What the dashboard home reads, and how each figure is served without a scan:
 * - encours, overdue, aging, top debtors: the sparse DEBTORS index (customers that owe money, largest first);
 *   each item carries its aggregate (ladder of open items), so overdue and aging are derived for today.
 * - DSO (count-back): the per-customer aggregates also keep what was invoiced per issue month; the sums over the
 *   debtors give the sales to walk back through. Customers owing nothing are not in that index; their sales
 *   would only shorten the DSO, so it is a (slightly pessimistic) figure for the debtor book — said on the page.
 * - what goes out today and this week: estimated from the same ladders with the planner's schedule
 *   (upcoming-reminders.ts) — the same on AWS (no listing of EventBridge schedules) and locally.
 * - open tasks, documents in review, bank lines in review: one index query each (by state), counted up to a cap.
 * - broken connections: the few connection items.
 */
import { addDays, type IsoDate } from '#shared/domain/calendar-date.ts';
import { AGING_BUCKETS, type AgingBucket, aging } from '#shared/domain/customer-aggregate.ts';
import { DEFAULT_PLAN, type DunningPlan, resolvePlan } from '#shared/domain/dunning/plan.ts';
import { countBackDso, type DsoResult } from '#shared/domain/receivables/dso.ts';
import { type UpcomingReminder, upcomingReminders } from '#shared/domain/receivables/upcoming-reminders.ts';
import type { ConnectionState } from '#shared/ports/connections.ts';
import { type CustomerView, customerView } from '#shared/use-cases/read-models.ts';
import type { WebDeps } from '../web-deps.ts';

/** Queues are counted up to this; beyond it the page says "100+". */
export const QUEUE_CAP = 100;

export interface HomeData {
  today: IsoDate;
  currency: string;
  outstanding: number;
  overdue: number;
  aging: Record<AgingBucket, number>;
  debtorCount: number;
  topDebtors: CustomerView[];
  dso: DsoResult;
  upcoming: { today: UpcomingReminder[]; week: UpcomingReminder[] };
  names: Record<string, string>;
  openTasks?: number;
  documentsInReview?: number;
  bankInReview?: number;
  brokenConnections: ConnectionState[];
}

export async function homeData(deps: WebDeps, today: IsoDate, currency = 'EUR'): Promise<HomeData> {
  const debtorsP = (async () => {
    const out: CustomerView[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.customers.listWithBalance({ limit: 1000, cursor });
      for (const s of page.items) out.push(customerView(s, today));
      cursor = page.cursor;
    } while (cursor);
    return out;
  })();
  const [debtors, plans, tasks, documents, bank, connections] = await Promise.all([
    debtorsP,
    deps.dunning ? deps.dunning.plans.list() : Promise.resolve<DunningPlan[]>([DEFAULT_PLAN]),
    deps.messages?.tasks.listOpen({ limit: QUEUE_CAP }),
    deps.documentIntake?.documents.listByState('review', { limit: QUEUE_CAP }),
    deps.bank?.transactions.listByState('review', { limit: QUEUE_CAP }),
    deps.connections?.list() ?? Promise.resolve([]),
  ]);

  const total = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;
  const sales: Record<string, number> = {};
  for (const d of debtors) {
    const a = aging(d.aggregate, today, currency);
    for (const b of AGING_BUCKETS) total[b] += a[b];
    for (const s of d.aggregate.sales ?? []) {
      if (s.currency === currency) sales[s.month] = (sales[s.month] ?? 0) + s.amount;
    }
  }
  const outstanding = AGING_BUCKETS.reduce((acc, b) => acc + total[b], 0);

  const upcoming = upcomingReminders(
    debtors.map((d) => ({
      customerId: d.customer.id,
      pausedUntil: d.customer.pausedUntil,
      ladder: d.aggregate.ladder,
      plan: resolvePlan({ plans, segment: d.customer.segment, customerOverridePlanId: d.customer.planId }),
    })),
    today,
    7,
  );
  const names: Record<string, string> = {};
  for (const d of debtors) names[d.customer.id] = d.customer.legalName;

  return {
    today,
    currency,
    outstanding,
    overdue: outstanding - total.not_due,
    aging: total,
    debtorCount: debtors.length,
    topDebtors: debtors.slice(0, 10),
    dso: countBackDso(outstanding, sales, today),
    upcoming: { today: upcoming.filter((u) => u.date === today), week: upcoming },
    names,
    openTasks: tasks?.length,
    documentsInReview: documents?.items.length,
    bankInReview: bank?.items.length,
    brokenConnections: connections.filter((c) => c.status === 'broken'),
  };
}

/** The last day of the "this week" window (7 days from today). */
export const weekEnd = (today: IsoDate) => addDays(today, 6);
