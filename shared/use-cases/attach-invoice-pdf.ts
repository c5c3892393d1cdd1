/**
 * Stores an invoice's PDF in the bucket and references it on the invoice, so reminders can attach it.
 * Idempotent: the object key is derived from the invoice and the file's SHA-256, and attaching the same file
 * again changes nothing.
 */
import { createHash } from 'node:crypto';
import { attachPdf, type Invoice, type StoredFile } from '#shared/domain/invoice.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { UseCaseDeps } from './stores.ts';
import { updateInvoice } from './update-invoice.ts';

export const pdfKey = (invoiceId: string, sha256: string): string => `invoices/${invoiceId}/${sha256.slice(0, 16)}.pdf`;

export const makeAttachInvoicePdf =
  (deps: UseCaseDeps & { blobs: BlobStore }) =>
  async (
    invoiceId: string,
    pdf: Uint8Array | { body: Uint8Array; contentType: string } | { key: string; size: number; sha256: string },
    actor: Actor,
  ): Promise<{ invoice: Invoice; changed: boolean }> => {
    let file: StoredFile;
    if (pdf instanceof Uint8Array || 'body' in pdf) {
      // The bytes (a provider's download, a read document): stored under a content-derived key.
      const body = pdf instanceof Uint8Array ? pdf : pdf.body;
      const sha256 = createHash('sha256').update(body).digest('hex');
      file = { key: pdfKey(invoiceId, sha256), contentType: 'application/pdf', size: body.byteLength, sha256 };
      await deps.blobs.put(file.key, body, file.contentType);
    } else {
      // Already in the bucket (a document dropped in inbox/): reference it where it is.
      file = { ...pdf, contentType: 'application/pdf' };
    }
    const now = deps.clock.now().toISOString();
    return updateInvoice(deps, invoiceId, (invoice) => attachPdf(invoice, file, { now, actor }), 'none');
  };
