/**
 * Records an e-mail tracking event (SES event publishing: sent, delivered, opened, clicked, bounced, complained …)
 * on the reminder it belongs to and on the timeline of each of its invoices; a hard bounce or a complaint flags
 * the contacts at those addresses, so the next step goes to another contact or channel and a complained address
 * is never e-mailed again.
 *
 * Input: the event (parsed by the handler). Output: what was done.
 * Steps:
 *  1. find the reminder by the provider's message id (its reference); unknown → nothing to do;
 *  2. add the event to the reminder (idempotent on type + instant) with the status it implies;
 *  3. append one `reminder.event` timeline entry per invoice (ids derived from the event: idempotent);
 *  4. bounce (permanent) / complaint: flag the contacts, re-reading and retrying on a concurrent write.
 * Every step is idempotent, so a redelivered event changes nothing.
 */
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import {
  contactFlagFor,
  describeEmailEvent,
  type EmailEvent,
  statusAfter,
} from '#shared/domain/messages/email-events.ts';
import { flagContactEmails } from '#shared/domain/messages/recipients.ts';
import { type Actor, timelineEvent } from '#shared/domain/timeline.ts';
import type { ReminderRepository } from '#shared/ports/reminders.ts';
import { recordTimeline } from './record-invoice.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

const ACTOR: Actor = { kind: 'integration', id: 'ses' };

export interface RecordEmailEventDeps extends UseCaseDeps {
  reminders: ReminderRepository;
}

export interface RecordEmailEventResult {
  outcome: 'recorded' | 'unknown_message';
  reminderId?: string;
  timelineEntries: number;
  /** Ids of the contacts flagged now (none when they already were). */
  flaggedContacts: string[];
}

export const makeRecordEmailEvent =
  (deps: RecordEmailEventDeps) =>
  async (event: EmailEvent): Promise<RecordEmailEventResult> => {
    const reminder = await deps.reminders.findByReference(event.messageId);
    if (!reminder) return { outcome: 'unknown_message', timelineEntries: 0, flaggedContacts: [] };

    const detail = [event.bounceType, event.detail].filter(Boolean).join(': ') || undefined;
    await deps.reminders.addEvent(
      reminder.id,
      { type: event.type, at: event.at, ...(detail ? { detail } : {}) },
      statusAfter(reminder.status, event),
    );

    const causeKey = `${event.messageId}:${event.type}:${event.at}`;
    const entries = reminder.invoiceIds.map((invoiceId) =>
      timelineEvent({
        customerId: reminder.customerId,
        invoiceId,
        type: 'reminder.event',
        at: event.at,
        actor: ACTOR,
        causeKey,
        summary: describeEmailEvent(event, reminder.stepId),
        data: {
          reminderId: reminder.id,
          event: event.type,
          ...(event.bounceType ? { bounceType: event.bounceType } : {}),
          ...(event.detail ? { detail: event.detail } : {}),
        },
      }),
    );
    await recordTimeline(deps, entries);

    const flag = contactFlagFor(event);
    const flaggedContacts = flag ? await flagContacts(deps, reminder.customerId, event, flag, causeKey) : [];
    return { outcome: 'recorded', reminderId: reminder.id, timelineEntries: entries.length, flaggedContacts };
  };

async function flagContacts(
  deps: UseCaseDeps,
  customerId: string,
  event: EmailEvent,
  flag: 'bounced' | 'complained',
  causeKey: string,
): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.customers.get(customerId);
    if (!current) return [];
    const { customer, flagged } = flagContactEmails(current.value, event.recipients, flag);
    if (flagged.length === 0) return [];
    const now = deps.clock.now().toISOString();
    const entry = timelineEvent({
      customerId,
      type: 'customer.updated',
      at: now,
      actor: ACTOR,
      causeKey: `${causeKey}:flag`,
      summary: `E-mail stopped for ${flagged.length} contact(s): ${flag === 'bounced' ? 'hard bounce' : 'complaint'}`,
      reason: `SES ${event.type}`,
      data: { fields: ['contacts'], contactIds: flagged, emailStatus: flag },
    });
    try {
      await deps.customers.put({ ...customer, updatedAt: now }, current.rev, [entry]);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    await recordTimeline(deps, [entry]);
    if (deps.onCustomerChanged) await deps.onCustomerChanged(customerId);
    return flagged;
  }
}
