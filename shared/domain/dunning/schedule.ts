/**
 * The dunning planner: which steps go out now (`dueSteps`), and when the customer's next dispatch is
 * (`nextDispatch`). Pure: "today" and "now" come in, nothing is read from a clock.
 *
 * Rules, in one place:
 * - A step's date is `nextBusinessDayOnOrAfter(dueDate + offsetDays)`, never before the previous step's date.
 *   When two steps land on the same business day, only the later one goes out (the earlier is skipped).
 * - A dispatch happens only on a business day, at the send hour in the customer's zone. With `now` given, a
 *   sweep before today's send time sends nothing yet; without `now` the whole of `today` counts as open.
 * - Catch-up without burst: whatever is due and not yet sent, only the latest due step goes out; the earlier
 *   ones are reported in `skippedStepIds` so the caller can record them as skipped, not sent.
 * - A pre-due step (negative offset, the courtesy notice) is never sent once the due date has passed: it
 *   would announce as "coming due" an invoice that is already late. It is skipped with the next step.
 * - Eligible: open or partially paid with a positive balance; promised once the promised date has passed
 *   (a broken promise resumes the plan, with the catch-up rule); never paid, disputed, in collection,
 *   written off or void; not while paused (`pausedUntil >= day`).
 * - Payment plans: an invoice in a payment plan is no longer chased on its own due date. Each unpaid
 *   instalment becomes a dunning item of its own, running the same plan from the instalment's due date
 *   (courtesy a few days before, friendly right after, and so on). Each instalment keeps its own
 *   `stepsDone`, so a late instalment escalates on its own clock while the next one still gets its courtesy
 *   notice. Deciding that a missed instalment voids the whole plan is left to a person (the plan's
 *   decision task), not automated here.
 */
import { addDays, assertIsoDate, compareDates, type IsoDate } from '../calendar-date.ts';
import { InvalidValueError } from '../errors.ts';
import type { Money } from '../money.ts';
import {
  type CountryCode,
  isBusinessDay,
  nextBusinessDayAfter,
  nextBusinessDayOnOrAfter,
} from './business-calendar.ts';
import { type DunningPlan, type PlanStep, validatePlan } from './plan.ts';
import { type SendHour, type SendInstant, sendInstant } from './send-time.ts';

export type DunningState =
  | 'open'
  | 'partially_paid'
  | 'paid'
  | 'disputed'
  | 'promised'
  | 'in_payment_plan'
  | 'in_collection'
  | 'written_off'
  | 'void';

export interface DunningInstalment {
  readonly id: string;
  readonly dueDate: IsoDate;
  readonly amount: Money;
  readonly paid: boolean;
  /** Step ids already sent for this instalment (each instalment runs the plan on its own). */
  readonly stepsDone?: readonly string[];
}

export interface DunningInvoiceView {
  readonly id: string;
  readonly dueDate: IsoDate;
  readonly balance: Money;
  readonly state: DunningState;
  /** Step ids already sent (or recorded as skipped) for this invoice. */
  readonly stepsDone: readonly string[];
  /** Paused through this date, inclusive. */
  readonly pausedUntil?: IsoDate | undefined;
  /** For `promised`: the customer promised to pay by this date; reminders resume the day after. */
  readonly promisedUntil?: IsoDate | undefined;
  readonly instalments?: readonly DunningInstalment[] | undefined;
}

export interface ScheduleInput {
  /** The calendar date in the customer's time zone. */
  readonly today: IsoDate;
  /** The current instant; when given, today's steps wait for today's send time. */
  readonly now?: string | Date | undefined;
  readonly timeZone: string;
  readonly sendHour: SendHour;
  readonly invoices: readonly DunningInvoiceView[];
  readonly plan: DunningPlan;
  /** Business calendar; France by default. */
  readonly country?: CountryCode | undefined;
}

export interface ScheduledStep {
  readonly step: PlanStep;
  readonly index: number;
  /** The business day the step is due. */
  readonly date: IsoDate;
  /** True when the next step falls on the same day: then only that later step goes out. */
  readonly collapsed: boolean;
}

/** One thing to send now. */
export interface DueStep {
  readonly invoiceId: string;
  /** Set when the item is a payment-plan instalment of the invoice. */
  readonly instalmentId?: string;
  /** `invoiceId` or `invoiceId#instalmentId`: a stable key for idempotency and schedule names. */
  readonly itemKey: string;
  readonly step: PlanStep;
  /** The step's own business-day date (earlier than today when caught up). */
  readonly scheduledOn: IsoDate;
  /** Earlier steps that were due and not sent: record them as skipped, never send them. */
  readonly skippedStepIds: readonly string[];
  /** What the item is about: the invoice balance, or the instalment amount. */
  readonly amount: Money;
}

