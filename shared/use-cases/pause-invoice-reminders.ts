/** Pauses (or resumes) the reminders of one invoice, with a timeline entry, then re-plans its customer. */
import { ConcurrentUpdateError, NotFoundError } from '#shared/domain/errors.ts';
import { type Invoice, pauseReminders } from '#shared/domain/invoice.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import { recordTimeline } from './record-invoice.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

export const makePauseInvoiceReminders =
  (deps: UseCaseDeps) =>
  async (
    invoiceId: string,
    until: string | undefined,
    decision: { actor: Actor; reason?: string; requestId: string },
  ): Promise<{ invoice: Invoice; changed: boolean }> => {
    for (let attempt = 1; ; attempt++) {
      const current = await deps.invoices.get(invoiceId);
      if (!current) throw new NotFoundError('invoice', invoiceId);
      await recordTimeline(deps, current.outbox);
      const change = pauseReminders(current.value, until, {
        now: deps.clock.now().toISOString(),
        actor: decision.actor,
        reason: decision.reason,
        causeKey: decision.requestId,
      });
      if (!change.changed) return { invoice: current.value, changed: false };
      try {
        await deps.invoices.put(change.invoice, current.rev, change.events);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await recordTimeline(deps, change.events);
      await deps.onCustomerChanged?.(change.invoice.customerId);
      return { invoice: change.invoice, changed: true };
    }
  };
