/**
 * An invoice as Relance tracks it. Amounts are integers in the invoice currency's minor unit.
 *
 * Three kinds of money lower the balance and are kept apart because they come from different places:
 * - `amountPaid`: what the source system (Sellsy, QuickBooks, Chargebee, the API) says was paid;
 * - `allocated`: what Relance itself matched from bank transactions;
 * - `credited`: credit notes applied to it.
 * A payment seen both by the bank and later by the source must not count twice, so the paid part is the
 * larger of the two views (see `balanceOf`).
 */
import { assertBusinessDate, compareDates, type IsoDate } from './calendar-date.ts';
import { InvalidValueError } from './errors.ts';
import { digest, invoiceId } from './ids.ts';
import { assertTransition, type InvoiceState, isCollectible } from './invoice-lifecycle.ts';
import { createRfReference, rfBaseFrom } from './matching/rf-reference.ts';
import { isCurrencyCode, type Money, money } from './money.ts';
import { type Actor, type TimelineEvent, timelineEvent } from './timeline.ts';

export interface StoredFile {
  /** Object key in the bucket. */
  key: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface Invoice {
  id: string;
  source: string;
  externalId: string;
  number: string;
  customerId: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  currency: string;
  total: number;
  amountPaid: number;
  allocated: number;
  credited: number;
  state: InvoiceState;
  /** Why the invoice is in its current side state (dispute reason, promise, …). */
  stateReason?: string;
  /** ISO 11649 creditor reference printed on reminders so transfers match exactly. */
  rfReference?: string;
  pdf?: StoredFile;
  /** Normalised source version (see source-version.ts); an older one never overwrites a newer one. */
  sourceVersion?: string;
  /** Digest of the last source payload applied, so an identical redelivery changes nothing. */
  contentHash: string;
  /** Dunning progress: the plan steps already sent, or skipped by a catch-up, for this invoice. */
  stepsDone?: string[];
  /** Reminders paused for this invoice through this day. */
  pausedUntil?: IsoDate;
  /** For the promised state: the day the debtor promised to pay by (reminders resume after it). */
  promisedDate?: IsoDate;
  /** For the promised state: the amount promised, minor units (absent: the whole balance). */
  promisedAmount?: number;
  /** For the in-payment-plan state: the agreed instalments, each reminded on its own due date. */
  paymentPlan?: { instalments: Instalment[]; agreedAt: string };
  /** Money already received when the payment plan was agreed (instalments count what comes after it). */
  planBaseline?: number;
  /**
   * When Relance saw the balance reach zero (instant): the payment behaviour reads it. Absent on invoices paid
   * before it was kept, and removed when a payment is undone.
   */
  paidAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** What a source says about an invoice: the fields it owns. */
export interface InvoiceSourceData {
  source: string;
  externalId: string;
  number: string;
  customerId: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  currency: string;
  total: number;
  amountPaid: number;
  credited?: number;
  /** The source cancelled, voided or deleted the invoice. */
  voided?: boolean;
  rfReference?: string;
  sourceVersion?: string;
}

export interface Instalment {
  id: string;
  dueDate: IsoDate;
  /** Minor units of the invoice currency. */
  amount: number;
  /** Plan steps already sent for this instalment. */
  stepsDone?: string[];
}

export type InvoiceStatus = Exclude<InvoiceState, 'open'> | 'not_yet_due' | 'due' | 'overdue';

export function balanceOf(
  invoice: Pick<Invoice, 'total' | 'amountPaid' | 'allocated' | 'credited' | 'currency'>,
): Money {
  const paid = Math.max(invoice.amountPaid, invoice.allocated);
  return money(Math.max(0, invoice.total - invoice.credited - paid), invoice.currency);
}

/** The status a person sees on `today`: the open state splits into not yet due, due (today) and overdue. */
export function invoiceStatus(invoice: Pick<Invoice, 'state' | 'dueDate'>, today: IsoDate): InvoiceStatus {
  if (invoice.state !== 'open') return invoice.state;
  const cmp = compareDates(today, invoice.dueDate);
  return cmp < 0 ? 'not_yet_due' : cmp === 0 ? 'due' : 'overdue';
}

export function isOverdue(invoice: Pick<Invoice, 'state' | 'dueDate'>, today: IsoDate): boolean {
  return isCollectible(invoice.state) && compareDates(today, invoice.dueDate) > 0;
}

/**
 * The state the amounts call for: a zero balance is paid; money received but not all of it is partially paid;
 * a payment undone reopens. Side states (disputed, promised, …) keep their course until fully paid.
 */
export function settledState(invoice: Invoice): InvoiceState {
  if (invoice.state === 'void') return 'void';
  const balance = balanceOf(invoice).amount;
  const received = Math.max(invoice.amountPaid, invoice.allocated) + invoice.credited;
  if (balance === 0) return 'paid';
  if (invoice.state === 'paid' || invoice.state === 'open' || invoice.state === 'partially_paid') {
    return received > 0 ? 'partially_paid' : 'open';
  }
  return invoice.state;
}

/**
 * The largest invoice total accepted, in minor units (10 000 000 000.00 in a two-decimal currency). A customer's
 * outstanding is a sum of its invoices in plain numbers: with totals up to MAX_SAFE_INTEGER, two of them would
 * overflow it, and the invoice would be written before its customer's aggregate refused the sum.
 */
export const MAX_INVOICE_TOTAL = 10 ** 12;

export function validateSourceData(data: InvoiceSourceData): InvoiceSourceData {
  if (!data.source.trim()) throw new InvalidValueError('source', 'must not be empty');
  if (!data.externalId.trim()) throw new InvalidValueError('externalId', 'must not be empty');
  if (!data.number.trim()) throw new InvalidValueError('number', 'must not be empty');
  assertBusinessDate(data.issueDate, 'issueDate');
  assertBusinessDate(data.dueDate, 'dueDate');
  if (compareDates(data.dueDate, data.issueDate) < 0) throw new InvalidValueError('dueDate', 'is before issueDate');
  if (!isCurrencyCode(data.currency)) throw new InvalidValueError('currency', 'must be an ISO 4217 code');
  for (const field of ['total', 'amountPaid', 'credited'] as const) {
    const value = data[field] ?? 0;
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidValueError(field, 'must be a non-negative integer in minor units');
    }
  }
  if (data.total > MAX_INVOICE_TOTAL) {
    throw new InvalidValueError('total', `must be at most ${MAX_INVOICE_TOTAL} minor units`);
  }
  if ((data.amountPaid ?? 0) + (data.credited ?? 0) > data.total) {
    throw new InvalidValueError('amountPaid', 'paid and credited amounts exceed the total');
  }
  return { ...data, number: data.number.trim() };
}

export interface InvoiceChange {
  invoice: Invoice;
  events: TimelineEvent[];
  /** False when the data was identical or older: nothing to write. */
  changed: boolean;
  created: boolean;
}

const SOURCE_FIELDS = [
  'number',
  'customerId',
  'issueDate',
  'dueDate',
  'currency',
  'total',
  'amountPaid',
  'credited',
  'rfReference',
] as const;

/**
 * Applies what a source says to the invoice we hold (or creates it). Identical or older data changes nothing;
 * newer data replaces the source-owned fields, re-settles the state and explains the change on the timeline.
 */
export function applySourceData(
  current: Invoice | undefined,
  input: InvoiceSourceData,
  ctx: { now: string; actor: Actor; reason?: string },
): InvoiceChange {
  const data = validateSourceData(input);
  const contentHash = digest([JSON.stringify(data)], 26);
  if (current) {
    const older =
      data.sourceVersion !== undefined &&
      current.sourceVersion !== undefined &&
      data.sourceVersion <= current.sourceVersion;
    if (older || current.contentHash === contentHash || current.state === 'void') {
      return { invoice: current, events: [], changed: false, created: false };
    }
  }
  const base: Invoice = current ?? {
    id: invoiceId(data.source, data.externalId),
    source: data.source,
    externalId: data.externalId,
    number: data.number,
    customerId: data.customerId,
    issueDate: data.issueDate,
    dueDate: data.dueDate,
    currency: data.currency,
    total: 0,
    amountPaid: 0,
    allocated: 0,
    credited: 0,
    state: 'open',
    contentHash,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const next: Invoice = {
    ...base,
    number: data.number,
    customerId: data.customerId,
    issueDate: data.issueDate,
    dueDate: data.dueDate,
    currency: data.currency,
    total: data.total,
    amountPaid: data.amountPaid,
    credited: data.credited ?? 0,
    // A source-provided reference wins; otherwise the one given at first recording stays (derived from the id).
    rfReference: data.rfReference ?? base.rfReference ?? defaultRfReference(base.id),
    sourceVersion: data.sourceVersion ?? base.sourceVersion,
    contentHash,
    updatedAt: ctx.now,
  };
  if (current && current.currency !== data.currency && (current.allocated > 0 || current.credited > 0)) {
    throw new InvalidValueError('currency', 'cannot change once payments are allocated');
  }
  const target: InvoiceState = data.voided ? 'void' : settledState(next);
  next.state = target;
  if (target !== base.state) assertTransition(base.state, target);
  if (target === 'paid' && current?.state !== 'paid') next.paidAt = ctx.now;
  else if (target !== 'paid') delete next.paidAt;

  const common = { customerId: next.customerId, invoiceId: next.id, at: ctx.now, actor: ctx.actor, reason: ctx.reason };
  const events: TimelineEvent[] = [];
  if (!current) {
    events.push(
      timelineEvent({
        ...common,
        type: 'invoice.created',
        causeKey: contentHash,
        summary: `Invoice ${next.number} recorded`,
        data: { number: next.number, total: next.total, currency: next.currency, dueDate: next.dueDate },
      }),
    );
  } else {
    const changedFields = SOURCE_FIELDS.filter((f) => current[f] !== next[f]);
    if (changedFields.length > 0) {
      events.push(
        timelineEvent({
          ...common,
          type: 'invoice.updated',
          causeKey: contentHash,
          summary: `Invoice ${next.number} updated: ${changedFields.join(', ')}`,
          data: Object.fromEntries(changedFields.map((f) => [f, { from: current[f] ?? null, to: next[f] ?? null }])),
        }),
      );
    }
  }
  if (current && current.state !== next.state) {
    events.push(stateChangedEvent(current.state, next, common, contentHash));
  }
  return { invoice: next, events, changed: true, created: !current };
}

/** The ISO 11649 creditor reference Relance gives an invoice when it is first recorded: deterministic from its id. */
export function defaultRfReference(id: string): string {
  return createRfReference(rfBaseFrom(id));
}

function stateChangedEvent(
  from: InvoiceState,
  next: Invoice,
  common: { customerId: string; invoiceId: string; at: string; actor: Actor; reason?: string | undefined },
  causeKey: string,
): TimelineEvent {
  return timelineEvent({
    ...common,
    type: 'invoice.state_changed',
    causeKey: `${causeKey}:${from}>${next.state}`,
    summary: `Invoice ${next.number}: ${from} → ${next.state}`,
    data: { from, to: next.state },
  });
}

/**
 * Attaches the invoice's PDF (stored in the bucket). The same file again changes nothing; a new version of the
 * document (a provider regenerated it) replaces the reference and says so on the timeline.
 */
export function attachPdf(invoice: Invoice, file: StoredFile, ctx: { now: string; actor: Actor }): InvoiceChange {
  if (invoice.pdf?.sha256 === file.sha256 && invoice.pdf.key === file.key) {
    return { invoice, events: [], changed: false, created: false };
  }
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) throw new InvalidValueError('pdf.sha256', 'must be a hex SHA-256');
  if (!Number.isSafeInteger(file.size) || file.size <= 0) throw new InvalidValueError('pdf.size', 'must be positive');
  const next: Invoice = { ...invoice, pdf: file, updatedAt: ctx.now };
  const event = timelineEvent({
    customerId: invoice.customerId,
    invoiceId: invoice.id,
    at: ctx.now,
    actor: ctx.actor,
    type: 'invoice.pdf_attached',
    causeKey: file.sha256,
    summary: `PDF of invoice ${invoice.number} ${invoice.pdf ? 'replaced' : 'attached'}`,
    data: { key: file.key, size: file.size },
  });
  return { invoice: next, events: [event], changed: true, created: false };
}

/**
 * Records the plan steps a dispatch sent (and the earlier ones it skipped by catch-up) on the invoice, so no
 * later dispatch sends them again. Recording the same steps twice changes nothing.
 */
export function recordSteps(
  invoice: Invoice,
  sent: { stepId: string; skipped: readonly string[]; reminderId: string; channel: string; instalmentId?: string },
  ctx: { now: string; actor: Actor },
): InvoiceChange {
  const instalment = invoice.paymentPlan?.instalments.find((i) => i.id === sent.instalmentId);
  if (sent.instalmentId !== undefined && !instalment) return { invoice, events: [], changed: false, created: false };
  const done = new Set((instalment ? instalment.stepsDone : invoice.stepsDone) ?? []);
  const added = [...sent.skipped, sent.stepId].filter((id) => !done.has(id));
  if (added.length === 0) return { invoice, events: [], changed: false, created: false };
  const next: Invoice = instalment
    ? {
        ...invoice,
        paymentPlan: {
          agreedAt: invoice.paymentPlan!.agreedAt,
          instalments: invoice.paymentPlan!.instalments.map((i) =>
            i.id === instalment.id ? { ...i, stepsDone: [...(i.stepsDone ?? []), ...added] } : i,
          ),
        },
        updatedAt: ctx.now,
      }
    : { ...invoice, stepsDone: [...(invoice.stepsDone ?? []), ...added], updatedAt: ctx.now };
  const event = timelineEvent({
    customerId: invoice.customerId,
    invoiceId: invoice.id,
    at: ctx.now,
    actor: ctx.actor,
    type: 'reminder.sent',
    causeKey: `${sent.reminderId}:${sent.stepId}:${sent.instalmentId ?? ''}`,
    summary: `Reminder "${sent.stepId}" (${sent.channel}) for invoice ${invoice.number}${instalment ? `, instalment due ${instalment.dueDate}` : ''}`,
    data: {
      stepId: sent.stepId,
      channel: sent.channel,
      reminderId: sent.reminderId,
      skipped: sent.skipped,
      ...(instalment ? { instalmentId: instalment.id } : {}),
    },
  });
  return { invoice: next, events: [event], changed: true, created: false };
}

/**
 * Agrees a payment plan: instalments with their own due dates (ascending) whose amounts add up to the
 * balance; the invoice moves to in_payment_plan and each instalment is reminded on its own clock.
 */
export function agreePaymentPlan(
  invoice: Invoice,
  instalments: readonly { dueDate: IsoDate; amount: number }[],
  ctx: { now: string; actor: Actor; reason?: string; causeKey: string },
): InvoiceChange {
  if (instalments.length < 2) throw new InvalidValueError('instalments', 'a payment plan has at least two instalments');
  instalments.forEach((instalment, i) => {
    assertBusinessDate(instalment.dueDate, `instalments[${i}].dueDate`);
    if (!Number.isSafeInteger(instalment.amount) || instalment.amount <= 0) {
      throw new InvalidValueError(`instalments[${i}].amount`, 'must be a positive integer in minor units');
    }
    const previous = instalments[i - 1];
    if (previous && compareDates(instalment.dueDate, previous.dueDate) <= 0) {
      throw new InvalidValueError(`instalments[${i}].dueDate`, 'must be after the previous instalment');
    }
  });
  const balance = balanceOf(invoice).amount;
  const sum = instalments.reduce((acc, i) => acc + i.amount, 0);
  if (sum !== balance) {
    throw new InvalidValueError('instalments', `the instalments add up to ${sum}, the balance is ${balance}`);
  }
  assertTransition(invoice.state, 'in_payment_plan');
  // Amounts already received count against the first instalments (see `instalmentsPaid`), so the plan covers
  // what is left from now on.
  const received = Math.max(invoice.amountPaid, invoice.allocated) + invoice.credited;
  const next: Invoice = {
    ...invoice,
    state: 'in_payment_plan',
    stateReason: ctx.reason,
    paymentPlan: {
      agreedAt: ctx.now,
      instalments: instalments.map((i, n) => ({ id: `i${n + 1}`, dueDate: i.dueDate, amount: i.amount })),
    },
    planBaseline: received,
    updatedAt: ctx.now,
  };
  const event = timelineEvent({
    customerId: invoice.customerId,
    invoiceId: invoice.id,
    at: ctx.now,
    actor: ctx.actor,
    reason: ctx.reason,
    type: 'invoice.state_changed',
    causeKey: ctx.causeKey,
    summary: `Payment plan agreed for invoice ${invoice.number}: ${instalments.length} instalments`,
    data: { from: invoice.state, to: 'in_payment_plan', instalments: instalments.map((i) => ({ ...i })) },
  });
  return { invoice: next, events: [event], changed: true, created: false };
}

/** Which instalments the money received since the plan was agreed has covered, in order. */
export function instalmentsPaid(invoice: Invoice): Set<string> {
  const plan = invoice.paymentPlan;
  if (!plan) return new Set();
  let left = Math.max(invoice.amountPaid, invoice.allocated) + invoice.credited - (invoice.planBaseline ?? 0);
  const paid = new Set<string>();
  for (const instalment of plan.instalments) {
    if (left < instalment.amount) break;
    left -= instalment.amount;
    paid.add(instalment.id);
  }
  return paid;
}

/** Pauses (or resumes, with `until` undefined) the reminders of one invoice. */
export function pauseReminders(
  invoice: Invoice,
  until: IsoDate | undefined,
  ctx: { now: string; actor: Actor; reason?: string; causeKey: string },
): InvoiceChange {
  if (until !== undefined) assertBusinessDate(until, 'pausedUntil');
  if (invoice.pausedUntil === until) return { invoice, events: [], changed: false, created: false };
  const next: Invoice = { ...invoice, pausedUntil: until, updatedAt: ctx.now };
  const event = timelineEvent({
    customerId: invoice.customerId,
    invoiceId: invoice.id,
    at: ctx.now,
    actor: ctx.actor,
    reason: ctx.reason,
    type: 'note',
    causeKey: ctx.causeKey,
    summary: until
      ? `Reminders for invoice ${invoice.number} paused until ${until}`
      : `Reminders for invoice ${invoice.number} resumed`,
    data: { pausedUntil: until ?? null },
  });
  return { invoice: next, events: [event], changed: true, created: false };
}

/**
 * A person's or the debtor's decision moves the invoice to a side state (dispute, promise, plan, collection,
 * write-off) or back to its course. The move is checked against the lifecycle.
 */
export function changeState(
  invoice: Invoice,
  to: InvoiceState,
  ctx: { now: string; actor: Actor; reason?: string; causeKey: string; promise?: { date: IsoDate; amount?: number } },
): InvoiceChange {
  if (to === 'promised') {
    if (!ctx.promise) throw new InvalidValueError('promise.date', 'a promise to pay needs a date');
    assertBusinessDate(ctx.promise.date, 'promise.date');
    const amount = ctx.promise.amount;
    if (amount !== undefined && (!Number.isSafeInteger(amount) || amount <= 0)) {
      throw new InvalidValueError('promise.amount', 'must be a positive integer in minor units');
    }
  }
  const samePromise =
    to !== 'promised' || (invoice.promisedDate === ctx.promise?.date && invoice.promisedAmount === ctx.promise?.amount);
  if (invoice.state === to && samePromise) return { invoice, events: [], changed: false, created: false };
  assertTransition(invoice.state, to);
  // Returning to the normal course means "whatever the amounts say".
  const next: Invoice = { ...invoice, state: to, stateReason: ctx.reason, updatedAt: ctx.now };
  if (to === 'promised') {
    next.promisedDate = ctx.promise?.date;
    next.promisedAmount = ctx.promise?.amount;
  } else {
    delete next.promisedDate;
    delete next.promisedAmount;
  }
  if (to !== 'in_payment_plan') {
    // A broken or ended plan: the invoice is chased again on its own due date.
    delete next.paymentPlan;
    delete next.planBaseline;
  }
  if (to === 'open') next.state = settledState({ ...next, state: 'open' });
  if (next.state === 'paid' && invoice.state !== 'paid') next.paidAt = ctx.now;
  else if (next.state !== 'paid') delete next.paidAt;
  const common = {
    customerId: invoice.customerId,
    invoiceId: invoice.id,
    at: ctx.now,
    actor: ctx.actor,
    reason: ctx.reason,
  };
  return {
    invoice: next,
    events: [stateChangedEvent(invoice.state, next, common, ctx.causeKey)],
    changed: true,
    created: false,
  };
}