export interface NextDispatch extends SendInstant {
  /** The business day of the dispatch in the customer's zone. */
  readonly date: IsoDate;
  /** What is expected to go out then (the dispatch re-reads state when it fires). */
  readonly items: readonly { invoiceId: string; instalmentId?: string; itemKey: string; stepId: string }[];
}

/** The dates of a plan's steps for one due date. */
export function planSchedule(dueDate: IsoDate, plan: DunningPlan, country: CountryCode = 'FR'): ScheduledStep[] {
  assertIsoDate(dueDate, 'dueDate');
  const dates: IsoDate[] = [];
  plan.steps.forEach((step, i) => {
    const own = nextBusinessDayOnOrAfter(addDays(dueDate, step.offsetDays), country);
    const previous = dates[i - 1];
    dates.push(previous !== undefined && compareDates(own, previous) < 0 ? previous : own);
  });
  return plan.steps.map((step, index) => ({
    step,
    index,
    date: dates[index] as IsoDate,
    collapsed: dates[index + 1] === dates[index],
  }));
}

interface Item {
  readonly invoiceId: string;
  readonly instalmentId?: string;
  readonly itemKey: string;
  readonly dueDate: IsoDate;
  readonly amount: Money;
  readonly stepsDone: readonly string[];
  /** Nothing goes out on or before this date (pause, or promise not yet broken). */
  readonly blockedThrough?: IsoDate;
}

function laterOf(a: IsoDate | undefined, b: IsoDate | undefined): IsoDate | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareDates(a, b) >= 0 ? a : b;
}

/** The dunning items of an invoice: itself, its unpaid instalments, or nothing. */
function itemsOf(invoice: DunningInvoiceView): Item[] {
  if (invoice.balance.amount <= 0) return [];
  const base = { invoiceId: invoice.id, itemKey: invoice.id, dueDate: invoice.dueDate, amount: invoice.balance };
  switch (invoice.state) {
    case 'open':
    case 'partially_paid':
      return [{ ...base, stepsDone: invoice.stepsDone, ...blocked(invoice.pausedUntil) }];
    case 'promised':
      // A promise without a date cannot be broken: it waits for a person (or a state change).
      if (invoice.promisedUntil === undefined) return [];
      return [
        { ...base, stepsDone: invoice.stepsDone, ...blocked(laterOf(invoice.pausedUntil, invoice.promisedUntil)) },
      ];
    case 'in_payment_plan':
      return (invoice.instalments ?? [])
        .filter((instalment) => !instalment.paid && instalment.amount.amount > 0)
        .map((instalment) => ({
          invoiceId: invoice.id,
          instalmentId: instalment.id,
          itemKey: `${invoice.id}#${instalment.id}`,
          dueDate: instalment.dueDate,
          amount: instalment.amount,
          stepsDone: instalment.stepsDone ?? [],
          ...blocked(invoice.pausedUntil),
        }));
    default:
      return [];
  }
}

function blocked(through: IsoDate | undefined): { blockedThrough?: IsoDate } {
  return through === undefined ? {} : { blockedThrough: through };
}

interface Selection {
  readonly scheduled: ScheduledStep;
  readonly skipped: readonly string[];
}

/** Index of the last step already done; steps before it are over, sent or skipped. */
function lastDoneIndex(schedule: readonly ScheduledStep[], stepsDone: readonly string[]): number {
  let last = -1;
  for (const s of schedule) if (stepsDone.includes(s.step.id)) last = s.index;
  return last;
}

/** What would go out for the item on `day` (a business day at send time), if anything. */
function selectOn(
  item: Item,
  schedule: readonly ScheduledStep[],
  doneUpTo: number,
  day: IsoDate,
): Selection | undefined {
  if (item.blockedThrough !== undefined && compareDates(day, item.blockedThrough) <= 0) return undefined;
  const due = schedule.filter((s) => s.index > doneUpTo && compareDates(s.date, day) <= 0);
  const pastDue = compareDates(day, item.dueDate) > 0;
  const sendable = due.filter((s) => !(pastDue && s.step.offsetDays < 0));
  const chosen = sendable.at(-1);
  if (!chosen) return undefined;
  return { scheduled: chosen, skipped: due.filter((s) => s.index < chosen.index).map((s) => s.step.id) };
}

function instantMs(now: string | Date): number {
  const ms = typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (Number.isNaN(ms)) throw new InvalidValueError('now', `"${String(now)}" is not an ISO instant`);
  return ms;
}

