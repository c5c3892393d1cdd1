/**
 * What any source (the generic API, a provider connector, a read PDF) says about an invoice and its customer,
 * in our own terms: amounts in integer minor units, dates `YYYY-MM-DD`. Defined beside the ports so that both
 * the use cases (which record them) and the connectors (which produce them) can import them.
 */
import type { Language } from '#shared/domain/money.ts';

export interface CustomerRefInput {
  /** The customer's id in the source system. */
  externalId?: string;
  name: string;
  email?: string;
  contactName?: string;
  phone?: string;
  vatNumber?: string;
  siren?: string;
  siret?: string;
  language?: Language;
  timeZone?: string;
  segment?: string;
}

export interface InvoiceInput {
  source: string;
  externalId: string;
  number: string;
  customer: CustomerRefInput;
  issueDate: string;
  dueDate: string;
  currency: string;
  /** Minor units. */
  total: number;
  amountPaid: number;
  credited?: number;
  voided?: boolean;
  /** The source's version of the record (an integer or an instant); older versions are ignored. */
  version?: number | string;
}
