/**
 * The one way an existing invoice is changed: read it (finishing the timeline of its previous change from the
 * outbox), apply a domain function, write it conditioned on the revision read — re-reading and re-applying
 * when a concurrent writer won — then record the timeline and, when the amounts or state may have moved,
 * the customer's ledger, aggregate and reminders.
 */
import { ConcurrentUpdateError, NotFoundError } from '#shared/domain/errors.ts';
import type { Invoice, InvoiceChange } from '#shared/domain/invoice.ts';
import { recordTimeline, syncLedger } from './record-invoice.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

export type AfterWrite =
  /** The balance or state may have changed: ledger, aggregate and re-plan. */
  | 'sync-ledger'
  /** Only what reminders depend on changed (a pause): re-plan the customer. */
  | 'replan'
  /** Nothing the ledger or the reminders read (a PDF, steps recorded by the dispatch itself). */
  | 'none';

export async function updateInvoice(
  deps: UseCaseDeps,
  invoiceId: string,
  apply: (invoice: Invoice) => InvoiceChange,
  after: AfterWrite,
): Promise<{ invoice: Invoice; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.invoices.get(invoiceId);
    if (!current) throw new NotFoundError('invoice', invoiceId);
    await recordTimeline(deps, current.outbox);
    const change = apply(current.value);
    if (!change.changed) return { invoice: current.value, changed: false };
    let rev: number;
    try {
      rev = await deps.invoices.put(change.invoice, current.rev, change.events);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    await recordTimeline(deps, change.events);
    if (after === 'sync-ledger') await syncLedger(deps, change.invoice, rev);
    if (after === 'replan') await deps.onCustomerChanged?.(change.invoice.customerId);
    return { invoice: change.invoice, changed: true };
  }
}
