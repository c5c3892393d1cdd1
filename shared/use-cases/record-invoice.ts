/**
 * Records an invoice from any source (the generic API, a provider webhook, a read PDF): idempotent on
 * source + externalId, versioned, with its timeline and the customer's aggregate kept up to date.
 *
 * Input: what the source says (InvoiceInput). Output: the stored invoice and whether it was created/changed.
 * Steps:
 *  1. resolve (or create) the customer;
 *  2. read the invoice, finish recording the timeline events of its previous change (outbox), apply the new
 *     data in the domain (identical or older data changes nothing), write it conditioned on the revision read,
 *     retrying from the read when a concurrent writer won;
 *  3. record the timeline events, the customer's ledger entry and recompute the aggregate — all idempotent,
 *     and re-run even when nothing changed, so a redelivery after a crash completes what the first one began.
 */
import { ledgerEntryOf } from '#shared/domain/customer-aggregate.ts';
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import { applySourceData, type Invoice, type InvoiceSourceData, validateSourceData } from '#shared/domain/invoice.ts';
import { normalizeSourceVersion } from '#shared/domain/source-version.ts';
import type { Actor, TimelineEvent } from '#shared/domain/timeline.ts';
import type { InvoiceInput } from '#shared/ports/invoice-input.ts';
import { refreshCustomerAggregate } from './refresh-customer-aggregate.ts';
import { resolveCustomer } from './resolve-customer.ts';
import { MAX_ATTEMPTS, type Stores, type UseCaseDeps } from './stores.ts';

/** Moved to shared/ports/invoice-input.ts so connectors can produce it; re-exported for existing callers. */
export type { InvoiceInput } from '#shared/ports/invoice-input.ts';

export interface RecordInvoiceResult {
  invoice: Invoice;
  created: boolean;
  changed: boolean;
}

export async function recordTimeline(
  stores: Pick<Stores, 'timeline'>,
  events: readonly TimelineEvent[],
): Promise<void> {
  for (const event of events) await stores.timeline.append(event);
}

export const makeRecordInvoice =
  (deps: UseCaseDeps) =>
  async (input: InvoiceInput, actor: Actor, reason?: string): Promise<RecordInvoiceResult> => {
    const now = deps.clock.now().toISOString();
    const sourceVersion = input.version === undefined ? undefined : normalizeSourceVersion(input.version);
    // Validate everything before the first write: bad input leaves nothing behind.
    validateSourceData({ ...sourceData(input, 'pending'), sourceVersion });
    const customerId = await resolveCustomer(deps, input.source, input.customer, { now, actor });
    const id = invoiceId(input.source, input.externalId);

    for (let attempt = 1; ; attempt++) {
      const current = await deps.invoices.get(id);
      if (current) await recordTimeline(deps, current.outbox);
      const change = applySourceData(
        current?.value,
        { ...sourceData(input, customerId), sourceVersion },
        { now, actor, reason },
      );
      let rev = current?.rev ?? 0;
      if (change.changed) {
        try {
          rev = await deps.invoices.put(change.invoice, current?.rev, change.events);
        } catch (error) {
          if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
          throw error;
        }
        await recordTimeline(deps, change.events);
      }
      await syncLedger(deps, change.invoice, rev, current?.value.customerId);
      return { invoice: change.invoice, created: change.created, changed: change.changed };
    }
  };

function sourceData(input: InvoiceInput, customerId: string): InvoiceSourceData {
  return {
    source: input.source,
    externalId: input.externalId,
    number: input.number,
    customerId,
    issueDate: input.issueDate,
    dueDate: input.dueDate,
    currency: input.currency,
    total: input.total,
    amountPaid: input.amountPaid,
    credited: input.credited,
    voided: input.voided,
  };
}

/**
 * Puts the invoice's entry in its customer's ledger (moving it when the customer changed) and recomputes the
 * aggregates concerned.
 */
export async function syncLedger(
  deps: Stores & Pick<UseCaseDeps, 'onCustomerChanged'>,
  invoice: Invoice,
  rev: number,
  previousCustomerId?: string,
): Promise<void> {
  await deps.customers.putLedgerEntry(invoice.customerId, ledgerEntryOf(invoice), rev);
  await refreshCustomerAggregate(deps, invoice.customerId);
  if (previousCustomerId && previousCustomerId !== invoice.customerId) {
    await deps.customers.removeLedgerEntry(previousCustomerId, invoice.id, rev);
    await refreshCustomerAggregate(deps, previousCustomerId);
    await deps.onCustomerChanged?.(previousCustomerId);
  }
  // Re-plan the customer's reminders (a payment, a new invoice, a dispute … changes what is due).
  await deps.onCustomerChanged?.(invoice.customerId);
}
