/**
 * Ports of document intake: reading an invoice out of a file (Textract on AWS, the embedded PDF reader locally),
 * inspecting a file before reading it, and keeping the document records.
 */
import type { ExtractionFailureCode, ExtractionOutcome } from '#shared/domain/documents/extracted-invoice.ts';
import type { DocumentContentType, DocumentState, IntakeDocument } from '#shared/domain/documents/intake-document.ts';
import type { Page, Revisioned } from './repositories.ts';

/** A file to read: where it is in the bucket, its bytes when the caller has them, its type and page count. */
export interface DocumentToRead {
  /** The document id (the file's SHA-256): makes an asynchronous start idempotent. */
  id: string;
  key: string;
  bytes?: Uint8Array;
  pages: number;
  contentType: DocumentContentType;
}

/** What a reader answers at once: the outcome, or the id of a job whose completion is announced later. */
export type ReaderAnswer = ExtractionOutcome | { readonly kind: 'pending'; readonly jobId: string };

/**
 * Reads the invoice fields of a document. The local reader answers at once; Textract answers at once for one
 * page (AnalyzeExpense) and 'pending' for several (StartExpenseAnalysis, completion announced over SNS).
 * A file the reader cannot read is a 'failed' outcome with a reason; an error thrown means "try again later"
 * (throttling and service errors after the adapter's own bounded retries), so the caller's queue redelivers.
 */
export interface DocumentReader {
  start(doc: DocumentToRead): Promise<ReaderAnswer>;
  /** The outcome of a finished job; 'not_ready' while it still runs. */
  collect(jobId: string): Promise<ExtractionOutcome>;
}

/** What a first look at a file says: how many pages it has, or why it cannot be read at all. */
export type Inspection =
  | { readonly kind: 'ok'; readonly pages: number }
  | { readonly kind: 'failed'; readonly code: ExtractionFailureCode; readonly reason: string };

/** Counts pages and detects encrypted or damaged files before any (paid) reading. */
export interface DocumentInspector {
  inspect(bytes: Uint8Array, contentType: DocumentContentType): Promise<Inspection>;
}

/**
 * Document records, keyed by the file's SHA-256. Writes are optimistic like the other repositories: a write names
 * the revision it read and loses with ConcurrentUpdateError when another writer came first.
 */
export interface DocumentRepository {
  /** Creates the record unless one with its id exists; answers with the stored record either way. */
  create(doc: IntakeDocument): Promise<{ created: boolean; document: Revisioned<IntakeDocument> }>;
  get(id: string): Promise<Revisioned<IntakeDocument> | undefined>;
  put(doc: IntakeDocument, expectedRev: number): Promise<number>;
  /** Records another key the same bytes were dropped at (idempotent). */
  addAlias(id: string, key: string): Promise<void>;
  /** Documents in one state, most recent first (a work-list index query, never a scan). */
  listByState(state: DocumentState, options?: { limit?: number; cursor?: string }): Promise<Page<IntakeDocument>>;
  /**
   * Claims a seller's invoice number for a document: the first claim wins and its document id is returned, so two
   * documents with the same seller and number cannot record two invoices.
   */
  claimNumber(sellerKey: string, numberKey: string, documentId: string): Promise<string>;
}
