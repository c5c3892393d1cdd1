/** Builds small PDFs with pdfkit for the local reader's tests. */
import PDFDocument from 'pdfkit';

export type Draw = (doc: PDFKit.PDFDocument) => void;

/** Renders `draw` into a PDF and returns its bytes. */
export function buildPdf(draw: Draw, options: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margins: { top: 40, bottom: 10, left: 50, right: 50 }, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    draw(doc);
    doc.end();
  });
}

/** Writes one line of text at a position, without wrapping. */
export function at(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size = 10, bold = false): void {
  doc
    .font(bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(size)
    .text(text, x, y, { lineBreak: false });
}
