/**
 * Document intake on the laptop: the embedded PDF reader in place of Textract, the bucket on s3rver, and the
 * bucket's inbox/ prefix routed to the same intake use case the Lambda runs on AWS.
 */
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { createdObjects, INBOX_PREFIX } from '#shared/adapters/aws/s3-inbox-events.ts';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { LocalDocumentReader } from '#shared/adapters/local/pdf-reader/local-document-reader.ts';
import { DEFAULT_MAX_BYTES } from '#shared/adapters/local/pdf-reader/read-invoice-pdf.ts';
import type { S3EventRouter } from '#shared/adapters/local/s3-event-router.ts';
import { PdfInspector } from '#shared/adapters/pdf/pdf-inspector.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { S3Objects } from '#shared/platform/aws/s3.ts';
import { logger } from '#shared/platform/logger.ts';
import type { DocumentServices } from '#shared/use-cases/document-deps.ts';
import { makeIntakeDocument } from '#shared/use-cases/intake-document.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';

export function wireDocuments(options: {
  db: DynamoDocuments;
  tableName: string;
  s3: S3Objects;
  bucket: string;
  deps: UseCaseDeps;
  s3Events: S3EventRouter;
}): DocumentServices {
  const blobs = new S3BlobStore(options.s3, options.bucket);
  const services: DocumentServices = {
    documents: new DynamoDocumentRepository(options.db, options.tableName),
    reader: new LocalDocumentReader(blobs, { maxBytes: DEFAULT_MAX_BYTES }),
    inspector: new PdfInspector(),
    blobs,
    maxDocumentBytes: DEFAULT_MAX_BYTES,
  };
  const intake = makeIntakeDocument({ ...options.deps, ...services });
  options.s3Events.on(INBOX_PREFIX, async (event) => {
    for (const object of createdObjects(event)) {
      const { document, created } = await intake({ origin: 'bucket', ...object });
      logger.info('document taken in', { documentId: document.id, state: document.state, created });
    }
  });
  return services;
}
