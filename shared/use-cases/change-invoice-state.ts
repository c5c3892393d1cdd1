/**
 * A decision about an invoice (dispute, promise to pay, payment plan, hand-off to collection, write-off, or back
 * to its normal course): checked against the lifecycle, recorded with its reason and who decided, and the
 * customer's ledger, aggregate and reminders updated.
 */
import { agreePaymentPlan, changeState, type Invoice } from '#shared/domain/invoice.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type { UseCaseDeps } from './stores.ts';
import { updateInvoice } from './update-invoice.ts';

export const makeChangeInvoiceState =
  (deps: UseCaseDeps) =>
  (
    invoiceId: string,
    to: InvoiceState,
    decision: { actor: Actor; reason?: string; requestId: string; promise?: { date: string; amount?: number } },
  ): Promise<{ invoice: Invoice; changed: boolean }> =>
    updateInvoice(
      deps,
      invoiceId,
      (invoice) =>
        changeState(invoice, to, {
          now: deps.clock.now().toISOString(),
          actor: decision.actor,
          reason: decision.reason,
          causeKey: decision.requestId,
          promise: decision.promise,
        }),
      'sync-ledger',
    );

/** Agrees a payment plan on an invoice (instalments reminded on their own dates), then re-plans its customer. */
export const makeAgreePaymentPlan =
  (deps: UseCaseDeps) =>
  (
    invoiceId: string,
    instalments: readonly { dueDate: string; amount: number }[],
    decision: { actor: Actor; reason?: string; requestId: string },
  ): Promise<{ invoice: Invoice; changed: boolean }> =>
    updateInvoice(
      deps,
      invoiceId,
      (invoice) =>
        agreePaymentPlan(invoice, instalments, {
          now: deps.clock.now().toISOString(),
          actor: decision.actor,
          reason: decision.reason,
          causeKey: decision.requestId,
        }),
      'sync-ledger',
    );
