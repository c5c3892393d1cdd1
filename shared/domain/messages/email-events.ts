/**
 * E-mail tracking events (SES event publishing) as the domain sees them, and what each does to a reminder's
 * status. A status only moves forward (sent → delivered → opened → clicked); a bounce or complaint wins over
 * everything; a delayed delivery or a transient bounce says nothing final.
 */
import type { ContactEmailStatus } from '../customer.ts';

export type EmailEventType =
  | 'send'
  | 'delivery'
  | 'open'
  | 'click'
  | 'bounce'
  | 'complaint'
  | 'reject'
  | 'delivery_delay'
  | 'rendering_failure'
  | 'subscription';

export interface EmailEvent {
  type: EmailEventType;
  /** The provider's message id (SES `mail.messageId`) = the reminder's reference. */
  messageId: string;
  /** When it happened (ISO 8601). */
  at: string;
  /** Bounces only. */
  bounceType?: 'permanent' | 'transient' | 'undetermined';
  /** The addresses concerned (bounced, complained, delivered); never logged. */
  recipients: string[];
  /** A short, non-personal detail: the bounce sub-type, the SMTP status, the delay type, the link clicked. */
  detail?: string;
}

/** The reminder statuses tracking may set (a subset of the dispatch's ReminderStatus). */
export type TrackedStatus = 'sent' | 'delivered' | 'opened' | 'clicked' | 'bounced' | 'complained' | 'failed';

const RANK: Record<string, number> = {
  sending: 0,
  sent: 1,
  delivered: 2,
  opened: 3,
  clicked: 4,
  failed: 5,
  bounced: 6,
  complained: 7,
};

/** True when `next` is a later stage of a reminder's life than `current` (a status never goes back). */
export function isLaterStatus(next: string, current: string): boolean {
  return (RANK[next] ?? 0) > (RANK[current] ?? 0);
}

/** The status the event implies for the reminder, or undefined when it should stay as it is. */
export function statusAfter(current: string, event: EmailEvent): TrackedStatus | undefined {
  const implied: TrackedStatus | undefined = (() => {
    switch (event.type) {
      case 'send':
        return 'sent';
      case 'delivery':
        return 'delivered';
      case 'open':
        return 'opened';
      case 'click':
        return 'clicked';
      case 'bounce':
        return event.bounceType === 'permanent' ? 'bounced' : undefined;
      case 'complaint':
        return 'complained';
      case 'reject':
      case 'rendering_failure':
        return 'failed';
      default:
        return undefined;
    }
  })();
  if (!implied) return undefined;
  const before = RANK[current] ?? 0;
  return RANK[implied]! > before ? implied : undefined;
}

/** What the event does to the addresses it names: a hard bounce or a complaint stops e-mail to them. */
export function contactFlagFor(event: EmailEvent): Exclude<ContactEmailStatus, 'ok'> | undefined {
  if (event.type === 'complaint') return 'complained';
  if (event.type === 'bounce' && event.bounceType === 'permanent') return 'bounced';
  return undefined;
}

const LABELS: Record<EmailEventType, string> = {
  send: 'accepted by SES',
  delivery: 'delivered',
  open: 'opened',
  click: 'link clicked',
  bounce: 'bounced',
  complaint: 'marked as spam',
  reject: 'rejected by SES',
  delivery_delay: 'delivery delayed',
  rendering_failure: 'rendering failed',
  subscription: 'subscription changed',
};

/** One line for the timeline (no address, no name). */
export function describeEmailEvent(event: EmailEvent, stepId: string): string {
  const kind =
    event.type === 'bounce' ? `${event.bounceType === 'permanent' ? 'hard' : 'soft'} bounce` : LABELS[event.type];
  return `Reminder e-mail (${stepId}): ${kind}`;
}
