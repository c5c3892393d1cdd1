/**
 * Lays out a reminder letter (LetterContent from the composer) as an A4 PDF with pdfkit: the company's letterhead
 * (name, address, SIREN, VAT), the recipient's address where a window envelope shows it, place and date, the
 * registered-letter mention, the subject, the body, the invoices table with totals, the penalties, the formal
 * notice's legal wording, how to pay, the closing and the signature.
 *
 * pdfkit's built-in Helvetica is WinAnsi-encoded: the narrow no-break space French number formatting uses is
 * written as a plain no-break space so amounts print whole.
 */
import PDFDocument from 'pdfkit';
import type { LetterContent } from '#shared/domain/messages/compose.ts';

const MARGIN = 56;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const CONTENT = PAGE_WIDTH - 2 * MARGIN;
const INK = '#1d2433';
const MUTED = '#5b6476';
const LINE = '#c9ced9';

function clean(text: string): string {
  return text.replace(/[\u202f\u2009]/g, '\u00a0');
}

interface Column {
  label: string;
  width: number;
  align: 'left' | 'right';
  value: (row: LetterContent['rows'][number]) => string;
}

export function renderLetterPdf(letter: LetterContent, info: { title: string; date: Date }): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      info: { Title: clean(info.title), Author: clean(letter.sender.name), CreationDate: info.date },
      lang: letter.language,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    try {
      draw(doc, letter);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}

function text(doc: PDFKit.PDFDocument, value: string, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.text(clean(value), options);
}

function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > PAGE_HEIGHT - MARGIN) doc.addPage();
}

function paragraphs(doc: PDFKit.PDFDocument, items: readonly string[], bold = false): void {
  for (const p of items) {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10.5)
      .fillColor(INK);
    text(doc, p, { width: CONTENT, align: 'justify', lineGap: 1.5 });
    doc.moveDown(0.7);
  }
}

function draw(doc: PDFKit.PDFDocument, letter: LetterContent): void {
  // Letterhead.
  doc.font('Helvetica-Bold').fontSize(14).fillColor(INK);
  text(doc, letter.sender.name, { width: 260 });
  doc.font('Helvetica').fontSize(9).fillColor(MUTED);
  for (const line of letter.sender.lines) text(doc, line, { width: 260 });
  if (letter.sender.identifiers.length) text(doc, letter.sender.identifiers.join(' · '), { width: 260 });
  const afterHead = doc.y;

  // Recipient, in the window of a DL envelope (about 50 mm from the top, right half).
  const rx = 320;
  let ry = 140;
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK);
  doc.text(clean(letter.recipient.name), rx, ry, { width: PAGE_WIDTH - MARGIN - rx });
  ry = doc.y;
  doc.font('Helvetica').fontSize(10.5);
  if (letter.recipient.attention) {
    doc.text(clean(letter.recipient.attention), rx, ry, { width: PAGE_WIDTH - MARGIN - rx });
    ry = doc.y;
  }
  for (const line of letter.recipient.lines) {
    doc.text(clean(line), rx, ry, { width: PAGE_WIDTH - MARGIN - rx });
    ry = doc.y;
  }

  doc.x = MARGIN;
  doc.y = Math.max(afterHead, ry, 215) + 28;
  doc.font('Helvetica').fontSize(10.5).fillColor(INK);
  text(doc, letter.placeAndDate, { width: CONTENT, align: 'right' });
  doc.moveDown(0.8);
  if (letter.registeredMention) {
    doc.font('Helvetica-Bold').fontSize(10.5);
    text(doc, letter.registeredMention, { width: CONTENT });
    doc.moveDown(0.3);
  }
  doc.font('Helvetica-Bold').fontSize(11);
  text(doc, letter.subjectLine, { width: CONTENT });
  doc.moveDown(1);

  paragraphs(doc, letter.body);
  table(doc, letter);
  paragraphs(doc, letter.penalties);
  paragraphs(doc, letter.legal, true);

  // How to pay.
  ensureSpace(doc, 90);
  doc.font('Helvetica-Bold').fontSize(10.5).fillColor(INK);
  text(doc, letter.labels.howToPay, { width: CONTENT });
  doc.font('Helvetica').fontSize(10);
  const p = letter.payment;
  text(doc, `IBAN ${p.iban} · BIC ${p.bic} · ${p.holder}`, { width: CONTENT });
  const references = p.references.map((r) => (r.reference === r.number ? r.number : `${r.reference} (${r.number})`));
  text(doc, `${letter.labels.reference}${letter.language === 'fr' ? ' :' : ':'} ${references.join(', ')}`, {
    width: CONTENT,
  });
  text(doc, p.portalUrl, { width: CONTENT, link: p.portalUrl });
  doc.moveDown(1);

  paragraphs(doc, letter.closing);
  ensureSpace(doc, 60);
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(10.5).fillColor(INK);
  for (const line of letter.signature) text(doc, line, { width: CONTENT, align: 'right' });
}

function table(doc: PDFKit.PDFDocument, letter: LetterContent): void {
  const l = letter.labels;
  const columns: Column[] = [
    { label: l.invoice, width: 78, align: 'left', value: (r) => r.number },
    { label: l.issued, width: 66, align: 'left', value: (r) => r.issueDate },
    { label: l.due, width: 66, align: 'left', value: (r) => r.dueDate },
    { label: l.late, width: 42, align: 'right', value: (r) => (r.daysLate > 0 ? String(r.daysLate) : '—') },
    { label: l.amount, width: 72, align: 'right', value: (r) => r.amount },
    { label: l.balance, width: 72, align: 'right', value: (r) => r.balance },
  ];
  if (letter.showPenalties)
    columns.push({ label: l.penalties, width: 87, align: 'right', value: (r) => r.penalties ?? '—' });
  const scale = CONTENT / columns.reduce((n, c) => n + c.width, 0);
  for (const c of columns) c.width *= scale;

  const row = (cells: string[], bold: boolean, color = INK) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(9)
      .fillColor(color);
    const heights = cells.map((cell, i) => doc.heightOfString(clean(cell), { width: (columns[i]?.width ?? 60) - 6 }));
    const h = Math.max(...heights) + 8;
    ensureSpace(doc, h);
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      doc.text(clean(cell), x + 3, top + 4, { width: col.width - 6, align: col.align });
      x += col.width;
    });
    doc
      .moveTo(MARGIN, top + h)
      .lineTo(MARGIN + CONTENT, top + h)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    doc.x = MARGIN;
    doc.y = top + h;
  };

  ensureSpace(doc, 60);
  row(
    columns.map((c) => c.label),
    true,
    MUTED,
  );
  for (const r of letter.rows)
    row(
      columns.map((c) => c.value(r)),
      false,
    );
  doc.moveDown(0.4);
  for (const t of letter.totals) {
    ensureSpace(doc, 16);
    doc
      .font(t.strong ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .fillColor(INK);
    const y = doc.y;
    doc.text(clean(t.label), MARGIN, y, { width: CONTENT - 110, align: 'right' });
    doc.text(clean(t.value), MARGIN + CONTENT - 105, y, { width: 105, align: 'right' });
    doc.x = MARGIN;
  }
  doc.moveDown(1);
}
