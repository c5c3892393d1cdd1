/**
 * The embedded DocumentReader of the local stack: the PDF's text layer read with readInvoicePdf, answered at once.
 * It has no OCR, so images and scanned PDFs fail with 'no_text' and a reason saying so.
 */
import type { ExtractionOutcome } from '#shared/domain/documents/extracted-invoice.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { DocumentReader, DocumentToRead, ReaderAnswer } from '#shared/ports/documents.ts';
import { readInvoicePdf } from './read-invoice-pdf.ts';

export class LocalDocumentReader implements DocumentReader {
  constructor(
    private readonly blobs: BlobStore,
    private readonly options: { maxBytes?: number } = {},
  ) {}

  async start(doc: DocumentToRead): Promise<ReaderAnswer> {
    if (doc.contentType !== 'application/pdf') {
      return {
        kind: 'failed',
        code: 'no_text',
        reason: 'an image needs OCR, which the local reader does not do; send a PDF with text or use Textract',
      };
    }
    const bytes = doc.bytes ?? (await this.blobs.get(doc.key))?.body;
    if (!bytes) return { kind: 'failed', code: 'provider_failed', reason: 'the file is no longer in the bucket' };
    return readInvoicePdf(bytes, { maxBytes: this.options.maxBytes });
  }

  async collect(): Promise<ExtractionOutcome> {
    // Nothing is ever pending locally: a completion for a job this reader never started is a stray message.
    return { kind: 'failed', code: 'provider_failed', reason: 'the local reader runs no asynchronous jobs' };
  }
}
