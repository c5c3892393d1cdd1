/**
 * What the dashboard home reads, and how each figure is served without a scan:
 * - encours, overdue, aging, DSO, debtor count: the company-wide receivables summary (a few items holding one
 *   digest per customer: its open items' due dates and balances, its sales per month), summed for today —
 *   overdue and aging depend on the day, so they are derived at read time, never stored.
 * - top debtors: the first page of the sparse DEBTORS index (largest balance first).
 * - what goes out today and this week: estimated from the same digests with the planner's schedule
 *   (upcoming-reminders.ts) — the same on AWS (no listing of EventBridge schedules) and locally.
 * - open tasks, documents in review, bank lines in review: one index query each (by state), counted up to a cap.
 * - broken connections: the few connection items.
 * DSO walks back through the sales of every customer with recent sales, paid up or not.
 */
import { addDays, type IsoDate } from '#shared/domain/calendar-date.ts';
import { AGING_BUCKETS, type AgingBucket, aging } from '#shared/domain/customer-aggregate.ts';
import { DEFAULT_PLAN, type DunningPlan, resolvePlan } from '#shared/domain/dunning/plan.ts';
import { digestAggregate } from '#shared/domain/receivables/customer-digest.ts';
import { countBackDso, type DsoResult } from '#shared/domain/receivables/dso.ts';
import { type UpcomingReminder, upcomingReminders } from '#shared/domain/receivables/upcoming-reminders.ts';
import type { ConnectionState } from '#shared/ports/connections.ts';
import { type CustomerView, customerView } from '#shared/use-cases/read-models.ts';
import type { WebDeps } from '../web-deps.ts';

/** Queues are counted up to this; beyond it the page says "100+". */
export const QUEUE_CAP = 100;
const TOP_DEBTORS = 10;

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
  const [digests, top, plans, tasks, documents, bank, connections] = await Promise.all([
    deps.customers.readSummary(),
    deps.customers.listWithBalance({ limit: TOP_DEBTORS }),
    deps.dunning ? deps.dunning.plans.list() : Promise.resolve<DunningPlan[]>([DEFAULT_PLAN]),
    deps.messages?.tasks.listOpen({ limit: QUEUE_CAP }),
    (deps.documentRecords ?? deps.documentIntake)?.documents.listByState('review', { limit: QUEUE_CAP }),
    (deps.bankRecords ?? deps.bank)?.transactions.listByState('review', { limit: QUEUE_CAP }),
    deps.connections?.list() ?? Promise.resolve([]),
  ]);

  const total = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;
  const sales: Record<string, number> = {};
  let debtorCount = 0;
  for (const d of digests) {
    if ((d.balances[0]?.amount ?? 0) > 0) debtorCount++;
    const a = aging(digestAggregate(d), today, currency);
    for (const b of AGING_BUCKETS) total[b] += a[b];
    for (const s of d.sales) {
      if (s.currency === currency) sales[s.month] = (sales[s.month] ?? 0) + s.amount;
    }
  }
  const outstanding = AGING_BUCKETS.reduce((acc, b) => acc + total[b], 0);

  const upcoming = upcomingReminders(
    digests
      .filter((d) => d.dues.length)
      .map((d) => ({
        customerId: d.customerId,
        pausedUntil: d.pausedUntil,
        ladder: d.dues,
        plan: resolvePlan({ plans, segment: d.segment, customerOverridePlanId: d.planId }),
      })),
    today,
    7,
  );
  const legalNames = new Map(digests.map((d) => [d.customerId, d.legalName]));
  const names: Record<string, string> = {};
  for (const u of upcoming) names[u.customerId] = legalNames.get(u.customerId) ?? u.customerId;

  return {
    today,
    currency,
    outstanding,
    overdue: outstanding - total.not_due,
    aging: total,
    debtorCount,
    topDebtors: top.items.map((s) => customerView(s, today)),
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
