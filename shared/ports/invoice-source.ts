/**
 * An invoice source (Sellsy, QuickBooks Online, Chargebee) as the use cases see it: events that say "this
 * changed", and a client that fetches the full records and hands them back already in our terms
 * (InvoiceInput, SourceCustomer). The connectors under shared/connectors implement it; the worker use case
 * (process-provider-event.ts) and the catch-up sync (sync-provider.ts) only know this port.
 */
import type { Address } from '#shared/domain/customer.ts';
import type { InvoiceInput } from './invoice-input.ts';

export type SourceSubject = 'invoice' | 'customer' | 'payment' | 'credit_note';

/** A record in the provider, by its own id; `account` is the company (QuickBooks realmId) when a provider has several. */
export interface SourceRef {
  account?: string;
  id: string;
}

export interface SourceContact {
  /** The contact's id in the source. */
  externalId: string;
  name: string;
  email?: string;
  phone?: string;
}

/** A customer as the source describes it, with its billing contacts (the first one is the primary). */
export interface SourceCustomer {
  source: string;
  /** Same form as InvoiceInput.customer.externalId. */
  externalId: string;
  name: string;
  vatNumber?: string;
  siren?: string;
  siret?: string;
  address?: Address;
  billingContacts: SourceContact[];
  /** The source's version of the record (an integer or an instant); older versions are ignored. */
  version?: number | string;
}

export interface SourceInvoice {
  /** Where it lives in the provider (used to download its PDF). */
  ref: SourceRef;
  /** Its customer in the provider (fetched when we do not know the customer yet). */
  customerRef: SourceRef;
  invoice: InvoiceInput;
}

/** One provider event, normalised. Stored as received (with its raw payload) and processed by the worker. */
export interface SourceEvent {
  provider: string;
  /** The provider's event id (or a digest of the delivery when it has none): the deduplication key. */
  eventId: string;
  subject: SourceSubject;
  /** The subject's id in the provider. */
  ref: SourceRef;
  /** What happened, in the provider's words normalised to lower case ("created", "updated", "deleted", …). */
  action: string;
  /** Instant the provider says it happened (ISO 8601), when it says. */
  occurredAt?: string;
  /**
   * Records the provider sent in full with the event (Chargebee webhooks, QuickBooks CDC, Sellsy search):
   * used as they are instead of fetching them again.
   */
  included?: { invoices?: SourceInvoice[]; customers?: SourceCustomer[] };
  /** For payments and credit notes: the invoices they apply to, when the event says. */
  affectedInvoices?: SourceRef[];
}

/** What fetchInvoice answers for a record the provider has that is not a receivable (a draft). */
export const NOT_A_RECEIVABLE = 'not-a-receivable' as const;

export interface DownloadedFile {
  body: Uint8Array;
  contentType: string;
}

export interface InvoiceSourceClient {
  /** The `source` of the invoices it produces ("sellsy", "quickbooks", "chargebee"). */
  readonly source: string;
  /**
   * When true, the catch-up change list only shows open invoices (Sellsy's search by status), so the invoices
   * we still hold as open are re-checked one by one: one paid while a webhook was lost would never show up.
   */
  readonly recheckOpenInvoices: boolean;
  /**
   * The current invoice; undefined when the provider has no such record (deleted, or not readable yet: a
   * webhook can arrive before the provider's API serves the record); NOT_A_RECEIVABLE when the record exists
   * but is nothing to collect (a Sellsy draft).
   */
  fetchInvoice(ref: SourceRef): Promise<SourceInvoice | typeof NOT_A_RECEIVABLE | undefined>;
  /** The current customer with its billing contacts; undefined when the provider no longer has it. */
  fetchCustomer(ref: SourceRef): Promise<SourceCustomer | undefined>;
  /** The invoice as a PDF; undefined when the provider has none for it. */
  fetchInvoicePdf(ref: SourceRef): Promise<DownloadedFile | undefined>;
  /** The invoices a payment or a credit note applies to. */
  invoicesAffectedBy(subject: 'payment' | 'credit_note', ref: SourceRef): Promise<SourceRef[]>;
  /**
   * What changed since `since` (undefined: the first import after connecting), as events whose id is
   * deterministic for a given record version, so running the same window twice queues nothing new.
   */
  listChangedSince(since: string | undefined, now: Date): Promise<SourceEvent[]>;
  /** The provider reference of one of our invoices' externalId, and back. */
  refFromExternalId(externalId: string): SourceRef;
  externalIdOf(ref: SourceRef): string;
}

/** The provider is down, rate-limiting or timing out after our bounded retries: try again later. */
export class SourceUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}

/**
 * The connection needs a person (QuickBooks `invalid_grant`: the company must be reconnected). Events are kept
 * and replayed once it is repaired.
 */
export class SourceConnectionBrokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceConnectionBrokenError';
  }
}

/** The provider refused the request or answered something we cannot read: retrying will not help. */
export class SourceRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceRecordError';
  }
}
