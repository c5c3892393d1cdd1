/**
 * Chargebee records → our inputs. Amounts are already integer minor units ([S] "in cents"), taken as they are.
 * Versions are `resource_version` ([V]), so an older delivery never overwrites a newer one.
 */
import { dateInZone } from '#shared/domain/calendar-date.ts';
import type { Address } from '#shared/domain/customer.ts';
import type { SourceContact, SourceCustomer, SourceInvoice } from '#shared/ports/invoice-source.ts';
import { SITE_TIME_ZONE, SOURCE } from './facts.ts';
import type { Customer, Invoice } from './schemas.ts';

const day = (unixSeconds: number) => dateInZone(new Date(unixSeconds * 1000), SITE_TIME_ZONE);

function personName(first?: string, last?: string): string | undefined {
  const name = [first, last]
    .filter((p) => p?.trim())
    .join(' ')
    .trim();
  return name || undefined;
}

export function toSourceInvoice(invoice: Invoice): SourceInvoice {
  const issueDate = day(invoice.date);
  const due = invoice.due_date === undefined ? issueDate : day(invoice.due_date);
  const paid = invoice.amount_paid;
  // What lowers the balance without being a payment: credit notes (adjustments and applied credits) and
  // write-offs. Clamped so rounding at the source can never make paid + credited exceed the total.
  const credited = Math.min(
    invoice.amount_adjusted + invoice.credits_applied + invoice.write_off_amount,
    Math.max(0, invoice.total - paid),
  );
  const billing = invoice.billing_address;
  return {
    ref: { id: invoice.id },
    customerRef: { id: invoice.customer_id },
    invoice: {
      source: SOURCE,
      externalId: invoice.id,
      // Chargebee's invoice id is the number printed on the invoice.
      number: invoice.id,
      customer: {
        externalId: invoice.customer_id,
        name: billing?.company?.trim() || personName(billing?.first_name, billing?.last_name) || invoice.customer_id,
      },
      issueDate,
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as strings (Math.max would coerce to NaN)
      dueDate: due < issueDate ? issueDate : due,
      currency: invoice.currency_code,
      total: invoice.total,
      amountPaid: Math.min(paid, invoice.total),
      credited,
      voided: invoice.status === 'voided' || invoice.deleted,
      ...(invoice.resource_version !== undefined ? { version: invoice.resource_version } : {}),
    },
  };
}

function toAddress(a: Customer['billing_address']): Address | undefined {
  const country = a?.country?.trim().toUpperCase();
  if (!a || !country || !/^[A-Z]{2}$/.test(country)) return undefined;
  const lines = [a.line1, a.line2, a.line3].filter((l): l is string => Boolean(l?.trim())).slice(0, 4);
  return {
    lines,
    ...(a.zip?.trim() ? { postalCode: a.zip.trim() } : {}),
    ...(a.city?.trim() ? { city: a.city.trim() } : {}),
    country,
  };
}

export function toSourceCustomer(customer: Customer): SourceCustomer {
  const billing = customer.billing_address;
  const contacts: SourceContact[] = [];
  const main = personName(customer.first_name, customer.last_name) ?? customer.company;
  if (main && (customer.email || customer.phone)) {
    contacts.push({ externalId: customer.id, name: main, email: customer.email, phone: customer.phone });
  }
  const billingName = personName(billing?.first_name, billing?.last_name) ?? billing?.company;
  if (billingName && billing?.email && billing.email !== customer.email) {
    // The invoice's billing address names who receives invoices: they come first.
    contacts.unshift({
      externalId: `${customer.id}:billing`,
      name: billingName,
      email: billing.email,
      phone: billing.phone,
    });
  }
  return {
    source: SOURCE,
    externalId: customer.id,
    name: customer.company?.trim() || billing?.company?.trim() || main || customer.id,
    ...(customer.vat_number ? { vatNumber: customer.vat_number } : {}),
    ...(toAddress(billing) ? { address: toAddress(billing) } : {}),
    billingContacts: contacts,
    ...(customer.resource_version !== undefined ? { version: customer.resource_version } : {}),
  };
}
