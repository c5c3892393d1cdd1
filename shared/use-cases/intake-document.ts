/**
 * Takes a document in: an uploaded file or an object dropped under the bucket's inbox/ prefix.
 *
 * Input: the bytes of an upload, or the key and size of a bucket object. Output: the document record and whether
 * this call created it. Steps:
 *  1. an oversized bucket object is not downloaded: it is recorded as failed under a digest of its key and size;
 *  2. otherwise the bytes are hashed (SHA-256 = the document id) and their type sniffed; an upload is stored in
 *     the bucket under documents/ so the reader and the invoice can reference it;
 *  3. the record is created only if no document has that hash: the same file again answers the existing record
 *     (its new key kept as an alias), so it never makes a second invoice;
 *  4. an unsupported or oversized file fails with its reason; otherwise the document is read (read-document.ts).
 * A redelivery finds the record and resumes what an interrupted run left: reading ('received' without a job)
 * or converting ('extracted').
 */
import { createHash } from 'node:crypto';
import {
  type DocumentContentType,
  type IntakeDocument,
  sniffContentType,
  tooLarge,
} from '#shared/domain/documents/intake-document.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { plainFileName } from '#shared/domain/file-name.ts';
import { makeConvertDocument } from './convert-document.ts';
import type { DocumentDeps } from './document-deps.ts';
import { applyOutcome, readDocument } from './read-document.ts';

export type IntakeInput =
  | { origin: 'upload'; bytes: Uint8Array; fileName?: string }
  | { origin: 'bucket'; key: string; size: number };

export interface IntakeResult {
  document: IntakeDocument;
  created: boolean;
}

const EXTENSIONS: Record<DocumentContentType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tiff',
};

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Where an upload is kept: by content, so the same file uploaded twice is one object. */
export const uploadKey = (id: string, contentType: DocumentContentType | undefined) =>
  `documents/${id}.${contentType ? EXTENSIONS[contentType] : 'bin'}`;

export const makeIntakeDocument =
  (deps: DocumentDeps) =>
  async (input: IntakeInput): Promise<IntakeResult> => {
    const now = deps.clock.now().toISOString();
    const base = { aliases: [], reviewReasons: [], createdAt: now, updatedAt: now, state: 'received' } as const;

    if (input.origin === 'bucket' && input.size > deps.maxDocumentBytes) {
      const record: IntakeDocument = {
        ...base,
        id: sha256(`oversized\u001f${input.key}\u001f${input.size}`),
        key: input.key,
        origin: 'bucket',
        fileName: plainFileName(fileNameOf(input.key)),
        size: input.size,
      };
      const { created, document } = await deps.documents.create(record);
      if (!created) return { document: document.value, created };
      const failed = await applyOutcome(deps, record.id, {
        kind: 'failed',
        ...tooLarge(input.size, deps.maxDocumentBytes),
      });
      return { document: failed, created };
    }

    const bytes = input.origin === 'upload' ? input.bytes : (await deps.blobs.get(input.key))?.body;
    if (!bytes) throw new NotFoundError('object', input.origin === 'bucket' ? input.key : 'upload');
    const id = sha256(bytes);
    const contentType = sniffContentType(bytes);
    const key = input.origin === 'upload' ? uploadKey(id, contentType) : input.key;
    const record: IntakeDocument = {
      ...base,
      id,
      key,
      origin: input.origin,
      fileName: plainFileName(input.origin === 'upload' ? input.fileName : fileNameOf(input.key)),
      ...(contentType ? { contentType } : {}),
      size: bytes.byteLength,
    };
    // Stored before the record exists, so a record never points at a missing object.
    if (input.origin === 'upload' && contentType && bytes.byteLength <= deps.maxDocumentBytes) {
      await deps.blobs.put(key, bytes, contentType);
    }
    const { created, document } = await deps.documents.create(record);
    if (created) return { document: await readDocument(deps, record, bytes), created };

    const existing = document.value;
    if (existing.key !== key && !existing.aliases.includes(key)) await deps.documents.addAlias(id, key);
    if (existing.state === 'received' && !existing.jobId) {
      return { document: await readDocument(deps, existing, bytes), created: false };
    }
    if (existing.state === 'extracted') return { document: await makeConvertDocument(deps)(id), created: false };
    return { document: (await deps.documents.get(id))?.value ?? existing, created: false };
  };

function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
