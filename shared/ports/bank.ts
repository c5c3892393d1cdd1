/**
 * Ports of bank import and matching: reading statement files, keeping transactions, allocations, customer
 * credits, what is known of payers, and statement imports; a bank API feed and its signed webhooks.
 */
import type {
  BankAllocation,
  BankLine,
  BankTransactionRecord,
  BankTransactionState,
  CustomerCredit,
} from '#shared/domain/bank/bank-transaction.ts';
import type { PayerKnowledge } from '#shared/domain/matching/matching-types.ts';
import type { Money } from '#shared/domain/money.ts';
import type { Page, Revisioned } from './repositories.ts';

/** One statement of a file: its account and period, and its lines. */
export interface ReadStatement {
  accountIban?: string;
  accountId?: string;
  fromDate?: string;
  toDate?: string;
  lines: BankLine[];
}

export interface StatementReadResult {
  /** camt.053, mt940, ofx, cfonb120, csv … */
  format: string;
  statements: ReadStatement[];
}

/**
 * Reads a statement file (camt.052/053/054, MT940, OFX, CFONB 120, or CSV with a column mapping). The whole file
 * is read before anything is returned: a fault anywhere throws StatementRejectedError naming the line or element.
 * `csvMapping` is the saved column mapping (its shape is the reader's; the caller passes it through).
 */
export interface StatementReader {
  read(bytes: Uint8Array, options: { fileName?: string; csvMapping?: unknown }): StatementReadResult;
}

export interface BankTransactionRepository {
  /** Creates the transaction unless one with its id (its dedupe key) exists; answers the stored one either way. */
  create(tx: BankTransactionRecord): Promise<{ created: boolean; transaction: Revisioned<BankTransactionRecord> }>;
  get(id: string): Promise<Revisioned<BankTransactionRecord> | undefined>;
  /** Writes if the stored revision is still `expectedRev` (else ConcurrentUpdateError). */
  put(tx: BankTransactionRecord, expectedRev: number): Promise<number>;
  /** One state's work list, most recent booking first (an index query). */
  listByState(
    state: BankTransactionState,
    options?: { limit?: number; cursor?: string },
  ): Promise<Page<BankTransactionRecord>>;
  /** Credits of exactly this amount (to find the one a reversal takes back). */
  findCreditsOfAmount(amount: Money): Promise<BankTransactionRecord[]>;
}

/** Allocations live with their invoice; a transaction's are found through an index. All writes are idempotent. */
export interface AllocationRepository {
  /** Records the allocation unless it exists (same id): applying twice records it once. */
  add(allocation: BankAllocation): Promise<void>;
  /** Marks it reverted (the first revert time is kept). */
  revert(allocation: BankAllocation, at: string): Promise<void>;
  listByInvoice(invoiceId: string): Promise<BankAllocation[]>;
  listByTransaction(bankTransactionId: string): Promise<BankAllocation[]>;
}

export interface CustomerCreditRepository {
  add(credit: CustomerCredit): Promise<void>;
  revert(credit: CustomerCredit, at: string): Promise<void>;
  listByCustomer(customerId: string): Promise<CustomerCredit[]>;
  get(customerId: string, id: string): Promise<CustomerCredit | undefined>;
}

/** Payer IBANs and names learned from confirmed matches. */
export interface PayerRepository {
  learn(customerId: string, payer: { iban?: string; name?: string }): Promise<void>;
  /** Everything learned, grouped by customer (one index query). */
  list(): Promise<PayerKnowledge[]>;
}

export type StatementImportState = 'imported' | 'failed';

export interface ImportCounts {
  /** Lines in the file. */
  transactions: number;
  new: number;
  duplicates: number;
  autoApplied: number;
  review: number;
  unmatched: number;
  /** Debits and other lines that pay no invoice. */
  ignored: number;
  /** Reversals that undid a credit applied earlier. */
  reversals: number;
  /** Pending or information-only lines, not recorded (they come again booked). */
  skipped: number;
}

/** One statement file taken in, keyed by the SHA-256 of its bytes (and mapping). */
export interface StatementImport {
  id: string;
  fileName?: string;
  /** `upload`, or the bucket key it was dropped at. */
  origin: string;
  format?: string;
  state: StatementImportState;
  statements: number;
  counts?: ImportCounts;
  /** Why the file was refused; a new attempt (a fixed file or mapping) may succeed. */
  error?: { location: string; message: string };
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

export interface StatementImportRepository {
  get(id: string): Promise<StatementImport | undefined>;
  /** Creates or replaces the record (the outcome of the latest attempt). */
  put(record: StatementImport): Promise<void>;
  list(options?: { limit?: number }): Promise<StatementImport[]>;
  /** The saved CSV column mapping, reused for CSV files that come without one. */
  getCsvMapping(): Promise<unknown>;
  saveCsvMapping(mapping: unknown): Promise<void>;
  /** Where a bank feed's polling got to (an instant), per feed. */
  getFeedCursor(feed: string): Promise<string | undefined>;
  putFeedCursor(feed: string, cursor: string): Promise<void>;
}

/** A bank API's transactions updated since an instant (polling, the safety net under its webhooks). */
export interface BankFeed {
  readonly name: string;
  updatedSince(since: string): Promise<{ lines: BankLine[]; cursor: string }>;
}

/** A bank's signed webhook: authenticated on the raw body, then the lines it announces (fetched if needed). */
export interface BankWebhookReceiver {
  readonly name: string;
  authenticate(request: { header(name: string): string | undefined; body: Uint8Array }, now: Date): boolean;
  /** Throws MalformedWebhookError for a body that is not the bank's payload. */
  lines(body: Uint8Array): Promise<BankLine[]>;
}
