/**
 * Records a customer as an invoice source describes it (profile + billing contacts).
 *
 * Input: the source's profile (SourceCustomer). Output: our customer id and whether anything changed.
 * Steps:
 *  1. find or create the customer exactly as an invoice would (source id → VAT → SIREN → create);
 *  2. merge the profile in the domain (versioned per source: an older or identical profile changes nothing;
 *     contacts a person added are kept);
 *  3. write it conditioned on the revision read, re-reading and re-merging when a concurrent writer won.
 */

import { ConcurrentUpdateError, NotFoundError } from '#shared/domain/errors.ts';
import { compactIdentifier, isValidSiren, isValidSiret, isValidVatNumber } from '#shared/domain/french-identifiers.ts';
import { applySourceProfile } from '#shared/domain/source-profile.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type { SourceCustomer } from '#shared/ports/invoice-source.ts';
import { recordTimeline } from './record-invoice.ts';
import { resolveCustomer } from './resolve-customer.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

const validOrNone = (value: string | undefined, check: (v: string) => boolean) =>
  value && check(compactIdentifier(value)) ? value : undefined;

export const makeUpsertSourceCustomer =
  (deps: UseCaseDeps) =>
  async (profile: SourceCustomer, actor: Actor): Promise<{ customerId: string; changed: boolean }> => {
    const now = deps.clock.now().toISOString();
    const customerId = await resolveCustomer(
      deps,
      profile.source,
      {
        externalId: profile.externalId,
        name: profile.name.trim() || profile.externalId,
        // Identifiers only when valid: they find a customer another source created; a bad one must not block.
        vatNumber: validOrNone(profile.vatNumber, isValidVatNumber),
        siren: validOrNone(profile.siren, isValidSiren),
        siret: validOrNone(profile.siret, isValidSiret),
      },
      { now, actor },
    );
    for (let attempt = 1; ; attempt++) {
      const current = await deps.customers.get(customerId);
      if (!current) throw new NotFoundError('customer', customerId);
      await recordTimeline(deps, current.outbox);
      const change = applySourceProfile(current.value, profile, { now, actor });
      if (!change.changed) return { customerId, changed: false };
      try {
        await deps.customers.put(change.customer, current.rev, change.events);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await recordTimeline(deps, change.events);
      return { customerId, changed: true };
    }
  };
