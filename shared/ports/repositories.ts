/**
 * Persistence ports. The DynamoDB adapter implements them on one table; use cases only see these shapes.
 * Writes are optimistic: each record carries a revision and a write names the revision it read, so two
 * concurrent writers cannot silently overwrite each other (the loser gets ConcurrentUpdateError and retries).
 */

import type { Customer } from '#shared/domain/customer.ts';
import type { CustomerAggregate, LedgerEntry } from '#shared/domain/customer-aggregate.ts';
import type { Invoice } from '#shared/domain/invoice.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import type { CustomerDigest } from '#shared/domain/receivables/customer-digest.ts';
import type { TimelineEvent } from '#shared/domain/timeline.ts';

export interface Revisioned<T> {
  value: T;
  /** Revision read; pass it back to write. */
  rev: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, absent on the last one. */
  cursor?: string;
}

export interface InvoiceRepository {
  /** The invoice with its revision and the timeline events of its last change not yet known to be recorded. */
  get(id: string): Promise<(Revisioned<Invoice> & { outbox: TimelineEvent[] }) | undefined>;
  /**
   * Writes the invoice if its stored revision is still `expectedRev` (undefined: must not exist yet), together
   * with the timeline events of this change (an outbox: whoever reads the invoice next can finish recording
   * them if this writer stops before it does).
   */
  put(invoice: Invoice, expectedRev: number | undefined, outbox: TimelineEvent[]): Promise<number>;
  /** Collectible invoices of one customer, oldest due date first (an index query, never a scan). */
  listCollectibleByCustomer(customerId: string): Promise<Invoice[]>;
  listByCustomer(customerId: string, page?: { limit?: number; cursor?: string }): Promise<Page<Invoice>>;
  /** Invoices in one state, ordered by due date, optionally bounded (e.g. open and due before today). */
  listByState(
    state: InvoiceState,
    options?: { dueBefore?: string; dueFrom?: string; limit?: number; cursor?: string },
  ): Promise<Page<Invoice>>;
  /** Invoices whose normalised number is exactly this one (for matching remittance texts). */
  findByNumber(number: string): Promise<Invoice[]>;
}

export interface CustomerSummary {
  customer: Customer;
  aggregate: CustomerAggregate;
}

export interface CustomerRepository {
  get(
    id: string,
  ): Promise<
    (Revisioned<Customer> & { aggregate: CustomerAggregate; aggregateRev: number; outbox: TimelineEvent[] }) | undefined
  >;
  /**
   * Writes the profile only (never the aggregate) if its revision is still `expectedRev`, with the timeline
   * events of the change as an outbox (see InvoiceRepository.put).
   */
  put(customer: Customer, expectedRev: number | undefined, outbox: TimelineEvent[]): Promise<number>;
  /**
   * Records that a lookup key (a source id, a VAT number) belongs to a customer. The first claim wins and is
   * returned, so two concurrent creators of the same customer end up with the same id.
   */
  claimKey(kind: CustomerKeyKind, value: string, customerId: string): Promise<string>;
  findByKey(kind: CustomerKeyKind, value: string): Promise<string | undefined>;
  /** Customers whose contacts use this e-mail domain. */
  findByEmailDomain(domain: string): Promise<string[]>;
  addEmailDomain(domain: string, customerId: string): Promise<void>;
  /**
   * The customer's ledger: one entry per invoice, stored beside the customer and read with a strongly
   * consistent query, so an aggregate recomputed right after a write sees that write.
   */
  ledger(customerId: string): Promise<LedgerEntry[]>;
  /** Records an invoice's entry unless a newer revision of that invoice is already recorded. */
  putLedgerEntry(customerId: string, entry: LedgerEntry, invoiceRev: number): Promise<void>;
  /** Removes an invoice's entry (the invoice moved to another customer) unless a newer one is recorded. */
  removeLedgerEntry(customerId: string, invoiceId: string, invoiceRev: number): Promise<void>;
  /** Replaces the aggregate if it is still at `expectedRev`. */
  putAggregate(customerId: string, aggregate: CustomerAggregate, expectedRev: number): Promise<void>;
  /** All customers by name (prefix search on the normalised name), paged. */
  list(options?: { search?: string; limit?: number; cursor?: string }): Promise<Page<CustomerSummary>>;
  /** Customers that owe something, largest balance first (a sparse index: customers at zero are not in it). */
  listWithBalance(options?: { limit?: number; cursor?: string }): Promise<Page<CustomerSummary>>;
  /** Several customers by id, in the order asked (unknown ids are left out). */
  getMany(ids: readonly string[]): Promise<CustomerSummary[]>;
  /**
   * The company-wide receivables summary: one digest per customer with open items or recent sales, read in a
   * few items whatever the number of customers. Kept by the repository on every profile or aggregate write.
   */
  readSummary(): Promise<CustomerDigest[]>;
  /**
   * Brings the customer's digest in the summary up to date with its stored record. Idempotent and
   * order-safe (a digest from an older record never replaces a newer one); called again after a crash.
   */
  syncSummary(customerId: string): Promise<void>;
}

export type CustomerKeyKind = 'source' | 'vat' | 'siren';

export interface TimelineRepository {
  /** Appends the event unless an event with its id exists; true when it was written now. */
  append(event: TimelineEvent): Promise<boolean>;
  forInvoice(invoiceId: string, options?: { limit?: number }): Promise<TimelineEvent[]>;
  forCustomer(customerId: string, options?: { limit?: number }): Promise<TimelineEvent[]>;
}
