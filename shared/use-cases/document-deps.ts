/**
 * What the document use cases need, and the one way they change a document record: read, apply a pure change,
 * write conditioned on the revision read, and start again from the read when a concurrent writer won.
 */
import type { IntakeDocument } from '#shared/domain/documents/intake-document.ts';
import { ConcurrentUpdateError, NotFoundError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { DocumentInspector, DocumentReader, DocumentRepository } from '#shared/ports/documents.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

/** The document-intake ports, built once by the host. */
export interface DocumentServices {
  documents: DocumentRepository;
  reader: DocumentReader;
  inspector: DocumentInspector;
  blobs: BlobStore;
  /** Largest file taken in, in bytes (Textract's synchronous limit is 10 MB). */
  maxDocumentBytes: number;
}

export type DocumentDeps = UseCaseDeps & DocumentServices;

/** Who converts a document nobody looked at. */
export const INTAKE_ACTOR: Actor = { kind: 'system', id: 'document-intake' };

/**
 * Applies `change` to the stored document and writes it, retrying from a fresh read when another writer came
 * first. `change` returns undefined when there is nothing to write (the step was already done).
 */
export async function updateDocument(
  deps: Pick<DocumentDeps, 'documents'>,
  id: string,
  change: (doc: IntakeDocument) => IntakeDocument | undefined,
): Promise<IntakeDocument> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.documents.get(id);
    if (!current) throw new NotFoundError('document', id);
    const next = change(current.value);
    if (!next) return current.value;
    try {
      await deps.documents.put(next, current.rev);
      return next;
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}
