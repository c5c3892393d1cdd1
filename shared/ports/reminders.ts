/**
 * What the dunning dispatch hands to the channels, and the records it keeps.
 *
 * The dispatch decides *what* goes out (which customer, which step, which invoices); a channel decides *how*
 * (an SES e-mail with the PDFs, an SMS, a letter PDF to post, a call task for a person). One message per
 * channel per customer per day, listing all the customer's open invoices.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import type { CompanySettings } from '#shared/domain/company-settings.ts';
import type { Contact, Customer } from '#shared/domain/customer.ts';
import type { Channel, DunningPlan, PlanStep, StepPenalties } from '#shared/domain/dunning/plan.ts';
import type { Invoice } from '#shared/domain/invoice.ts';
import type { Money } from '#shared/domain/money.ts';

export interface ReminderLine {
  invoice: Invoice;
  /** Minor units still owed. */
  balance: number;
  daysLate: number;
  /** The plan step this invoice reached in this message (absent: listed for completeness, no step due). */
  stepId?: string;
  /** Present when the message's step mentions or charges penalties and the invoice is late. */
  penalties?: { flatIndemnity: Money; interest: Money; days: number };
}

export interface ReminderMessage {
  /** Deterministic: `${customerId}:${channel}:${date}` — the dispatch key. */
  id: string;
  channel: Channel;
  /** The customer's calendar day of the dispatch. */
  date: IsoDate;
  customer: Customer;
  /** Who it is for: the primary billing contact (secondary contacts are in `cc`). */
  to?: Contact;
  cc: Contact[];
  /** The leading step (the most advanced one among the invoices due now): decides tone and template. */
  step: PlanStep;
  /** What the company allows the step to say about penalties. */
  penalties: StepPenalties;
  /** Every open invoice of the customer, oldest due first. */
  lines: ReminderLine[];
  /** A signed, expiring link to the customer's portal. */
  portalUrl: string;
  settings: CompanySettings;
}

export interface DeliveryReceipt {
  /** The provider's id (SES MessageId), the letter's object key, or the task id. */
  reference: string;
}

/** One way of reaching a debtor. Must be safe to call again for the same message id (at-least-once). */
export interface ReminderChannel {
  deliver(message: ReminderMessage): Promise<DeliveryReceipt>;
}

export type ReminderChannels = Partial<Record<Channel, ReminderChannel>>;

export type ReminderStatus =
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'opened'
  | 'clicked'
  | 'bounced'
  | 'complained'
  | 'failed'
  | 'task_open'
  | 'task_done';

export interface ReminderRecord {
  /** The dispatch key (= ReminderMessage.id). */
  id: string;
  customerId: string;
  channel: Channel;
  date: IsoDate;
  stepId: string;
  invoiceIds: string[];
  status: ReminderStatus;
  /** When the current sending attempt started; a stale one may be taken over. */
  claimedAt: string;
  reference?: string;
  sentAt?: string;
  /** Tracking events (SES: delivered, opened, bounced …), newest last. */
  events: { type: string; at: string; detail?: string }[];
  failure?: string;
}

export interface ReminderRepository {
  /**
   * Claims the dispatch key before anything is sent. 'claimed' when this caller may send; 'done' when it was
   * already sent; 'busy' when another attempt holds a fresh claim. A claim older than `staleAfterMs` (a crashed
   * attempt) is taken over.
   */
  claim(record: Omit<ReminderRecord, 'status' | 'events'>, staleAfterMs: number): Promise<'claimed' | 'done' | 'busy'>;
  markSent(id: string, reference: string, at: string): Promise<void>;
  markFailed(id: string, reason: string): Promise<void>;
  get(id: string): Promise<ReminderRecord | undefined>;
  findByReference(reference: string): Promise<ReminderRecord | undefined>;
  /** Appends a tracking event (idempotent on type + at) and sets the status it implies. */
  addEvent(id: string, event: { type: string; at: string; detail?: string }, status?: ReminderStatus): Promise<void>;
  listByCustomer(customerId: string, limit?: number): Promise<ReminderRecord[]>;
  listByStatus(status: ReminderStatus, limit?: number): Promise<ReminderRecord[]>;
}

export interface SettingsRepository {
  get(): Promise<CompanySettings>;
  put(settings: CompanySettings): Promise<void>;
}

export interface PlanRepository {
  /** The company's plans (the built-in default when none is stored). */
  list(): Promise<DunningPlan[]>;
  replaceAll(plans: DunningPlan[]): Promise<void>;
}
