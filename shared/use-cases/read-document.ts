/**
 * Reads a received document: a first look (pages; encrypted or damaged files refused), then the reader. An answer
 * at once is applied and, when fields were extracted, converted; a pending job leaves the document 'received'
 * with its job id until the completion message arrives (complete-document-extraction.ts).
 */

import type { ExtractionOutcome } from '#shared/domain/documents/extracted-invoice.ts';
import {
  type IntakeDocument,
  tooLarge,
  UNSUPPORTED_TYPE,
  withOutcome,
} from '#shared/domain/documents/intake-document.ts';
import { makeConvertDocument } from './convert-document.ts';
import { type DocumentDeps, updateDocument } from './document-deps.ts';

/** The error a caller's queue retries: the reader has no answer yet. */
export class ExtractionNotReadyError extends Error {
  constructor(documentId: string) {
    super(`the extraction of document ${documentId} is not finished yet`);
    this.name = 'ExtractionNotReadyError';
  }
}

/** Applies an outcome to a document still 'received', then converts it when fields were extracted. */
export async function applyOutcome(
  deps: DocumentDeps,
  id: string,
  outcome: ExtractionOutcome,
  extra: Partial<Pick<IntakeDocument, 'pages'>> = {},
): Promise<IntakeDocument> {
  if (outcome.kind === 'not_ready') throw new ExtractionNotReadyError(id);
  const now = deps.clock.now().toISOString();
  const doc = await updateDocument(deps, id, (d) =>
    d.state === 'received' ? withOutcome({ ...d, ...extra }, outcome, now) : undefined,
  );
  return doc.state === 'extracted' ? makeConvertDocument(deps)(id) : doc;
}

export async function readDocument(
  deps: DocumentDeps,
  doc: IntakeDocument,
  bytes: Uint8Array,
): Promise<IntakeDocument> {
  const fail = (failure: { code: Extract<ExtractionOutcome, { kind: 'failed' }>['code']; reason: string }) =>
    applyOutcome(deps, doc.id, { kind: 'failed', ...failure });
  if (!doc.contentType) return fail(UNSUPPORTED_TYPE);
  if (doc.size > deps.maxDocumentBytes) return fail(tooLarge(doc.size, deps.maxDocumentBytes));
  const inspection = await deps.inspector.inspect(bytes, doc.contentType);
  if (inspection.kind === 'failed') return fail(inspection);
  const answer = await deps.reader.start({
    id: doc.id,
    key: doc.key,
    bytes,
    pages: inspection.pages,
    contentType: doc.contentType,
  });
  if (answer.kind === 'pending') {
    const now = deps.clock.now().toISOString();
    return updateDocument(deps, doc.id, (d) =>
      d.state === 'received' ? { ...d, pages: inspection.pages, jobId: answer.jobId, updatedAt: now } : undefined,
    );
  }
  return applyOutcome(deps, doc.id, answer, { pages: inspection.pages });
}
