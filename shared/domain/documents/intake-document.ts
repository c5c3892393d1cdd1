/**
 * A document taken in (dropped in the bucket's inbox/ or uploaded), from its arrival to the invoice it became:
 * received → extracted → converted, or → review (a person confirms the fields) or → failed (with a reason).
 * Keyed by the file's SHA-256, so the same bytes arriving twice are one document.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { DomainError } from '#shared/domain/errors.ts';
import type { CurrencyCode } from '#shared/domain/money.ts';
import {
  completeDueDate,
  type ExtractedInvoice,
  type ExtractionFailureCode,
  type ExtractionOutcome,
  reviewReasons,
} from './extracted-invoice.ts';
import { foldWord } from './normalize.ts';

export type DocumentState = 'received' | 'extracted' | 'review' | 'failed' | 'converted';

export const DOCUMENT_STATES: readonly DocumentState[] = ['received', 'extracted', 'review', 'failed', 'converted'];

/** The file types both readers accept (Textract: JPEG, PNG, PDF, TIFF). */
export type DocumentContentType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/tiff';

export interface DocumentFailure {
  readonly code: ExtractionFailureCode;
  /** Safe to show: says what is wrong with the file and what to do, never its content. */
  readonly reason: string;
}

export interface IntakeDocument {
  /** The file's SHA-256, hex. */
  readonly id: string;
  readonly state: DocumentState;
  /** Where the file is in the bucket (the inbox/ key it was dropped at, or where an upload was stored). */
  readonly key: string;
  /** Other keys the same bytes were dropped at later: kept so nothing dropped goes unaccounted for. */
  readonly aliases: readonly string[];
  readonly origin: 'bucket' | 'upload';
  readonly fileName?: string;
  readonly contentType?: DocumentContentType;
  readonly size: number;
  readonly pages?: number;
  /** The asynchronous extraction job (Textract StartExpenseAnalysis) while one runs or ran. */
  readonly jobId?: string;
  readonly fields?: ExtractedInvoice;
  /** Why the document waits for a person (empty unless in review). */
  readonly reviewReasons: readonly string[];
  readonly failure?: DocumentFailure;
  readonly invoiceId?: string;
  readonly customerId?: string;
  /** True when the customer was created from this document (no existing customer matched): to be checked. */
  readonly customerCreated?: boolean;
  /** Set when another document had already recorded this seller + number: this one made no new invoice. */
  readonly duplicateOf?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** "%PDF-" may follow a few bytes of junk (pdf.js accepts it); images are told by their signatures. */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | undefined {
  // One character per byte (TextDecoder's "latin1" is windows-1252, which remaps 0x80–0x9F).
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'application/pdf';
  if (head.startsWith('\x89PNG\r\n\x1a\n')) return 'image/png';
  if (head.startsWith('\xff\xd8\xff')) return 'image/jpeg';
  if (head.startsWith('II*\x00') || head.startsWith('MM\x00*')) return 'image/tiff';
  return undefined;
}

export function fileSizeText(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function tooLarge(size: number, maxBytes: number): DocumentFailure {
  return {
    code: 'too_large',
    reason: `the file is ${fileSizeText(size)}; the limit is ${fileSizeText(maxBytes)}`,
  };
}

export const UNSUPPORTED_TYPE: DocumentFailure = {
  code: 'unsupported',
  reason: 'the file is not a PDF, PNG, JPEG or TIFF',
};

/** The form of an invoice number used to tell two documents apart: letters and digits, upper case. */
export function invoiceNumberKey(number: string): string {
  return number.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * Who issued the invoice, as a stable key: the seller's VAT number, else the SIREN printed on it, else its
 * folded name. Two documents with the same seller key and number are the same invoice.
 */
export function sellerKey(fields: ExtractedInvoice): string {
  if (fields.sellerVatNumber) return `vat:${fields.sellerVatNumber.value.toUpperCase()}`;
  if (fields.siren) return `siren:${fields.siren.value}`;
  if (fields.siret) return `siren:${fields.siret.value.slice(0, 9)}`;
  if (fields.sellerName) return `name:${foldWord(fields.sellerName.value).replace(/[^a-z0-9]+/g, ' ')}`;
  return 'unknown';
}

/** The externalId of the invoice a document records: deterministic, so a redelivery lands on the same invoice. */
export function documentInvoiceExternalId(fields: ExtractedInvoice & { number: { value: string } }): string {
  return `${sellerKey(fields)}#${invoiceNumberKey(fields.number.value)}`;
}

/** A document is not in a state that allows the requested step (confirming a converted one, retrying one in review). */
export class DocumentStateError extends DomainError {
  readonly code = 'INVALID_DOCUMENT_STATE';
  constructor(
    readonly documentId: string,
    readonly state: DocumentState,
    action: string,
  ) {
    super(`document ${documentId} is ${state}: it cannot be ${action}`);
  }
}

/** Fields that must be present to record an invoice, beyond those `reviewReasons` already requires. */
export function documentReviewReasons(fields: ExtractedInvoice, threshold?: number): string[] {
  const reasons = reviewReasons(fields, threshold);
  if (!fields.issueDate) reasons.push('issueDate: missing');
  return reasons;
}

/** The outcome of a reading applied to the record: extracted (fields kept) or failed (reason kept). */
export function withOutcome(
  doc: IntakeDocument,
  outcome: Exclude<ExtractionOutcome, { kind: 'not_ready' }>,
  now: string,
): IntakeDocument {
  if (outcome.kind === 'failed') {
    return { ...doc, state: 'failed', failure: { code: outcome.code, reason: outcome.reason }, updatedAt: now };
  }
  const { failure: _dropped, ...rest } = doc;
  return { ...rest, state: 'extracted', fields: completeDueDate(outcome.invoice), reviewReasons: [], updatedAt: now };
}

/**
 * The fields after a person looked at them: each correction replaces the value read (confidence 1, sourced to
 * the person), and the values they left as read count as confirmed (confidence 1, source kept).
 */
export function confirmFields(
  fields: ExtractedInvoice,
  corrections: Partial<ReviewCorrections>,
  reviewer: string,
): ExtractedInvoice {
  const confirmed = Object.fromEntries(
    Object.entries(fields).map(([name, field]) =>
      field && typeof field === 'object' && 'confidence' in field
        ? [name, { ...field, confidence: 1, source: `${field.source} (confirmed by ${reviewer})` }]
        : [name, field],
    ),
  ) as unknown as ExtractedInvoice;
  const corrected = (value: unknown) => ({ value, confidence: 1, source: `corrected by ${reviewer}` });
  const out: Record<string, unknown> = { ...confirmed };
  for (const name of ['number', 'issueDate', 'dueDate', 'buyerName', 'buyerVatNumber', 'buyerEmail'] as const) {
    const value = corrections[name];
    if (value !== undefined) out[name] = corrected(value);
  }
  const currency = corrections.currency ?? fields.total?.value.currency ?? fields.currency?.value;
  if (corrections.total !== undefined && currency) {
    out.total = corrected({ amount: corrections.total, currency });
  } else if (corrections.currency && fields.total) {
    out.total = { ...(out.total as object), value: { amount: fields.total.value.amount, currency } };
  }
  if (corrections.dueDate !== undefined) out.dueDateSource = 'due_date';
  else if (corrections.issueDate !== undefined && fields.dueDateSource && fields.dueDateSource !== 'due_date') {
    // The due date was computed from the issue date that was just corrected: compute it again.
    delete out.dueDate;
    delete out.dueDateSource;
    return completeDueDate(out as unknown as ExtractedInvoice);
  }
  return out as unknown as ExtractedInvoice;
}

/** What a reviewer may supply or override. Amounts in minor units, dates YYYY-MM-DD. */
export interface ReviewCorrections {
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  total: number;
  currency: CurrencyCode;
  buyerName: string;
  buyerVatNumber: string;
  buyerEmail: string;
}
