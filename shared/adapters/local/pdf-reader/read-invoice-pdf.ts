/**
 * The embedded document reader: reads the text layer of an invoice PDF with unpdf (pdf.js) and applies layout
 * heuristics, so that `npm start` turns text PDFs into invoices with no AWS account. It returns the same
 * ExtractionOutcome as the Textract adapter. Scanned (image-only) PDFs need OCR and fail here with 'no_text'.
 */
import { getDocumentProxy } from 'unpdf';
import type { ExtractionOutcome } from '#shared/domain/documents/extracted-invoice.ts';
import { extractInvoiceFields } from './invoice-heuristics.ts';
import { layoutPage, type PageLayout, type PositionedText } from './text-layout.ts';

/** Same ceiling as Textract's synchronous API, so both readers accept the same files. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** Fewer visible characters than this over the whole document means there is no usable text layer. */
const MIN_TEXT_CHARACTERS = 20;

export interface ReadInvoicePdfOptions {
  /** Files larger than this are refused before parsing. @default 10 MB */
  readonly maxBytes?: number;
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/** pdf.js accepts a few bytes of junk before the header; a file without "%PDF-" near the start is not a PDF. */
function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

function failureOf(error: unknown): ExtractionOutcome {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return { kind: 'failed', code: 'encrypted', reason: 'the PDF is password-protected; send an unprotected copy' };
  }
  return { kind: 'failed', code: 'corrupt', reason: `the PDF cannot be read (${message || name || 'unknown error'})` };
}

async function pageLayout(pdf: PdfDocument, pageNumber: number): Promise<PageLayout> {
  const page = await pdf.getPage(pageNumber);
  const [, , width = 595, height = 842] = page.view;
  const content = await page.getTextContent();
  const items: PositionedText[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a = 1, b = 0, , d = 1, x = 0, y = 0] = item.transform as number[];
    // The font size is the vertical scale of the text matrix; rotated text keeps it in b.
    const size = Math.abs(d) || Math.abs(b) || Math.abs(a) || item.height || 10;
    items.push({ text: item.str, x, y, width: item.width, size });
  }
  page.cleanup();
  return layoutPage(pageNumber, width, height, items);
}

/**
 * Reads an invoice PDF. Never throws: an oversized file fails with 'too_large' before any parsing, a file that is
 * not a PDF or is damaged with 'corrupt', a password-protected one with 'encrypted', an XFA-only form with
 * 'unsupported', and a PDF without a text layer (a scan) with 'no_text'.
 */
export async function readInvoicePdf(
  bytes: Uint8Array,
  options: ReadInvoicePdfOptions = {},
): Promise<ExtractionOutcome> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return {
      kind: 'failed',
      code: 'too_large',
      reason: `the file is ${mb(bytes.byteLength)} MB; the limit is ${mb(maxBytes)} MB`,
    };
  }
  if (!looksLikePdf(bytes))
    return { kind: 'failed', code: 'corrupt', reason: 'the file is not a PDF (no %PDF- header)' };
  let pdf: PdfDocument | undefined;
  try {
    // pdf.js takes ownership of the buffer it is given; a copy leaves the caller's bytes intact.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false });
    if (pdf.isPureXfa) {
      return { kind: 'failed', code: 'unsupported', reason: 'XFA forms are not supported; print the form to PDF' };
    }
    const pages: PageLayout[] = [];
    for (let n = 1; n <= pdf.numPages; n += 1) pages.push(await pageLayout(pdf, n));
    const characters = pages
      .flatMap((p) => p.lines)
      .reduce((count, line) => count + line.text.replace(/\s/g, '').length, 0);
    if (characters < MIN_TEXT_CHARACTERS) {
      return {
        kind: 'failed',
        code: 'no_text',
        reason: `the PDF has no text layer (${pdf.numPages} page(s) of images, probably a scan); it needs OCR`,
      };
    }
    return { kind: 'extracted', invoice: extractInvoiceFields(pages) };
  } catch (error) {
    return failureOf(error);
  } finally {
    await pdf?.destroy();
  }
}
