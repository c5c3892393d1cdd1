/**
 * The DocumentInspector on both hosts: counts a PDF's pages — which decides between Textract's synchronous and
 * asynchronous APIs — and refuses encrypted, XFA-only or damaged files with a clear reason before any paid reading.
 * Images are one page (a multi-page TIFF is refused later by the reader).
 *
 * It reads the file's structure (pdf-structure.ts) instead of opening it with pdf.js: unpdf is 1.6 MB of bundle and
 * most of a function's cold start, to answer three questions. test/adapters/documents/pdf-inspector.test.ts
 * compares the page count with unpdf's on every PDF the tests have.
 *
 * - Pages: the largest of the page objects found (in object streams too), the page tree's /Count and, in a
 *   linearized file, the count its linearization dictionary announces. pdf.js reports the /Count (or the
 *   linearization's); the objects can only add pages it does not (a page left behind by an incremental update
 *   that removed it, an orphan). Counting too many is the safe side: more than one page takes the asynchronous path,
 *   which reads any number of pages, where the synchronous one refuses a multi-page file. For the same reason, when
 *   an object stream cannot be decoded (a filter other than Flate, which writers do not use for them, or damaged
 *   data) and no /Count can be read, the file counts as at least two pages.
 * - Encrypted: any /Encrypt in a trailer or cross-reference stream. pdf.js would open a file that is encrypted
 *   with an empty user password (restrictions only); it is refused here all the same, as its object streams cannot
 *   be read without decrypting them.
 * - XFA-only: an /XFA form whose pages are a placeholder (/NeedsRendering, or no page at all): the invoice is in
 *   the XFA data, which nothing downstream reads.
 * - Damaged: cut short (an object or a stream runs to the end of the file), no trailer leading to the catalog
 *   (pdf.js does not open such a file either), or no page at all. Other damage pdf.js repairs (wrong offsets, a
 *   broken cross-reference table, wrong stream lengths) is no obstacle here either: objects are found by scanning.
 */
import type { DocumentContentType } from '#shared/domain/documents/intake-document.ts';
import type { DocumentInspector, Inspection } from '#shared/ports/documents.ts';
import { readPdfStructure } from './pdf-structure.ts';

const corrupt = (detail: string): Inspection => ({
  kind: 'failed',
  code: 'corrupt',
  reason: `the PDF cannot be read (${detail})`,
});

export class PdfInspector implements DocumentInspector {
  async inspect(bytes: Uint8Array, contentType: DocumentContentType): Promise<Inspection> {
    if (contentType !== 'application/pdf') return { kind: 'ok', pages: 1 };
    const pdf = readPdfStructure(bytes);
    if (!pdf.header) return corrupt('no %PDF- header');
    if (pdf.encrypted) {
      // The local reader's wording (and what the dashboard shows), also for a file with restrictions only.
      return { kind: 'failed', code: 'encrypted', reason: 'the PDF is password-protected; send an unprotected copy' };
    }
    let pages = Math.max(pdf.pageObjects, pdf.pageTreeCount ?? 0, pdf.linearizedPages ?? 0);
    if (pdf.xfa && (pdf.needsRendering || pages === 0)) {
      return { kind: 'failed', code: 'unsupported', reason: 'XFA forms are not supported; print the form to PDF' };
    }
    if (pdf.truncated) return corrupt('the file is cut short');
    if (!pdf.catalog) return corrupt(pdf.unreadObjectStreams > 0 ? 'unreadable object streams' : 'no document catalog');
    if (pdf.unreadObjectStreams > 0 && pdf.pageTreeCount === undefined) pages = Math.max(pages, 2);
    if (pages === 0) return corrupt('no pages');
    return { kind: 'ok', pages };
  }
}
