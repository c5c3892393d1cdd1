/**
 * The reminder dispatch: what the customer's schedule fires, and what runs when anything changes the picture
 * (a new invoice, a payment, a dispute, a promise, a pause, a plan edit).
 *
 * Input: a customer id. Output: what went out.
 * Steps:
 *  1. re-read everything (customer, plan, settings, every collectible invoice, strongly consistent): whatever
 *     was paid, disputed, promised or paused since the schedule was made is simply not due any more;
 *  2. ask the planner which step each invoice has reached today (catch-up sends only the latest);
 *  3. per channel, claim the dispatch key `${customer}:${channel}:${day}` before sending — a duplicate,
 *     concurrent or late firing finds it taken and sends nothing — then deliver one message listing all the
 *     customer's open invoices, and record each invoice's step as done;
 *  4. schedule the next dispatch (a deterministic name, so asking twice is harmless).
 */
import { dateInZone, daysBetween, type IsoDate } from '#shared/domain/calendar-date.ts';
import type { Customer } from '#shared/domain/customer.ts';
import { dunningView } from '#shared/domain/dunning/dunning-view.ts';
import { computePenalties, DEFAULT_RATE_TABLE, type RateTable } from '#shared/domain/dunning/penalties.ts';
import { type Channel, effectivePenalties, type PlanStep, resolvePlan } from '#shared/domain/dunning/plan.ts';
import { type DueStep, dueSteps, nextDispatch } from '#shared/domain/dunning/schedule.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { balanceOf, type Invoice, recordSteps } from '#shared/domain/invoice.ts';
import { isCollectible } from '#shared/domain/invoice-lifecycle.ts';
import { pickRecipients } from '#shared/domain/messages/recipients.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type {
  PlanRepository,
  ReminderChannels,
  ReminderLine,
  ReminderMessage,
  ReminderRepository,
  SettingsRepository,
} from '#shared/ports/reminders.ts';
import type { Scheduler } from '#shared/ports/scheduler.ts';
import type { UseCaseDeps } from './stores.ts';
import { updateInvoice } from './update-invoice.ts';

export const DISPATCH_TARGET = 'dunning-dispatch';
/** A claim older than this belongs to an attempt that died; another may take over. */
const STALE_CLAIM_MS = 15 * 60_000;
const ACTOR: Actor = { kind: 'system', id: 'dunning' };

export interface DunningDeps extends UseCaseDeps {
  reminders: ReminderRepository;
  settings: SettingsRepository;
  plans: PlanRepository;
  channels: ReminderChannels;
  scheduler: Scheduler;
  /** A signed, expiring portal link for one customer. */
  portalUrl: (customerId: string) => string;
  rates?: RateTable;
}

export interface DispatchResult {
  sent: { reminderId: string; channel: Channel; stepId: string; invoiceIds: string[] }[];
  /** Channels whose key was already taken today (sent before, or another attempt is sending). */
  alreadyHandled: { reminderId: string; outcome: 'done' | 'busy' }[];
  next?: { at: string; timeZone: string; name: string };
}

export const scheduleName = (customerId: string, date: IsoDate): string => `dun-${customerId}-${date}`;

export const makeDispatchReminders =
  (deps: DunningDeps) =>
  async (customerId: string): Promise<DispatchResult> => {
    const result: DispatchResult = { sent: [], alreadyHandled: [] };
    const found = await deps.customers.get(customerId);
    if (!found) return result;
    const customer = found.value;
    const [settings, plans] = await Promise.all([deps.settings.get(), deps.plans.list()]);
    const plan = resolvePlan({ plans, segment: customer.segment, customerOverridePlanId: customer.planId });
    const invoices = await collectibleInvoices(deps, customerId);
    const now = deps.clock.now();
    const today = dateInZone(now, customer.timeZone);
    const views = invoices.map((i) => dunningView(i, customer.pausedUntil));
    const input = { today, now, timeZone: customer.timeZone, sendHour: settings.sendHour, invoices: views, plan };

    const byChannel = new Map<Channel, DueStep[]>();
    for (const due of dueSteps(input))
      byChannel.set(due.step.channel, [...(byChannel.get(due.step.channel) ?? []), due]);

    // Nobody left to e-mail (hard bounces, complaints): the e-mail step goes out as a letter instead.
    const emailDue = byChannel.get('email');
    if (emailDue && !pickRecipients(customer, { forEmail: true }).to) {
      byChannel.delete('email');
      byChannel.set('letter', [...(byChannel.get('letter') ?? []), ...emailDue]);
    }

    for (const [channel, due] of byChannel) {
      const leading = mostAdvanced(due, plan.steps);
      const reminderId = `${customerId}:${channel}:${today}`;
      const invoiceIds = [...new Set(due.map((d) => d.invoiceId))];
      const claim = await deps.reminders.claim(
        {
          id: reminderId,
          customerId,
          channel,
          date: today,
          stepId: leading.id,
          invoiceIds,
          claimedAt: now.toISOString(),
        },
        STALE_CLAIM_MS,
      );
      if (claim !== 'claimed') {
        result.alreadyHandled.push({ reminderId, outcome: claim });
        // Sent by an earlier attempt that may have died before recording the steps: recording is idempotent.
        if (claim === 'done') await recordDue(deps, due, reminderId, channel);
        continue;
      }
      const message = buildMessage({ deps, customer, invoices, due, leading, channel, today, reminderId, settings });
      const deliver = deps.channels[channel];
      if (!deliver) {
        // A configuration gap, not a transient failure: recorded on the reminder (shown on the dashboard), and
        // the steps stay not-done so the next dispatch tries again once the channel exists.
        await deps.reminders.markFailed(reminderId, `no ${channel} channel is configured`);
        continue;
      }
      try {
        const receipt = await deliver.deliver(message);
        await deps.reminders.markSent(reminderId, receipt.reference, deps.clock.now().toISOString());
      } catch (error) {
        await deps.reminders.markFailed(reminderId, error instanceof Error ? error.message : String(error));
        throw error;
      }
      await recordDue(deps, due, reminderId, channel);
      result.sent.push({ reminderId, channel, stepId: leading.id, invoiceIds });
    }

    const next = nextDispatch(input);
    if (next) {
      const name = scheduleName(customerId, next.date);
      await deps.scheduler.schedule({
        name,
        at: next.local,
        timeZone: customer.timeZone,
        target: DISPATCH_TARGET,
        payload: { customerId },
      });
      result.next = { at: next.local, timeZone: customer.timeZone, name };
    }
    return result;
  };

