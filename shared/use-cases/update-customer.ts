/**
 * Changes a customer's profile (a person editing it on the dashboard or through the API).
 * The patch is re-applied on a fresh read when a concurrent writer won, so no edit is lost.
 */
import { type Contact, type Customer, validateCustomer } from '#shared/domain/customer.ts';
import { ConcurrentUpdateError, NotFoundError } from '#shared/domain/errors.ts';
import { type Actor, timelineEvent } from '#shared/domain/timeline.ts';
import { recordTimeline } from './record-invoice.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

/** Fields a person may change; `null` clears an optional one. */
export type CustomerPatch = Partial<{
  [K in 'legalName' | 'language' | 'timeZone' | 'segment' | 'contacts']: Customer[K];
}> &
  Partial<{
    [K in 'siren' | 'siret' | 'vatNumber' | 'address' | 'planId' | 'pausedUntil']: Customer[K] | null;
  }> &
  /** `null`: a person checked a customer created from a PDF (its details are right, or corrected). */
  Partial<{ needsReview: null }>;

/**
 * E-mail tracking flags (bounced, complained) belong to the address, not to the form a person submits: an
 * edited contact list keeps them for the same addresses unless the edit sets them explicitly.
 */
function keepTrackingFlags(next: readonly Contact[], previous: readonly Contact[]): Contact[] {
  return next.map((contact) => {
    if (contact.emailStatus !== undefined || !contact.email) return contact;
    const before = previous.find((p) => p.email?.toLowerCase() === contact.email?.toLowerCase());
    return before?.emailStatus ? { ...contact, emailStatus: before.emailStatus } : contact;
  });
}

export const makeUpdateCustomer =
  (deps: UseCaseDeps) =>
  async (id: string, patch: CustomerPatch, actor: Actor): Promise<{ customer: Customer; changed: boolean }> => {
    for (let attempt = 1; ; attempt++) {
      const current = await deps.customers.get(id);
      if (!current) throw new NotFoundError('customer', id);
      await recordTimeline(deps, current.outbox);
      const merged: Record<string, unknown> = { ...current.value };
      for (const [field, value] of Object.entries(patch)) {
        if (value === null) delete merged[field];
        else if (value !== undefined) merged[field] = value;
      }
      if (patch.contacts) merged.contacts = keepTrackingFlags(patch.contacts, current.value.contacts);
      const now = deps.clock.now().toISOString();
      const next = validateCustomer({ ...(merged as unknown as Customer), updatedAt: now });
      const changedFields = Object.keys(patch).filter(
        (f) => JSON.stringify(current.value[f as keyof Customer]) !== JSON.stringify(next[f as keyof Customer]),
      );
      if (changedFields.length === 0) return { customer: current.value, changed: false };
      const event = timelineEvent({
        customerId: id,
        type: 'customer.updated',
        at: now,
        actor,
        causeKey: `rev:${current.rev + 1}`,
        summary: `Customer updated: ${changedFields.join(', ')}`,
        data: { fields: changedFields },
      });
      try {
        await deps.customers.put(next, current.rev, [event]);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await recordTimeline(deps, [event]);
      return { customer: next, changed: true };
    }
  };
