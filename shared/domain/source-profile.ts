/**
 * A customer's profile as an invoice source (Sellsy, QuickBooks, Chargebee) describes it, merged into the
 * customer we hold. The source owns the legal name, identifiers and its billing contacts; contacts a person
 * added in Relance, the plan, pause, language and segment stay as they are. Versioned per source reference:
 * an older or identical profile changes nothing.
 */
import { type Address, type Contact, type Customer, isValidEmail, validateCustomer } from './customer.ts';
import { compactIdentifier, isValidSiren, isValidSiret, isValidVatNumber } from './french-identifiers.ts';
import { digest } from './ids.ts';
import { normalizeSourceVersion } from './source-version.ts';
import { type Actor, type TimelineEvent, timelineEvent } from './timeline.ts';

export interface SourceProfile {
  source: string;
  externalId: string;
  name: string;
  vatNumber?: string;
  siren?: string;
  siret?: string;
  address?: Address;
  /** Billing contacts in the source's order of preference: the first becomes primary unless a person chose one. */
  billingContacts: { externalId: string; name: string; email?: string; phone?: string }[];
  version?: number | string;
}

export interface ProfileChange {
  customer: Customer;
  events: TimelineEvent[];
  changed: boolean;
}

const PHONE = /^\+?[0-9 ().-]{6,20}$/;

/** The id a source contact gets in Relance: prefixed by its source, so a merge knows which contacts it owns. */
export const sourceContactId = (source: string, externalId: string): string => `${source}:${externalId}`;

function valid(value: string | undefined, check: (v: string) => boolean): string | undefined {
  if (!value?.trim()) return undefined;
  const compact = compactIdentifier(value);
  return check(compact) ? compact : undefined;
}

/**
 * Applies a source profile to a customer. Identifiers or e-mails the source holds in an invalid form are left
 * out rather than refusing the whole profile (a typo in the source must not stop its invoices from arriving).
 */
export function applySourceProfile(
  current: Customer,
  profile: SourceProfile,
  ctx: { now: string; actor: Actor },
): ProfileChange {
  const version = profile.version === undefined ? undefined : normalizeSourceVersion(profile.version);
  const refIndex = current.sourceRefs.findIndex(
    (r) => r.source === profile.source && r.externalId === profile.externalId,
  );
  const known = refIndex >= 0 ? current.sourceRefs[refIndex] : undefined;
  if (version !== undefined && known?.version !== undefined && version <= known.version) {
    return { customer: current, events: [], changed: false };
  }

  const prefix = `${profile.source}:`;
  const kept = current.contacts.filter((c) => !c.id.startsWith(prefix));
  const personChosePrimary = kept.some((c) => c.primary);
  const fromSource: Contact[] = [];
  for (const contact of profile.billingContacts) {
    const id = sourceContactId(profile.source, contact.externalId);
    if (!contact.name.trim() || fromSource.some((c) => c.id === id)) continue;
    const email = contact.email?.trim();
    const phone = contact.phone?.trim();
    fromSource.push({
      id,
      name: contact.name.trim(),
      email: email && isValidEmail(email) ? email : undefined,
      phone: phone && PHONE.test(phone) ? phone : undefined,
      role: 'billing',
      primary: !personChosePrimary && fromSource.length === 0,
    });
  }
  const contacts = [...kept, ...fromSource];
  if (contacts.length > 0 && !contacts.some((c) => c.primary)) {
    contacts[0] = { ...(contacts[0] as Contact), primary: true };
  }

  const sourceRefs = [...current.sourceRefs];
  const ref = { source: profile.source, externalId: profile.externalId, ...(version ? { version } : {}) };
  if (refIndex >= 0) sourceRefs[refIndex] = ref;
  else sourceRefs.push(ref);

  const siret = valid(profile.siret, isValidSiret);
  const next: Customer = {
    ...current,
    legalName: profile.name.trim() || current.legalName,
    vatNumber: valid(profile.vatNumber, isValidVatNumber) ?? current.vatNumber,
    siret: siret ?? current.siret,
    siren: siret?.slice(0, 9) ?? valid(profile.siren, isValidSiren) ?? current.siren,
    address: profile.address ?? current.address,
    contacts,
    sourceRefs,
  };
  const validated = validateCustomer(next);
  const fields = (['legalName', 'vatNumber', 'siren', 'siret', 'address', 'contacts'] as const).filter(
    (f) => JSON.stringify(current[f]) !== JSON.stringify(validated[f]),
  );
  const versionChanged = JSON.stringify(current.sourceRefs) !== JSON.stringify(sourceRefs);
  if (fields.length === 0 && !versionChanged) return { customer: current, events: [], changed: false };
  const customer = { ...validated, updatedAt: ctx.now };
  const events =
    fields.length === 0
      ? []
      : [
          timelineEvent({
            customerId: current.id,
            type: 'customer.updated',
            at: ctx.now,
            actor: ctx.actor,
            causeKey: `${profile.source}:${profile.externalId}:${version ?? digest([JSON.stringify(profile)])}`,
            summary: `Customer updated from ${profile.source}: ${fields.join(', ')}`,
            data: { fields, source: profile.source },
          }),
        ];
  return { customer, events, changed: true };
}
