/**
 * What the reminder plans will send in the coming days, estimated from the per-customer aggregates (the ladder of
 * open items) without reading one invoice: for each open item, the plan steps whose business day falls in the
 * window. Steps dated before today are taken as done (the dispatch runs every business day and records them).
 *
 * It is an estimate, by design: the ladder does not carry each invoice's side state (disputed, promised) or its
 * own pause, so those may be counted while the dispatch will skip them. The dispatch re-reads everything when it
 * fires; this view is for "what goes out today and this week" on the dashboard, on AWS and locally alike.
 */
import { addDays, compareDates, type IsoDate } from '../calendar-date.ts';
import type { Channel, DunningPlan } from '../dunning/plan.ts';
import { planSchedule, type ScheduledStep } from '../dunning/schedule.ts';

export interface UpcomingReminder {
  customerId: string;
  date: IsoDate;
  channel: Channel;
  /** The most advanced step among the customer's invoices that day (it sets the message's tone). */
  stepId: string;
  /** How many of the customer's invoices the message lists. */
  invoiceCount: number;
}

/** Open items by due date: one invoice each, or several sharing a due date (`count`, from a summary digest). */
export interface UpcomingItem {
  dueDate: IsoDate;
  count?: number;
}

export interface UpcomingInput {
  customerId: string;
  pausedUntil?: IsoDate | undefined;
  ladder: readonly UpcomingItem[];
  plan: DunningPlan;
}

/** Schedules per (plan, due date): thousands of invoices share a few hundred due dates. */
export type ScheduleCache = Map<string, ScheduledStep[]>;

export function upcomingReminders(
  customers: readonly UpcomingInput[],
  today: IsoDate,
  days: number,
  cache: ScheduleCache = new Map(),
): UpcomingReminder[] {
  const last = addDays(today, days - 1);
  const out = new Map<string, UpcomingReminder & { stepIndex: number }>();
  for (const c of customers) {
    for (const item of c.ladder) {
      const key = `${c.plan.id}|${item.dueDate}`;
      let schedule = cache.get(key);
      if (!schedule) {
        schedule = planSchedule(item.dueDate, c.plan);
        cache.set(key, schedule);
      }
      for (const s of schedule) {
        if (s.collapsed || compareDates(s.date, today) < 0 || compareDates(s.date, last) > 0) continue;
        if (c.pausedUntil && compareDates(s.date, c.pausedUntil) <= 0) continue;
        // A courtesy notice is never sent once the due date has passed (the planner's rule).
        if (s.step.offsetDays < 0 && compareDates(s.date, item.dueDate) > 0) continue;
        const k = `${c.customerId}|${s.date}|${s.step.channel}`;
        const found = out.get(k);
        const count = item.count ?? 1;
        if (found) {
          found.invoiceCount += count;
          if (s.index > found.stepIndex) Object.assign(found, { stepIndex: s.index, stepId: s.step.id });
        } else {
          out.set(k, {
            customerId: c.customerId,
            date: s.date,
            channel: s.step.channel,
            stepId: s.step.id,
            stepIndex: s.index,
            invoiceCount: count,
          });
        }
      }
    }
  }
  return [...out.values()]
    .map(({ stepIndex: _i, ...r }) => r)
    .sort((a, b) => a.date.localeCompare(b.date) || a.customerId.localeCompare(b.customerId));
}