/** Every collectible invoice of the customer, read by key (strongly consistent) from the ledger's ids. */
async function collectibleInvoices(deps: UseCaseDeps, customerId: string): Promise<Invoice[]> {
  const entries = (await deps.customers.ledger(customerId)).filter((e) => isCollectible(e.state));
  const invoices = await Promise.all(entries.map((e) => deps.invoices.get(e.invoiceId)));
  return invoices
    .map((i) => i?.value)
    .filter((i): i is Invoice => i !== undefined && i.customerId === customerId && isCollectible(i.state))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number));
}

function mostAdvanced(due: readonly DueStep[], steps: readonly PlanStep[]): PlanStep {
  const index = (s: PlanStep) => steps.findIndex((p) => p.id === s.id);
  return due.map((d) => d.step).reduce((best, s) => (index(s) > index(best) ? s : best));
}

function buildMessage(args: {
  deps: DunningDeps;
  customer: Customer;
  invoices: Invoice[];
  due: DueStep[];
  leading: PlanStep;
  channel: Channel;
  today: IsoDate;
  reminderId: string;
  settings: Awaited<ReturnType<SettingsRepository['get']>>;
}): ReminderMessage {
  const { deps, customer, invoices, due, leading, channel, today, reminderId, settings } = args;
  const penalties = effectivePenalties(leading.penalties, settings.penaltyPolicy);
  const stepOf = new Map(due.map((d) => [d.invoiceId, d.step.id]));
  const lines: ReminderLine[] = invoices
    .filter((i) => balanceOf(i).amount > 0)
    .map((invoice) => {
      const daysLate = Math.max(0, daysBetween(invoice.dueDate, today));
      const line: ReminderLine = {
        invoice,
        balance: balanceOf(invoice).amount,
        daysLate,
        stepId: stepOf.get(invoice.id),
      };
      if (penalties !== 'none' && daysLate > 0) {
        const p = computePenalties({
          invoiceBalance: balanceOf(invoice),
          dueDate: invoice.dueDate,
          asOf: today,
          policy: settings.penaltyPolicy,
          contractualRateBp: settings.contractualRateBp,
          rates: deps.rates ?? DEFAULT_RATE_TABLE,
        });
        line.penalties = { flatIndemnity: p.flatIndemnity, interest: p.interest, days: p.days };
      }
      return line;
    });
  const { to, cc } = pickRecipients(customer, { forEmail: channel === 'email' });
  return {
    id: reminderId,
    channel,
    date: today,
    customer,
    to,
    cc,
    step: leading,
    penalties,
    lines,
    portalUrl: deps.portalUrl(customer.id),
    settings,
  };
}

/** Records the sent step (and the skipped earlier ones) on each invoice, with a timeline entry each. */
async function recordDue(
  deps: UseCaseDeps,
  due: readonly DueStep[],
  reminderId: string,
  channel: Channel,
): Promise<void> {
  for (const item of due) {
    const sent = {
      stepId: item.step.id,
      skipped: item.skippedStepIds,
      reminderId,
      channel,
      instalmentId: item.instalmentId,
    };
    try {
      // 'none': the dispatch re-plans by itself; re-planning on its own writes would loop.
      await updateInvoice(
        deps,
        item.invoiceId,
        (invoice) => recordSteps(invoice, sent, { now: deps.clock.now().toISOString(), actor: ACTOR }),
        'none',
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
}
