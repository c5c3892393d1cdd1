/**
 * Turns an extracted document into an invoice, or sends it to the review queue.
 *
 * Input: a document id (state 'extracted'). Output: the document, now 'converted' or 'review'. Steps:
 *  1. review reasons (a required field missing or below the confidence threshold, an inconsistency): if any,
 *     the document waits in the review queue with them, and nothing else happens;
 *  2. otherwise {@link recordDocumentInvoice}.
 */

import type { ExtractedInvoice } from '#shared/domain/documents/extracted-invoice.ts';
import {
  DocumentStateError,
  documentInvoiceExternalId,
  documentReviewReasons,
  type IntakeDocument,
  invoiceNumberKey,
  sellerKey,
} from '#shared/domain/documents/intake-document.ts';
import { InvalidValueError, NotFoundError } from '#shared/domain/errors.ts';
import { invoiceId as deriveInvoiceId } from '#shared/domain/ids.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import { makeAttachInvoicePdf } from './attach-invoice-pdf.ts';
import { type DocumentDeps, INTAKE_ACTOR, updateDocument } from './document-deps.ts';
import { makeRecordInvoice } from './record-invoice.ts';
import { resolveDocumentCustomer } from './resolve-document-customer.ts';

export const makeConvertDocument =
  (deps: DocumentDeps) =>
  async (id: string, actor: Actor = INTAKE_ACTOR): Promise<IntakeDocument> => {
    const current = await deps.documents.get(id);
    if (!current) throw new NotFoundError('document', id);
    const doc = current.value;
    if (doc.state === 'converted') return doc;
    if (doc.state !== 'extracted' || !doc.fields) throw new DocumentStateError(id, doc.state, 'converted');
    const reasons = documentReviewReasons(doc.fields);
    if (reasons.length) return toReview(deps, id, reasons);
    return recordDocumentInvoice(deps, doc, doc.fields, actor);
  };

function toReview(deps: DocumentDeps, id: string, reasons: string[]): Promise<IntakeDocument> {
  const now = deps.clock.now().toISOString();
  return updateDocument(deps, id, (d) =>
    d.state === 'converted' ? undefined : { ...d, state: 'review', reviewReasons: reasons, updatedAt: now },
  );
}

type RecordableFields = ExtractedInvoice & {
  number: NonNullable<ExtractedInvoice['number']>;
  issueDate: NonNullable<ExtractedInvoice['issueDate']>;
  dueDate: NonNullable<ExtractedInvoice['dueDate']>;
  total: NonNullable<ExtractedInvoice['total']>;
  buyerName: NonNullable<ExtractedInvoice['buyerName']>;
};

function recordable(fields: ExtractedInvoice): fields is RecordableFields {
  return Boolean(fields.number && fields.issueDate && fields.dueDate && fields.total && fields.buyerName);
}

/** What the document says was already paid: the total minus the amount due, when it prints both consistently. */
function amountPaid(fields: RecordableFields): number {
  const due = fields.amountDue?.value;
  const total = fields.total.value;
  if (!due || due.currency !== total.currency || due.amount < 0 || due.amount > total.amount) return 0;
  return total.amount - due.amount;
}

/**
 * Records the invoice a document's (confident or confirmed) fields describe. Idempotent: a redelivery or a retry
 * after a crash lands on the same claim, customer, invoice and attachment.
 *  1. claims seller + number for this document; when another document holds it, this one is linked to that
 *     invoice (`duplicateOf`) and records nothing — the same invoice is never recorded twice;
 *  2. resolves the customer (VAT/SIREN → e-mail domain → fuzzy name → new customer flagged for review);
 *  3. records the invoice (source 'pdf', externalId from seller + number) and attaches the PDF where it lies in
 *     the bucket (no second copy);
 *  4. links the document to the invoice ('converted').
 * Values the domain refuses (an unknown currency, a name it cannot take) send the document to review instead.
 */
export async function recordDocumentInvoice(
  deps: DocumentDeps,
  doc: IntakeDocument,
  fields: ExtractedInvoice,
  actor: Actor,
): Promise<IntakeDocument> {
  if (!recordable(fields)) return toReview(deps, doc.id, documentReviewReasons(fields));
  const now = deps.clock.now().toISOString();
  const externalId = documentInvoiceExternalId(fields);
  const owner = await deps.documents.claimNumber(sellerKey(fields), invoiceNumberKey(fields.number.value), doc.id);
  if (owner !== doc.id) {
    return updateDocument(deps, doc.id, (d) =>
      d.state === 'converted'
        ? undefined
        : {
            ...d,
            fields,
            state: 'converted',
            invoiceId: deriveInvoiceId('pdf', externalId),
            duplicateOf: owner,
            reviewReasons: [],
            updatedAt: now,
          },
    );
  }
  let invoiceId: string;
  let resolved: Awaited<ReturnType<typeof resolveDocumentCustomer>>;
  try {
    resolved = await resolveDocumentCustomer(deps, fields, { now, actor });
    // record-invoice resolves its customer by source key first: point this one at the customer just resolved.
    await deps.customers.claimKey('source', `pdf:${resolved.customerId}`, resolved.customerId);
    const { invoice } = await makeRecordInvoice(deps)(
      {
        source: 'pdf',
        externalId,
        number: fields.number.value,
        customer: { externalId: resolved.customerId, name: fields.buyerName.value },
        issueDate: fields.issueDate.value,
        dueDate: fields.dueDate.value,
        currency: fields.total.value.currency,
        total: fields.total.value.amount,
        amountPaid: amountPaid(fields),
      },
      actor,
      `document ${doc.id.slice(0, 12)}`,
    );
    invoiceId = invoice.id;
  } catch (error) {
    if (error instanceof InvalidValueError) return toReview(deps, doc.id, [error.message]);
    throw error;
  }
  // Reminders attach the invoice's PDF; an image is kept on the document only.
  if (doc.contentType === 'application/pdf') {
    await makeAttachInvoicePdf(deps)(invoiceId, { key: doc.key, size: doc.size, sha256: doc.id }, actor);
  }
  return updateDocument(deps, doc.id, (d) =>
    d.state === 'converted'
      ? undefined
      : {
          ...d,
          fields,
          state: 'converted',
          invoiceId,
          customerId: resolved.customerId,
          customerCreated: resolved.matchedBy === 'created',
          reviewReasons: [],
          updatedAt: now,
        },
  );
}
