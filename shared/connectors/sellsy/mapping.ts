/**
 * Sellsy records → our inputs.
 *  - Amounts are 3-decimal strings in major units: parseDecimal(…, 'half-up') into the currency's minor unit
 *    ("2520.000" EUR → 252000; a third decimal rounds half away from zero: "0.005" → 1 cent, "0.004" → 0).
 *  - Total = `total_incl_tax`; paid = total − `total_remaining_due_incl_tax` (clamped to 0…total). Credit notes
 *    applied to the invoice lower the remaining due, so they count as paid here (Sellsy does not tell them apart
 *    on the invoice, as with QuickBooks).
 *  - `draft` is not a receivable: not recorded. `cancelled` → voided.
 *  - Version: the invoice's update time (`updated`/`updated_at`, [U]) when Sellsy sends one. Otherwise NO
 *    version: `created` never changes and `last_payment.paid_at` does not move on a cancellation, an edited due
 *    date or a deleted payment, and a version that does not grow with every change would make the domain drop
 *    the change as "not newer". Without a version every Sellsy event re-reads the invoice, so what is recorded
 *    is Sellsy's state when the worker read it; an identical state changes nothing.
 *  - Customers are companies or individuals: our ids are `company:{id}` / `individual:{id}`, since the two are
 *    separate resources. The billing contact is the company's dunning contact, else its invoicing contact,
 *    else its main contact. Customer profiles carry no version (they combine two records, the company and the
 *    contact): they are always read fresh, and an identical profile changes nothing.
 */
import { compareDates, isIsoDate } from '#shared/domain/calendar-date.ts';
import { digest } from '#shared/domain/ids.ts';
import { parseDecimal } from '#shared/domain/money.ts';
import type { SourceContact, SourceCustomer, SourceInvoice, SourceRef } from '#shared/ports/invoice-source.ts';
import { SourceRecordError } from '#shared/ports/invoice-source.ts';
import { SOURCE, STATUS_MEANING, UPDATED_FIELDS } from './facts.ts';
import type { Company, Contact, CreditNote, Individual, Invoice } from './schemas.ts';

export type CustomerKind = 'company' | 'individual';

/** A customer reference: `company:{id}`, `individual:{id}`, or a bare id when the kind is unknown (a `client` notif). */
export function parseCustomerRef(ref: SourceRef): { kind?: CustomerKind; id: string } {
  const match = /^(company|individual):(\d+)$/.exec(ref.id);
  if (match?.[1] && match[2]) return { kind: match[1] as CustomerKind, id: match[2] };
  if (/^\d+$/.test(ref.id)) return { id: ref.id };
  throw new SourceRecordError(`"${ref.id}" is not a Sellsy customer id`);
}

const customerExternalId = (kind: CustomerKind, id: string) => `${kind}:${id}`;

/** The update time Sellsy gives a record, when it gives one ([U]). */
export function updatedAt(record: Record<string, unknown>): string | undefined {
  for (const field of UPDATED_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
  }
  return undefined;
}

function calendarDay(value: string | null | undefined): string | undefined {
  const day = value?.slice(0, 10);
  return day && isIsoDate(day) ? day : undefined;
}

function personName(first?: string | null, last?: string | null): string | undefined {
  const name = [first, last]
    .filter((p) => p?.trim())
    .join(' ')
    .trim();
  return name || undefined;
}

/** The invoice's customer (`related[]` company or individual). */
export function customerOf(invoice: Invoice): { kind: CustomerKind; id: string } {
  const entry = invoice.related.find((r) => r.type === 'company' || r.type === 'individual');
  if (!entry) throw new SourceRecordError(`sellsy invoice ${invoice.id}: no company or individual in related[]`);
  return { kind: entry.type as CustomerKind, id: entry.id };
}

