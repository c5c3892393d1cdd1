/**
 * A decision about an invoice (dispute, promise to pay, payment plan, hand-off to collection, write-off, or back
 * to its normal course): checked against the lifecycle, recorded with its reason and who decided, and the
 * customer's ledger and aggregate updated.
 */
import { ConcurrentUpdateError, NotFoundError } from '#shared/domain/errors.ts';
import { agreePaymentPlan, changeState, type Invoice } from '#shared/domain/invoice.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import { recordTimeline, syncLedger } from './record-invoice.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

export const makeChangeInvoiceState =
  (deps: UseCaseDeps) =>
  async (
    invoiceId: string,
    to: InvoiceState,
    decision: { actor: Actor; reason?: string; requestId: string; promise?: { date: string; amount?: number } },
  ): Promise<{ invoice: Invoice; changed: boolean }> => {
    for (let attempt = 1; ; attempt++) {
      const current = await deps.invoices.get(invoiceId);
      if (!current) throw new NotFoundError('invoice', invoiceId);
      await recordTimeline(deps, current.outbox);
      const change = changeState(current.value, to, {
        now: deps.clock.now().toISOString(),
        actor: decision.actor,
        reason: decision.reason,
        causeKey: decision.requestId,
        promise: decision.promise,
      });
      if (!change.changed) return { invoice: current.value, changed: false };
      let rev: number;
      try {
        rev = await deps.invoices.put(change.invoice, current.rev, change.events);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await recordTimeline(deps, change.events);
      await syncLedger(deps, change.invoice, rev);
      return { invoice: change.invoice, changed: true };
    }
  };

/** Agrees a payment plan on an invoice (instalments reminded on their own dates), then re-plans its customer. */
export const makeAgreePaymentPlan =
  (deps: UseCaseDeps) =>
  async (
    invoiceId: string,
    instalments: readonly { dueDate: string; amount: number }[],
    decision: { actor: Actor; reason?: string; requestId: string },
  ): Promise<{ invoice: Invoice; changed: boolean }> => {
    for (let attempt = 1; ; attempt++) {
      const current = await deps.invoices.get(invoiceId);
      if (!current) throw new NotFoundError('invoice', invoiceId);
      await recordTimeline(deps, current.outbox);
      const change = agreePaymentPlan(current.value, instalments, {
        now: deps.clock.now().toISOString(),
        actor: decision.actor,
        reason: decision.reason,
        causeKey: decision.requestId,
      });
      let rev: number;
      try {
        rev = await deps.invoices.put(change.invoice, current.rev, change.events);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await recordTimeline(deps, change.events);
      await syncLedger(deps, change.invoice, rev);
      return { invoice: change.invoice, changed: true };
    }
  };
