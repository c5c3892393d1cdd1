/**
 * What the providers send and serve for a planned invoice, shaped as the connector tests' fixtures (INTEGRATIONS.md
 * §1 and §3): a Chargebee event carrying the invoice and its customer in full, a Sellsy form-encoded notification
 * that only names the record, and the Sellsy API records the worker then reads.
 */
import { cbCustomer, cbEvent, cbInvoice } from '../../test/connectors/chargebee-fixtures.ts';
import { type Json, notif, notifForm, slCompany, slInvoice } from '../../test/connectors/sellsy-fixtures.ts';
import { amountPaidAt, type Delivery, type PlannedInvoice } from './plan.ts';

const DAY_S = 86_400;

/** Issue and due instants (Unix seconds) of the bench's invoices: issued `issuedAt`, due 30 days later. */
export interface Dates {
  issuedAt: number;
}

const isoDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
/** Each version is a minute after the previous one. */
const versionTime = (dates: Dates, version: number) => dates.issuedAt + 60 * version;

export function chargebeeBody(inv: PlannedInvoice, delivery: Delivery, dates: Dates): string {
  const paid = amountPaidAt(inv.total, delivery.version);
  const updatedAt = versionTime(dates, delivery.version);
  const company = `Bench Client ${inv.customer.slice(-5)} SAS`;
  const email = `compta+${inv.customer}@bench.example`;
  const address = { company, email, line1: '1 rue de la Paix', city: 'Paris', zip: '75002', country: 'FR' };
  const invoice = cbInvoice({
    id: inv.externalId,
    customer_id: inv.customer,
    subscription_id: undefined,
    date: dates.issuedAt,
    due_date: dates.issuedAt + 30 * DAY_S,
    tax: Math.round(inv.total / 6),
    sub_total: inv.total - Math.round(inv.total / 6),
    total: inv.total,
    amount_due: inv.total - paid,
    amount_paid: paid,
    amount_to_collect: inv.total - paid,
    generated_at: dates.issuedAt,
    updated_at: updatedAt,
    resource_version: updatedAt * 1000,
    billing_address: address,
  });
  const customer = cbCustomer({
    id: inv.customer,
    first_name: 'Claire',
    last_name: 'Martin',
    email,
    company,
    vat_number: undefined,
    resource_version: dates.issuedAt * 1000,
    billing_address: address,
  });
  const type = delivery.version === 0 ? 'invoice_generated' : 'invoice_updated';
  return JSON.stringify(
    cbEvent(`ev_bench_${inv.externalId}_v${delivery.version}`, type, { invoice, customer }, updatedAt),
  );
}

export function sellsyBody(inv: PlannedInvoice, delivery: Delivery, dates: Dates): string {
  return notifForm(
    notif(
      'invoice',
      inv.externalId,
      delivery.version === 0 ? 'created' : 'updated',
      versionTime(dates, delivery.version),
    ),
  );
}

const decimal = (minor: number) => `${(minor / 100).toFixed(2)}0`;

/** The invoice as Sellsy's API answers it at `version`. */
export function sellsyInvoice(inv: PlannedInvoice, version: number, dates: Dates, filesUrl: string): Json {
  const paid = amountPaidAt(inv.total, version);
  const excl = inv.total - Math.round(inv.total / 6);
  return slInvoice(filesUrl, {
    id: Number(inv.externalId),
    number: inv.number,
    date: isoDay(dates.issuedAt),
    due_date: isoDay(dates.issuedAt + 30 * DAY_S),
    created: new Date(dates.issuedAt * 1000).toISOString(),
    updated: new Date(versionTime(dates, version) * 1000).toISOString(),
    related: [
      { type: 'company', id: Number(inv.customer) },
      { type: 'contact', id: contactOf(inv.customer) },
    ],
    contact_id: contactOf(inv.customer),
    amounts: {
      total_raw_excl_tax: decimal(excl),
      total_excl_tax: decimal(excl),
      total_incl_tax: decimal(inv.total),
      total_remaining_due_incl_tax: decimal(inv.total - paid),
      total_primes_incl_tax: '0.000',
    },
  });
}

const contactOf = (company: string) => Number(company) + 1_000_000;

/** A Sellsy company with its invoicing contact, no legal identifiers (so no two bench customers share one). */
export function sellsyCompany(company: string): { company: Json; contact: Json } {
  const contact = contactOf(company);
  return {
    company: slCompany({
      id: Number(company),
      name: `Bench Société ${company.slice(-5)} SARL`,
      email: `contact+${company}@bench.example`,
      legal_france: null,
      dunning_contact_id: null,
      invoicing_contact_id: contact,
      main_contact_id: contact,
    }),
    contact: {
      id: contact,
      civility: 'mrs',
      first_name: 'Marie',
      last_name: 'Dupont',
      email: `compta+${company}@bench.example`,
      phone_number: null,
      mobile_number: null,
    },
  };
}
