/** Pauses (or resumes) the reminders of one invoice, with a timeline entry, then re-plans its customer. */
import { type Invoice, pauseReminders } from '#shared/domain/invoice.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type { UseCaseDeps } from './stores.ts';
import { updateInvoice } from './update-invoice.ts';

export const makePauseInvoiceReminders =
  (deps: UseCaseDeps) =>
  (
    invoiceId: string,
    until: string | undefined,
    decision: { actor: Actor; reason?: string; requestId: string },
  ): Promise<{ invoice: Invoice; changed: boolean }> =>
    updateInvoice(
      deps,
      invoiceId,
      (invoice) =>
        pauseReminders(invoice, until, {
          now: deps.clock.now().toISOString(),
          actor: decision.actor,
          reason: decision.reason,
          causeKey: decision.requestId,
        }),
      'replan',
    );
