/**
 * Completes a document whose reading ran as an asynchronous job (Textract StartExpenseAnalysis), when the job's
 * completion message arrives.
 *
 * Input: the document id (the job's tag), the job id and the status the message announced. Output: the document.
 * Steps: a message for a job the document no longer waits for (a redelivery, a superseded job) changes nothing; a
 * failed job fails the document with the reason; a succeeded one is collected (every page of results), applied
 * and converted. A job that reports itself still running throws ExtractionNotReadyError, so the queue redelivers.
 */
import type { IntakeDocument } from '#shared/domain/documents/intake-document.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { DocumentDeps } from './document-deps.ts';
import { applyOutcome } from './read-document.ts';

export interface JobCompletion {
  documentId: string;
  jobId: string;
  status: 'SUCCEEDED' | 'FAILED' | 'ERROR';
}

export const makeCompleteDocumentExtraction =
  (deps: DocumentDeps) =>
  async (completion: JobCompletion): Promise<IntakeDocument> => {
    const current = await deps.documents.get(completion.documentId);
    if (!current) throw new NotFoundError('document', completion.documentId);
    const doc = current.value;
    if (doc.jobId !== completion.jobId || doc.state !== 'received') return doc;
    if (completion.status !== 'SUCCEEDED') {
      return applyOutcome(deps, doc.id, {
        kind: 'failed',
        code: 'provider_failed',
        reason: `Textract could not analyse the document (job ${completion.status.toLowerCase()}); retry it`,
      });
    }
    return applyOutcome(deps, doc.id, await deps.reader.collect(completion.jobId));
  };