/** Is today's dispatch window open: a business day, and (with `now`) its send time reached? */
function windowOpen(input: ScheduleInput, country: CountryCode): boolean {
  if (!isBusinessDay(input.today, country)) return false;
  if (input.now === undefined) return true;
  return instantMs(input.now) >= Date.parse(sendInstant(input.today, input.sendHour, input.timeZone).utc);
}

function checked(input: ScheduleInput): CountryCode {
  assertIsoDate(input.today, 'today');
  validatePlan(input.plan);
  input.invoices.forEach((invoice, i) => {
    assertIsoDate(invoice.dueDate, `invoices[${i}].dueDate`);
    if (invoice.pausedUntil !== undefined) assertIsoDate(invoice.pausedUntil, `invoices[${i}].pausedUntil`);
    if (invoice.promisedUntil !== undefined) assertIsoDate(invoice.promisedUntil, `invoices[${i}].promisedUntil`);
    invoice.instalments?.forEach((instalment, j) => {
      assertIsoDate(instalment.dueDate, `invoices[${i}].instalments[${j}].dueDate`);
    });
  });
  // Fail on a bad zone or hour now rather than on the first business day.
  sendInstant(input.today, input.sendHour, input.timeZone);
  return input.country ?? 'FR';
}

function dueNow(
  input: ScheduleInput,
  country: CountryCode,
): { item: Item; schedule: ScheduledStep[]; doneUpTo: number; now?: Selection }[] {
  const open = windowOpen(input, country);
  return input.invoices.flatMap(itemsOf).map((item) => {
    const schedule = planSchedule(item.dueDate, input.plan, country);
    const doneUpTo = lastDoneIndex(schedule, item.stepsDone);
    const now = open ? selectOn(item, schedule, doneUpTo, input.today) : undefined;
    return now ? { item, schedule, doneUpTo, now } : { item, schedule, doneUpTo };
  });
}

function describe(item: Item): { invoiceId: string; instalmentId?: string; itemKey: string } {
  return item.instalmentId === undefined
    ? { invoiceId: item.invoiceId, itemKey: item.itemKey }
    : { invoiceId: item.invoiceId, instalmentId: item.instalmentId, itemKey: item.itemKey };
}

/**
 * What to send now: for each eligible item, the single latest step that is due and not done.
 * Empty on a non-business day and, when `now` is given, before today's send time.
 */
export function dueSteps(input: ScheduleInput): DueStep[] {
  const country = checked(input);
  return dueNow(input, country).flatMap(({ item, now }) =>
    now
      ? [
          {
            ...describe(item),
            step: now.scheduled.step,
            scheduledOn: now.scheduled.date,
            skippedStepIds: now.skipped,
            amount: item.amount,
          },
        ]
      : [],
  );
}

/**
 * When the customer's next dispatch is, after whatever `dueSteps` returns for the same input has gone out:
 * the earliest business day, at the send hour in their zone, at which some item reaches a step.
 * Today counts only while today's send time is still ahead (`now` given and before it). Undefined when
 * nothing remains: every item paid, finished, or stopped (disputed, in collection, ...).
 */
export function nextDispatch(input: ScheduleInput): NextDispatch | undefined {
  const country = checked(input);
  const open = windowOpen(input, country);
  const firstDay = open ? nextBusinessDayAfter(input.today, country) : nextBusinessDayOnOrAfter(input.today, country);

  let best: IsoDate | undefined;
  let items: NextDispatch['items'][number][] = [];
  for (const { item, schedule, doneUpTo, now } of dueNow(input, country)) {
    // Assume today's dispatch went out: its step and those it skipped are done.
    const done = now ? now.scheduled.index : doneUpTo;
    let lowest = firstDay;
    if (item.blockedThrough !== undefined && compareDates(item.blockedThrough, lowest) >= 0) {
      lowest = addDays(item.blockedThrough, 1);
    }
    // The answer can only change on a step's date or on `lowest`, so those are the only days to try.
    const candidates = [
      ...new Set(
        schedule
          .filter((s) => s.index > done)
          .map((s) => nextBusinessDayOnOrAfter(compareDates(s.date, lowest) > 0 ? s.date : lowest, country)),
      ),
    ].sort(compareDates);
    for (const day of candidates) {
      const selection = selectOn(item, schedule, done, day);
      if (!selection) continue;
      const entry = { ...describe(item), stepId: selection.scheduled.step.id };
      if (best === undefined || compareDates(day, best) < 0) {
        best = day;
        items = [entry];
      } else if (day === best) {
        items.push(entry);
      }
      break;
    }
  }
  if (best === undefined) return undefined;
  return { date: best, ...sendInstant(best, input.sendHour, input.timeZone), items };
}
