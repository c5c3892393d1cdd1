/**
 * The timeline: every change to an invoice or a customer appends one event saying what happened, when, why
 * and who (a person, an integration, the system, or the debtor through the portal) caused it.
 */
import { timelineEventId } from './ids.ts';

export type ActorKind = 'user' | 'integration' | 'system' | 'debtor';

export interface Actor {
  kind: ActorKind;
  /** A user id, an integration name ("sellsy", "api"), "scheduler", … — never an e-mail address. */
  id: string;
}

export type TimelineEventType =
  | 'invoice.created'
  | 'invoice.updated'
  | 'invoice.state_changed'
  | 'invoice.pdf_attached'
  | 'customer.created'
  | 'customer.updated'
  | 'payment.applied'
  | 'payment.reverted'
  | 'credit_note.applied'
  | 'reminder.sent'
  | 'reminder.event'
  | 'note';

export interface TimelineEvent {
  id: string;
  /** Instant (ISO 8601, UTC). */
  at: string;
  customerId: string;
  invoiceId?: string;
  type: TimelineEventType;
  /** One line a person reads on the dashboard. */
  summary: string;
  /** Why it happened (a webhook, a bank match, a person's decision). */
  reason?: string;
  actor: Actor;
  /** Small structured details (changed fields, amounts); never personal data beyond what the record holds. */
  data?: Record<string, unknown>;
}

/**
 * Builds an event whose id is derived from its cause, so re-recording the same cause (a redelivered webhook,
 * a retried request) lands on the same entry.
 */
export function timelineEvent(input: Omit<TimelineEvent, 'id'> & { causeKey: string }): TimelineEvent {
  const { causeKey, ...rest } = input;
  return { id: timelineEventId(rest.invoiceId ?? rest.customerId, rest.type, causeKey), ...rest };
}
