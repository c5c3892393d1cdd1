/**
 * The DocumentInspector on both hosts: opens a PDF with unpdf (pdf.js) to count its pages — which decides between
 * Textract's synchronous and asynchronous APIs — and to refuse encrypted, XFA-only or damaged files with a clear
 * reason before any paid reading. Images are one page (a multi-page TIFF is refused later by the reader).
 */
import { getDocumentProxy } from 'unpdf';
import type { DocumentContentType } from '#shared/domain/documents/intake-document.ts';
import type { DocumentInspector, Inspection } from '#shared/ports/documents.ts';

export class PdfInspector implements DocumentInspector {
  async inspect(bytes: Uint8Array, contentType: DocumentContentType): Promise<Inspection> {
    if (contentType !== 'application/pdf') return { kind: 'ok', pages: 1 };
    let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
    try {
      // pdf.js takes ownership of the buffer it is given; a copy leaves the caller's bytes intact.
      pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false });
      if (pdf.isPureXfa) {
        return { kind: 'failed', code: 'unsupported', reason: 'XFA forms are not supported; print the form to PDF' };
      }
      return { kind: 'ok', pages: pdf.numPages };
    } catch (error) {
      if (error instanceof Error && error.name === 'PasswordException') {
        return { kind: 'failed', code: 'encrypted', reason: 'the PDF is password-protected; send an unprotected copy' };
      }
      const detail = error instanceof Error ? error.message || error.name : String(error);
      return { kind: 'failed', code: 'corrupt', reason: `the PDF cannot be read (${detail})` };
    } finally {
      await pdf?.destroy();
    }
  }
}
