/**
 * Recomputes a customer's receivables aggregate from its ledger and stores it.
 *
 * Steps: read the customer (and its aggregate revision) → read the ledger (strongly consistent) → compute →
 * write conditioned on the revision read. Reading the revision *before* the ledger is what makes it safe:
 * a concurrent writer that changed the ledger after our read also bumps the revision, so our stale write is
 * refused and we recompute.
 */
import { computeAggregate, sameAggregate } from '#shared/domain/customer-aggregate.ts';
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import { MAX_ATTEMPTS, type Stores } from './stores.ts';

export async function refreshCustomerAggregate(stores: Pick<Stores, 'customers'>, customerId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await stores.customers.get(customerId);
    if (!current) return;
    const aggregate = computeAggregate(await stores.customers.ledger(customerId));
    // Already stored (a redelivery, or a run that stopped before the summary was written): bring the summary
    // up to date, which is a no-op when it already is.
    if (sameAggregate(aggregate, current.aggregate)) return stores.customers.syncSummary(customerId);
    try {
      await stores.customers.putAggregate(customerId, aggregate, current.aggregateRev);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
