/**
 * Finds the customer an incoming invoice belongs to, or creates it.
 *
 * Order: the source's own customer id → the VAT number → the SIREN → create. Creation is idempotent and safe
 * under concurrency: the new id is derived from the source key, and the source key is *claimed* (a conditional
 * write) before the customer is written, so two deliveries racing to create the same customer agree on one id.
 */
import {
  type Contact,
  type Customer,
  DEFAULT_SEGMENT,
  DEFAULT_TIME_ZONE,
  emailDomain,
  isCompanyDomain,
  validateCustomer,
} from '#shared/domain/customer.ts';
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import { compactIdentifier } from '#shared/domain/french-identifiers.ts';
import { customerId as deriveCustomerId } from '#shared/domain/ids.ts';
import { type Actor, timelineEvent } from '#shared/domain/timeline.ts';
import type { CustomerRefInput } from '#shared/ports/invoice-input.ts';
import type { Stores } from './stores.ts';

/** Moved to shared/ports/invoice-input.ts so connectors can produce it; re-exported for existing callers. */
export type { CustomerRefInput } from '#shared/ports/invoice-input.ts';

function sourceKey(source: string, ref: CustomerRefInput): string {
  const local =
    ref.externalId ??
    (ref.vatNumber ? `vat:${compactIdentifier(ref.vatNumber)}` : `name:${ref.name.trim().toLowerCase()}`);
  return `${source}:${local}`;
}

/**
 * The customer a reference would create, validated. Built before any lookup or write, so a reference with a
 * bad VAT number or e-mail is refused with nothing written.
 */
export function customerFromRef(id: string, source: string, ref: CustomerRefInput, now: string): Customer {
  const contacts: Contact[] =
    ref.email || ref.contactName
      ? [
          {
            id: 'billing',
            name: ref.contactName ?? ref.name,
            email: ref.email,
            phone: ref.phone,
            role: 'billing',
            primary: true,
          },
        ]
      : [];
  return validateCustomer({
    id,
    legalName: ref.name,
    vatNumber: ref.vatNumber,
    siren: ref.siren,
    siret: ref.siret,
    language: ref.language ?? 'fr',
    timeZone: ref.timeZone ?? DEFAULT_TIME_ZONE,
    segment: ref.segment ?? DEFAULT_SEGMENT,
    contacts,
    sourceRefs: [{ source, externalId: ref.externalId ?? sourceKey(source, ref) }],
    createdAt: now,
    updatedAt: now,
  });
}

export async function resolveCustomer(
  stores: Stores,
  source: string,
  ref: CustomerRefInput,
  ctx: { now: string; actor: Actor },
): Promise<string> {
  const key = sourceKey(source, ref);
  const candidate = customerFromRef(deriveCustomerId(source, key), source, ref, ctx.now);
  const known = await stores.customers.findByKey('source', key);
  if (known) return known;

  const byIdentifier =
    (candidate.vatNumber && (await stores.customers.findByKey('vat', candidate.vatNumber))) ||
    (candidate.siren && (await stores.customers.findByKey('siren', candidate.siren))) ||
    undefined;
  if (byIdentifier) return stores.customers.claimKey('source', key, byIdentifier);

  const id = await stores.customers.claimKey('source', key, candidate.id);
  if (await stores.customers.get(id)) return id;
  const customer = { ...candidate, id };
  const created = timelineEvent({
    customerId: id,
    type: 'customer.created',
    at: ctx.now,
    actor: ctx.actor,
    causeKey: key,
    summary: `Customer ${customer.legalName} created`,
    data: { source },
  });
  try {
    await stores.customers.put(customer, undefined, [created]);
  } catch (error) {
    // Another delivery created it between our read and our write: same id, nothing more to do.
    if (!(error instanceof ConcurrentUpdateError)) throw error;
  }
  await stores.timeline.append(created);
  if (customer.vatNumber) await stores.customers.claimKey('vat', customer.vatNumber, id);
  if (customer.siren) await stores.customers.claimKey('siren', customer.siren, id);
  const domain = ref.email ? emailDomain(ref.email) : undefined;
  if (domain && isCompanyDomain(domain)) await stores.customers.addEmailDomain(domain, id);
  return id;
}
