/**
 * What a document reader (Textract AnalyzeExpense, or the local PDF reader) found on an invoice, field by field,
 * each with a confidence and where it came from; the rules that complete the due date and decide whether the
 * invoice may be created without a human look.
 */
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar-date.ts';
import type { CurrencyCode, Money } from '#shared/domain/money.ts';
import { dueDateFromTerms, parsePaymentTerms } from './payment-terms.ts';

/** One value read from a document. */
export interface ExtractedField<T> {
  readonly value: T;
  /** 0..1: the reader's confidence in the text times whether it parsed (a value that does not parse is dropped). */
  readonly confidence: number;
  /** Where it came from, for the review screen: 'textract:INVOICE_RECEIPT_ID', 'pdf:label "N° de facture"'. */
  readonly source: string;
}

/** How the due date was obtained: printed on the invoice, computed from printed terms, or the legal default. */
export type DueDateSource = 'due_date' | 'payment_terms' | 'legal_default';

/** The invoice fields a reader found; every field is optional because any of them may be missing or unreadable. */
export interface ExtractedInvoice {
  readonly number?: ExtractedField<string>;
  readonly issueDate?: ExtractedField<IsoDate>;
  readonly dueDate?: ExtractedField<IsoDate>;
  readonly dueDateSource?: DueDateSource;
  /** The payment terms as printed ("30 jours fin de mois", "Net 30"), which `completeDueDate` may turn into a date. */
  readonly paymentTerms?: ExtractedField<string>;
  /** The invoice total including tax (TTC). */
  readonly total?: ExtractedField<Money>;
  /** What remains to pay when the document says so ("Net à payer", "Balance due"). */
  readonly amountDue?: ExtractedField<Money>;
  readonly currency?: ExtractedField<CurrencyCode>;
  readonly sellerName?: ExtractedField<string>;
  readonly buyerName?: ExtractedField<string>;
  readonly sellerVatNumber?: ExtractedField<string>;
  readonly buyerVatNumber?: ExtractedField<string>;
  readonly siren?: ExtractedField<string>;
  readonly siret?: ExtractedField<string>;
  readonly iban?: ExtractedField<string>;
  /** ISO 11649 structured creditor reference ("RF18…"), used to match the incoming transfer. */
  readonly rfReference?: ExtractedField<string>;
  readonly buyerEmail?: ExtractedField<string>;
  /** Number of pages in the document. */
  readonly pages: number;
}

/** Why a document could not be read. */
export type ExtractionFailureCode =
  | 'encrypted'
  | 'corrupt'
  | 'too_large'
  | 'no_text'
  | 'unsupported'
  | 'provider_failed';

/** The result of reading one document: an invoice, "ask again later" (async job running), or a failure with a reason. */
export type ExtractionOutcome =
  | { readonly kind: 'extracted'; readonly invoice: ExtractedInvoice }
  | { readonly kind: 'not_ready' }
  | { readonly kind: 'failed'; readonly reason: string; readonly code: ExtractionFailureCode };

/** Below this a field is treated as a guess a human must confirm. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.8;

/** Legal default payment term when none is agreed: 30 days (C. com. art. L441-10). */
export const LEGAL_DEFAULT_TERM_DAYS = 30;

/** Drops the keys of fields that were not found, so that "absent" has one representation (no key). */
export function withoutEmptyFields(invoice: ExtractedInvoice): ExtractedInvoice {
  return Object.fromEntries(Object.entries(invoice).filter(([, v]) => v !== undefined)) as unknown as ExtractedInvoice;
}

const confident = (field: ExtractedField<unknown> | undefined, threshold: number): boolean =>
  field !== undefined && field.confidence >= threshold;

/**
 * Why the invoice must wait in the review queue, as short field-level reasons; empty when it may be created
 * automatically. Required and confident: number, buyer name, total, due date. Also refused: a total that is not
 * positive (a credit note or a paid receipt is not a receivable to chase) and a due date before the issue date
 * (one of the two dates was misread).
 */
export function reviewReasons(invoice: ExtractedInvoice, threshold = DEFAULT_CONFIDENCE_THRESHOLD): string[] {
  const reasons: string[] = [];
  const required = [
    ['number', invoice.number],
    ['buyerName', invoice.buyerName],
    ['total', invoice.total],
    ['dueDate', invoice.dueDate],
  ] as const;
  for (const [name, field] of required) {
    if (field === undefined) reasons.push(`${name}: missing`);
    else if (!confident(field, threshold)) reasons.push(`${name}: confidence ${field.confidence.toFixed(2)}`);
  }
  if (invoice.total && invoice.total.value.amount <= 0) reasons.push('total: not positive');
  if (invoice.dueDate && invoice.issueDate && compareDates(invoice.dueDate.value, invoice.issueDate.value) < 0) {
    reasons.push('dueDate: before issue date');
  }
  return reasons;
}

/** True when every required field (number, buyer name, total, due date) is confident and consistent. */
export function isAutoApprovable(invoice: ExtractedInvoice, threshold = DEFAULT_CONFIDENCE_THRESHOLD): boolean {
  return reviewReasons(invoice, threshold).length === 0;
}

/**
 * Fills in the due date and records where it came from, in this order of precedence:
 * 1. a due date printed on the invoice ('due_date');
 * 2. printed payment terms applied to the issue date ('payment_terms': "30 jours", "45 jours fin de mois",
 *    "Net 30", "payable à réception"), as confident as the less confident of the two;
 * 3. the legal default, issue date + 30 days ('legal_default'), as confident as the issue date: the rule itself
 *    is certain once the issue date is.
 * Without an issue date and without a printed due date the invoice is returned unchanged.
 */
export function completeDueDate(invoice: ExtractedInvoice): ExtractedInvoice {
  if (invoice.dueDate) return invoice.dueDateSource ? invoice : { ...invoice, dueDateSource: 'due_date' };
  const issue = invoice.issueDate;
  if (!issue) return invoice;
  const terms = invoice.paymentTerms ? parsePaymentTerms(invoice.paymentTerms.value) : undefined;
  if (invoice.paymentTerms && terms) {
    return {
      ...invoice,
      dueDate: {
        value: dueDateFromTerms(issue.value, terms),
        confidence: Math.min(issue.confidence, invoice.paymentTerms.confidence),
        source: `payment terms "${invoice.paymentTerms.value}" from the issue date`,
      },
      dueDateSource: 'payment_terms',
    };
  }
  return {
    ...invoice,
    dueDate: {
      value: addDays(issue.value, LEGAL_DEFAULT_TERM_DAYS),
      confidence: issue.confidence,
      source: `legal default: issue date + ${LEGAL_DEFAULT_TERM_DAYS} days (C. com. L441-10)`,
    },
    dueDateSource: 'legal_default',
  };
}
