/** The persistence ports most use cases need, passed as one object. */
import type { Clock } from '#shared/ports/clock.ts';
import type { CustomerRepository, InvoiceRepository, TimelineRepository } from '#shared/ports/repositories.ts';

export interface Stores {
  invoices: InvoiceRepository;
  customers: CustomerRepository;
  timeline: TimelineRepository;
}

export interface UseCaseDeps extends Stores {
  clock: Clock;
  /**
   * Called after anything changed a customer's receivables (an invoice recorded, paid, disputed, paused …),
   * so the host can re-plan that customer's reminders. Must be idempotent; errors propagate to the caller.
   */
  onCustomerChanged?: (customerId: string) => Promise<void>;
}

/** How many times an optimistic write is retried after losing a race before the error surfaces. */
export const MAX_ATTEMPTS = 8;