/** Undefined for a draft (not a receivable yet). */
export function toSourceInvoice(invoice: Invoice): SourceInvoice | undefined {
  const meaning = STATUS_MEANING[invoice.status];
  if (meaning === 'skip') return undefined;
  const issueDate = calendarDay(invoice.date);
  if (!issueDate) throw new SourceRecordError(`sellsy invoice ${invoice.id}: bad date`);
  const due = calendarDay(invoice.due_date) ?? issueDate;
  let total: number;
  let remaining: number;
  try {
    total = parseDecimal(invoice.amounts.total_incl_tax, invoice.currency, 'half-up').amount;
    remaining = parseDecimal(invoice.amounts.total_remaining_due_incl_tax, invoice.currency, 'half-up').amount;
  } catch (error) {
    throw new SourceRecordError(`sellsy invoice ${invoice.id}: ${error instanceof Error ? error.message : error}`);
  }
  const customer = customerOf(invoice);
  const version = updatedAt(invoice);
  return {
    ref: { id: invoice.id },
    customerRef: { id: customerExternalId(customer.kind, customer.id) },
    invoice: {
      source: SOURCE,
      externalId: invoice.id,
      number: invoice.number?.trim() || invoice.id,
      customer: {
        externalId: customerExternalId(customer.kind, customer.id),
        // The invoice names no customer: the worker fetches the profile before recording a new invoice.
        name: `Sellsy ${customer.kind} ${customer.id}`,
      },
      issueDate,
      dueDate: compareDates(due, issueDate) < 0 ? issueDate : due,
      currency: invoice.currency,
      total,
      amountPaid: Math.max(0, Math.min(total, total - remaining)),
      voided: meaning === 'void',
      ...(version !== undefined ? { version } : {}),
    },
  };
}

/** A deterministic key of what the invoice says: the catch-up's event id when Sellsy gives no update time. */
export const contentKey = (rec: SourceInvoice): string =>
  rec.invoice.version !== undefined ? String(rec.invoice.version) : digest([JSON.stringify(rec.invoice)], 16);

/** The contacts to try as the billing contact, in order of preference. */
export function billingContactIds(record: Company | Individual): string[] {
  const ids = [record.dunning_contact_id, record.invoicing_contact_id, record.main_contact_id];
  return [...new Set(ids.filter((i): i is string => Boolean(i)))];
}

function toContact(contact: Contact, fallbackName: string): SourceContact {
  return {
    externalId: `contact:${contact.id}`,
    name: personName(contact.first_name, contact.last_name) ?? fallbackName,
    ...(contact.email?.trim() ? { email: contact.email.trim() } : {}),
    ...((contact.phone_number ?? contact.mobile_number)?.trim()
      ? { phone: (contact.phone_number ?? contact.mobile_number)?.trim() }
      : {}),
  };
}

export function companyToSourceCustomer(company: Company, contact: Contact | undefined): SourceCustomer {
  const name = company.name?.trim() || `Sellsy company ${company.id}`;
  const legal = company.legal_france;
  const contacts: SourceContact[] = [];
  if (contact) contacts.push(toContact(contact, name));
  else if (company.email?.trim()) {
    // No billing contact at all: the company's own address receives the reminders.
    const phone = (company.phone_number ?? company.mobile_number)?.trim();
    contacts.push({
      externalId: customerExternalId('company', company.id),
      name,
      email: company.email.trim(),
      ...(phone ? { phone } : {}),
    });
  }
  return {
    source: SOURCE,
    externalId: customerExternalId('company', company.id),
    name,
    ...(legal?.vat?.trim() ? { vatNumber: legal.vat.trim() } : {}),
    ...(legal?.siren?.trim() ? { siren: legal.siren.trim() } : {}),
    ...(legal?.siret?.trim() ? { siret: legal.siret.trim() } : {}),
    billingContacts: contacts,
  };
}

export function individualToSourceCustomer(person: Individual, contact: Contact | undefined): SourceCustomer {
  const name = personName(person.first_name, person.last_name) ?? `Sellsy individual ${person.id}`;
  const phone = (person.phone_number ?? person.mobile_number)?.trim();
  const self: SourceContact = {
    externalId: customerExternalId('individual', person.id),
    name,
    ...(person.email?.trim() ? { email: person.email.trim() } : {}),
    ...(phone ? { phone } : {}),
  };
  return {
    source: SOURCE,
    externalId: customerExternalId('individual', person.id),
    name,
    billingContacts: contact ? [toContact(contact, name)] : self.email || self.phone ? [self] : [],
  };
}

/** The invoices a payment or a credit note applies to (`related[]`, and a credit note's `parent`). */
export function relatedInvoices(record: {
  related: { type: string; id: string }[];
  parent?: CreditNote['parent'];
}): SourceRef[] {
  const ids = new Set(record.related.filter((r) => r.type === 'invoice').map((r) => r.id));
  if (record.parent?.type === 'invoice') ids.add(record.parent.id);
  return [...ids].map((id) => ({ id }));
}
