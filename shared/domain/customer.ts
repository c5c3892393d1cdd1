/**
 * A customer (the debtor company) with its billing contacts. Reminders go to the one primary billing contact,
 * with the secondary contacts in copy.
 */
import { assertIsoDate, type IsoDate } from './calendar-date.ts';
import { InvalidValueError } from './errors.ts';
import { compactIdentifier, isValidSiren, isValidSiret, isValidVatNumber, sirenFromVat } from './french-identifiers.ts';
import type { Language } from './money.ts';

export interface Address {
  lines: string[];
  postalCode?: string;
  city?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export type ContactRole = 'billing' | 'accounting' | 'management' | 'other';

export interface Contact {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  role: ContactRole;
  /** Exactly one contact of a customer with contacts is the primary billing contact. */
  primary: boolean;
  /** Set by e-mail tracking: a hard bounce or a complaint means this address is never e-mailed again. */
  emailStatus?: ContactEmailStatus;
  /** Set by a call outcome: this person is not the one to reach about invoices. */
  wrongContact?: boolean;
}

export type ContactEmailStatus = 'ok' | 'bounced' | 'complained';

export interface SourceRef {
  source: string;
  externalId: string;
  /** Normalised version (source-version.ts) of the source's profile last applied; older ones are ignored. */
  version?: string;
}

export interface Customer {
  id: string;
  legalName: string;
  siren?: string;
  siret?: string;
  vatNumber?: string;
  address?: Address;
  language: Language;
  /** IANA time zone used for send hours. */
  timeZone: string;
  segment: string;
  contacts: Contact[];
  /** A per-customer dunning plan that overrides the segment's plan. */
  planId?: string;
  /** Reminders are paused for every invoice of the customer until this day (inclusive). */
  pausedUntil?: IsoDate;
  sourceRefs: SourceRef[];
  /** Created from a read document because no known customer matched: a person should check the details. */
  needsReview?: boolean;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_TIME_ZONE = 'Europe/Paris';
export const DEFAULT_SEGMENT = 'standard';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function isValidTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The domain of an e-mail address, lower case ("compta@acme.example" → "acme.example"). */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  return at > 0 ? email.slice(at + 1).toLowerCase() : undefined;
}

/** Webmail domains say nothing about which company a person works for, so they never identify a customer. */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.fr',
  'hotmail.com',
  'hotmail.fr',
  'outlook.com',
  'outlook.fr',
  'live.com',
  'live.fr',
  'msn.com',
  'icloud.com',
  'me.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'laposte.net',
  'neuf.fr',
  'bbox.fr',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.fr',
  'gmx.com',
]);

export function isCompanyDomain(domain: string): boolean {
  return !PUBLIC_MAIL_DOMAINS.has(domain.toLowerCase());
}

export function primaryContact(customer: Customer): Contact | undefined {
  return customer.contacts.find((c) => c.primary);
}

export function secondaryContacts(customer: Customer): Contact[] {
  return customer.contacts.filter((c) => !c.primary);
}

/**
 * Checks every invariant of a customer and returns it normalised (identifiers compacted, VAT upper-case,
 * SIREN derived from SIRET or French VAT when missing). Throws InvalidValueError naming the field.
 */
export function validateCustomer(customer: Customer): Customer {
  if (!customer.legalName.trim()) throw new InvalidValueError('legalName', 'must not be empty');
  const out: Customer = { ...customer, legalName: customer.legalName.trim() };
  if (out.siret !== undefined) {
    out.siret = compactIdentifier(out.siret);
    if (!isValidSiret(out.siret)) throw new InvalidValueError('siret', `"${customer.siret}" is not a valid SIRET`);
  }
  if (out.siren !== undefined) {
    out.siren = compactIdentifier(out.siren);
    if (!isValidSiren(out.siren)) throw new InvalidValueError('siren', `"${customer.siren}" is not a valid SIREN`);
  }
  if (out.vatNumber !== undefined) {
    out.vatNumber = compactIdentifier(out.vatNumber);
    if (!isValidVatNumber(out.vatNumber)) {
      throw new InvalidValueError('vatNumber', `"${customer.vatNumber}" is not a valid VAT number`);
    }
  }
  if (out.siren && out.siret && !out.siret.startsWith(out.siren)) {
    throw new InvalidValueError('siret', 'must start with the SIREN');
  }
  out.siren ??= out.siret?.slice(0, 9) ?? (out.vatNumber ? sirenFromVat(out.vatNumber) : undefined);
  if (!isValidTimeZone(out.timeZone)) throw new InvalidValueError('timeZone', `"${out.timeZone}" is not a time zone`);
  if (out.language !== 'fr' && out.language !== 'en') throw new InvalidValueError('language', 'must be fr or en');
  if (!out.segment.trim()) throw new InvalidValueError('segment', 'must not be empty');
  if (out.pausedUntil !== undefined) assertIsoDate(out.pausedUntil, 'pausedUntil');
  if (out.needsReview !== undefined && typeof out.needsReview !== 'boolean') {
    throw new InvalidValueError('needsReview', 'must be true or false');
  }
  if (out.address && !/^[A-Z]{2}$/.test(out.address.country)) {
    throw new InvalidValueError('address.country', 'must be an ISO 3166 alpha-2 code');
  }
  validateContacts(out.contacts);
  return out;
}

function validateContacts(contacts: readonly Contact[]): void {
  const ids = new Set<string>();
  contacts.forEach((contact, i) => {
    if (!contact.name.trim()) throw new InvalidValueError(`contacts[${i}].name`, 'must not be empty');
    if (contact.email !== undefined && !isValidEmail(contact.email)) {
      throw new InvalidValueError(`contacts[${i}].email`, `"${contact.email}" is not an e-mail address`);
    }
    if (contact.phone !== undefined && !/^\+?[0-9 ().-]{6,20}$/.test(contact.phone)) {
      throw new InvalidValueError(`contacts[${i}].phone`, `"${contact.phone}" is not a phone number`);
    }
    if (contact.emailStatus !== undefined && !['ok', 'bounced', 'complained'].includes(contact.emailStatus)) {
      throw new InvalidValueError(`contacts[${i}].emailStatus`, 'must be ok, bounced or complained');
    }
    if (contact.wrongContact !== undefined && typeof contact.wrongContact !== 'boolean') {
      throw new InvalidValueError(`contacts[${i}].wrongContact`, 'must be true or false');
    }
    if (ids.has(contact.id)) throw new InvalidValueError(`contacts[${i}].id`, 'is used twice');
    ids.add(contact.id);
  });
  const primaries = contacts.filter((c) => c.primary).length;
  if (contacts.length > 0 && primaries !== 1) {
    throw new InvalidValueError('contacts', `exactly one primary billing contact is required, found ${primaries}`);
  }
}
