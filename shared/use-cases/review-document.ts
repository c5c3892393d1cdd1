/**
 * What a person does with a document: confirm (or correct) the fields of one in the review queue, and retry one
 * that failed.
 */
import {
  confirmFields,
  DocumentStateError,
  documentReviewReasons,
  type IntakeDocument,
  type ReviewCorrections,
} from '#shared/domain/documents/intake-document.ts';
import { InvalidValueError, NotFoundError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import { recordDocumentInvoice } from './convert-document.ts';
import { type DocumentDeps, updateDocument } from './document-deps.ts';
import { readDocument } from './read-document.ts';

/**
 * Confirms a document waiting in review. Input: the corrections (validated at the edge), the person. Output: the
 * converted document. The values left as read count as confirmed; what is still missing or inconsistent after
 * the corrections is refused (InvalidValueError naming the fields) and the document stays in review.
 */
export const makeConfirmDocument =
  (deps: DocumentDeps) =>
  async (id: string, corrections: Partial<ReviewCorrections>, actor: Actor): Promise<IntakeDocument> => {
    const current = await deps.documents.get(id);
    if (!current) throw new NotFoundError('document', id);
    const doc = current.value;
    if (doc.state === 'converted' && Object.keys(corrections).length === 0) return doc;
    if (doc.state !== 'review' && doc.state !== 'extracted') throw new DocumentStateError(id, doc.state, 'confirmed');
    const fields = confirmFields(doc.fields ?? { pages: doc.pages ?? 1 }, corrections, `${actor.kind}:${actor.id}`);
    const reasons = documentReviewReasons(fields);
    if (reasons.length) {
      const field = reasons.map((r) => r.split(':')[0]).join(', ');
      throw new InvalidValueError(field, `still to fix: ${reasons.join('; ')}`);
    }
    return recordDocumentInvoice(deps, doc, fields, actor);
  };

/**
 * Reads a failed document again from the bucket (after a Textract outage, or with a better reader). Output: the
 * document in its new state. A document that is not failed is refused; one whose object is gone fails again
 * saying so.
 */
export const makeRetryDocument =
  (deps: DocumentDeps) =>
  async (id: string): Promise<IntakeDocument> => {
    const current = await deps.documents.get(id);
    if (!current) throw new NotFoundError('document', id);
    if (current.value.state !== 'failed') throw new DocumentStateError(id, current.value.state, 'retried');
    const now = deps.clock.now().toISOString();
    const reset = await updateDocument(deps, id, (d) => {
      if (d.state !== 'failed') return undefined;
      const { failure: _failure, jobId: _jobId, ...rest } = d;
      return { ...rest, state: 'received', updatedAt: now };
    });
    if (reset.state !== 'received') return reset;
    const object = await deps.blobs.get(reset.key);
    if (!object) {
      return updateDocument(deps, id, (d) =>
        d.state === 'received'
          ? {
              ...d,
              state: 'failed',
              failure: { code: 'provider_failed', reason: 'the file is no longer in the bucket' },
              updatedAt: now,
            }
          : undefined,
      );
    }
    return readDocument(deps, reset, object.body);
  };
