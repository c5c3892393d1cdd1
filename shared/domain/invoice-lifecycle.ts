/**
 * The invoice lifecycle. What is stored is the *state*; "not yet due", "due" and "overdue" are the open state
 * seen on a given day (see `invoiceStatus`), so no nightly job has to rewrite invoices as days pass.
 *
 *   open ──payment──▶ partially_paid ──payment──▶ paid
 *     │ ▲                                           │ (payment undone / total raised)
 *     │ └───────────────────────────────────────────┘
 *     ├──▶ disputed ──resolved──▶ open
 *     ├──▶ promised ──broken──▶ open
 *     ├──▶ in_payment_plan ──broken──▶ open
 *     ├──▶ in_collection ──▶ paid | written_off | open (returned by the agency)
 *     ├──▶ written_off ──late recovery──▶ paid | open (reinstated)
 *     └──▶ void (terminal: cancelled, deleted or voided at the source)
 */
import { InvalidTransitionError } from './errors.ts';

export const INVOICE_STATES = [
  'open',
  'partially_paid',
  'paid',
  'disputed',
  'promised',
  'in_payment_plan',
  'in_collection',
  'written_off',
  'void',
] as const;

export type InvoiceState = (typeof INVOICE_STATES)[number];

const ACTIVE_SIDE_EXITS: InvoiceState[] = ['disputed', 'promised', 'in_payment_plan', 'in_collection'];

const TRANSITIONS: Readonly<Record<InvoiceState, readonly InvoiceState[]>> = {
  open: ['partially_paid', 'paid', ...ACTIVE_SIDE_EXITS, 'written_off', 'void'],
  partially_paid: ['open', 'paid', ...ACTIVE_SIDE_EXITS, 'written_off', 'void'],
  paid: ['open', 'partially_paid', 'void'],
  disputed: ['open', 'partially_paid', 'paid', 'promised', 'in_payment_plan', 'in_collection', 'written_off', 'void'],
  promised: ['open', 'partially_paid', 'paid', 'disputed', 'in_payment_plan', 'in_collection', 'written_off', 'void'],
  in_payment_plan: ['open', 'partially_paid', 'paid', 'disputed', 'in_collection', 'written_off', 'void'],
  in_collection: ['open', 'paid', 'written_off', 'void'],
  written_off: ['open', 'paid'],
  void: [],
};

export function canTransition(from: InvoiceState, to: InvoiceState): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function assertTransition(from: InvoiceState, to: InvoiceState): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/** States in which money is still expected (counted in the outstanding balance). */
export function isCollectible(state: InvoiceState): boolean {
  return state !== 'paid' && state !== 'void' && state !== 'written_off';
}

/** States where reminders run: a dispute, a promise, a plan or a collection agency each has its own course. */
export function isRemindable(state: InvoiceState): boolean {
  return state === 'open' || state === 'partially_paid';
}
