/**
 * Finds the customer an invoice read from a document is addressed to, or creates one flagged for review.
 *
 * Order: the buyer's VAT number (and the SIREN inside a French one) through the existing lookups → the domain
 * of the buyer's e-mail address when exactly one customer uses it → a fuzzy match on the name among the
 * customers whose name starts with one of its words (an index query, never a scan), accepted only when one
 * customer stands out → a new customer, `needsReview: true`, created at most once whatever the concurrency
 * (its id and a lookup claim derive from the buyer's identity).
 */

import { emailDomain, isCompanyDomain, isValidEmail } from '#shared/domain/customer.ts';
import type { ExtractedInvoice } from '#shared/domain/documents/extracted-invoice.ts';
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import { compactIdentifier, isValidVatNumber, sirenFromVat } from '#shared/domain/french-identifiers.ts';
import { customerId as deriveCustomerId } from '#shared/domain/ids.ts';
import { nameSimilarity, nameTokens } from '#shared/domain/matching/name-similarity.ts';
import { type Actor, timelineEvent } from '#shared/domain/timeline.ts';
import { customerFromRef } from './resolve-customer.ts';
import type { Stores } from './stores.ts';

/** A name at least this similar (0..1, legal forms ignored) is the same company... */
export const NAME_MATCH_THRESHOLD = 0.92;
/** ...provided no other candidate comes this close to it. */
const NAME_MATCH_MARGIN = 0.05;
const CANDIDATES_PER_WORD = 50;

export type CustomerMatch = 'vat' | 'siren' | 'email_domain' | 'name' | 'created';

export interface ResolvedCustomer {
  customerId: string;
  matchedBy: CustomerMatch;
}

function buyerVat(fields: ExtractedInvoice): string | undefined {
  const vat = fields.buyerVatNumber ? compactIdentifier(fields.buyerVatNumber.value).toUpperCase() : undefined;
  return vat && isValidVatNumber(vat) ? vat : undefined;
}

async function byName(stores: Stores, name: string): Promise<string | undefined> {
  const words = [...new Set([name.trim().split(/\s+/)[0] ?? '', ...nameTokens(name).slice(0, 3)])].filter(
    (w) => w.length >= 2,
  );
  const scores = new Map<string, number>();
  for (const word of words) {
    const page = await stores.customers.list({ search: word, limit: CANDIDATES_PER_WORD });
    for (const { customer } of page.items) {
      if (!scores.has(customer.id)) scores.set(customer.id, nameSimilarity(name, customer.legalName));
    }
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < NAME_MATCH_THRESHOLD) return undefined;
  if (second && second[1] > best[1] - NAME_MATCH_MARGIN) return undefined;
  return best[0];
}

export async function resolveDocumentCustomer(
  stores: Stores,
  fields: ExtractedInvoice & { buyerName: { value: string } },
  ctx: { now: string; actor: Actor },
): Promise<ResolvedCustomer> {
  const vat = buyerVat(fields);
  const siren = vat ? sirenFromVat(vat) : undefined;
  if (vat) {
    const found = await stores.customers.findByKey('vat', vat);
    if (found) return { customerId: found, matchedBy: 'vat' };
  }
  if (siren) {
    const found = await stores.customers.findByKey('siren', siren);
    if (found) return { customerId: found, matchedBy: 'siren' };
  }
  const email = fields.buyerEmail?.value;
  const domain = email && isValidEmail(email) ? emailDomain(email) : undefined;
  if (domain && isCompanyDomain(domain)) {
    const owners = [...new Set(await stores.customers.findByEmailDomain(domain))];
    if (owners.length === 1 && owners[0]) return { customerId: owners[0], matchedBy: 'email_domain' };
  }
  const name = fields.buyerName.value;
  const named = await byName(stores, name);
  if (named) return { customerId: named, matchedBy: 'name' };
  return { customerId: await createCustomer(stores, name, vat, email, ctx), matchedBy: 'created' };
}

async function createCustomer(
  stores: Stores,
  name: string,
  vat: string | undefined,
  email: string | undefined,
  ctx: { now: string; actor: Actor },
): Promise<string> {
  const identity = `new:${vat ?? nameTokens(name).join(' ').toLowerCase()}`;
  const validEmail = email && isValidEmail(email) ? email : undefined;
  const candidate = {
    ...customerFromRef(
      deriveCustomerId('pdf', identity),
      'pdf',
      { externalId: identity, name, vatNumber: vat, email: validEmail },
      ctx.now,
    ),
    needsReview: true,
  };
  // Two documents for the same unknown buyer, read at once, agree on one customer through this claim.
  const id = await stores.customers.claimKey('source', `pdf:${identity}`, candidate.id);
  if (await stores.customers.get(id)) return id;
  const customer = { ...candidate, id };
  const created = timelineEvent({
    customerId: id,
    type: 'customer.created',
    at: ctx.now,
    actor: ctx.actor,
    causeKey: `pdf:${identity}`,
    summary: `Customer ${customer.legalName} created from a document (to review)`,
    data: { source: 'pdf' },
  });
  try {
    await stores.customers.put(customer, undefined, [created]);
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
  }
  await stores.timeline.append(created);
  if (customer.vatNumber) await stores.customers.claimKey('vat', customer.vatNumber, id);
  if (customer.siren) await stores.customers.claimKey('siren', customer.siren, id);
  const domain = validEmail ? emailDomain(validEmail) : undefined;
  if (domain && isCompanyDomain(domain)) await stores.customers.addEmailDomain(domain, id);
  return id;
}
