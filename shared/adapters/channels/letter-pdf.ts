/**
 * Lays out a reminder letter (LetterContent from the composer) as an A4 PDF: the company's letterhead (name, address,
 * SIREN, VAT), the recipient's address where a window envelope shows it, place and date, the registered-letter
 * mention, the subject, the body, the invoices table with totals, the penalties, the formal notice's legal wording,
 * how to pay, the closing and the signature.
 *
 * Written with our own small PDF writer in the built-in Helvetica (WinAnsi-encoded, not embedded): the narrow
 * no-break space French number formatting uses prints as a plain no-break space so amounts stay whole.
 */

import { A4, PdfWriter } from '#shared/adapters/pdf/pdf-writer.ts';
import type { LetterContent } from '#shared/domain/messages/compose.ts';

const MARGIN = 56;
const PAGE_WIDTH = A4.width;
const PAGE_HEIGHT = A4.height;
const CONTENT = PAGE_WIDTH - 2 * MARGIN;
const INK = '#1d2433';
const MUTED = '#5b6476';
const LINE = '#c9ced9';

interface Column {
  label: string;
  width: number;
  align: 'left' | 'right';
  value: (row: LetterContent['rows'][number]) => string;
}

export async function renderLetterPdf(letter: LetterContent, info: { title: string; date: Date }): Promise<Uint8Array> {
  const doc = new PdfWriter({
    margin: MARGIN,
    info: { title: info.title, author: letter.sender.name, creationDate: info.date },
    lang: letter.language,
  });
  draw(doc, letter);
  return doc.end();
}

function ensureSpace(doc: PdfWriter, height: number): void {
  if (doc.y + height > PAGE_HEIGHT - MARGIN) doc.addPage();
}

function paragraphs(doc: PdfWriter, items: readonly string[], bold = false): void {
  for (const p of items) {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica', 10.5).fillColor(INK);
    doc.text(p, { width: CONTENT, align: 'justify', lineGap: 1.5 });
    doc.moveDown(0.7);
  }
}

function draw(doc: PdfWriter, letter: LetterContent): void {
  // Letterhead.
  doc.font('Helvetica-Bold', 14).fillColor(INK);
  doc.text(letter.sender.name, { width: 260 });
  doc.font('Helvetica', 9).fillColor(MUTED);
  for (const line of letter.sender.lines) doc.text(line, { width: 260 });
  if (letter.sender.identifiers.length) doc.text(letter.sender.identifiers.join(' · '), { width: 260 });
  const afterHead = doc.y;

  // Recipient, in the window of a DL envelope (about 50 mm from the top, right half).
  const rx = 320;
  const recipient = { x: rx, width: PAGE_WIDTH - MARGIN - rx };
  doc.font('Helvetica-Bold', 11).fillColor(INK);
  doc.text(letter.recipient.name, { ...recipient, y: 140 });
  doc.font('Helvetica', 10.5);
  if (letter.recipient.attention) doc.text(letter.recipient.attention, recipient);
  for (const line of letter.recipient.lines) doc.text(line, recipient);
  const ry = doc.y;

  doc.x = MARGIN;
  doc.y = Math.max(afterHead, ry, 215) + 28;
  doc.font('Helvetica', 10.5).fillColor(INK);
  doc.text(letter.placeAndDate, { width: CONTENT, align: 'right' });
  doc.moveDown(0.8);
  if (letter.registeredMention) {
    doc.font('Helvetica-Bold', 10.5);
    doc.text(letter.registeredMention, { width: CONTENT });
    doc.moveDown(0.3);
  }
  doc.font('Helvetica-Bold', 11);
  doc.text(letter.subjectLine, { width: CONTENT });
  doc.moveDown(1);

  paragraphs(doc, letter.body);
  table(doc, letter);
  paragraphs(doc, letter.penalties);
  paragraphs(doc, letter.legal, true);

  // How to pay.
  ensureSpace(doc, 90);
  doc.font('Helvetica-Bold', 10.5).fillColor(INK);
  doc.text(letter.labels.howToPay, { width: CONTENT });
  doc.font('Helvetica', 10);
  const p = letter.payment;
  doc.text(`IBAN ${p.iban} · BIC ${p.bic} · ${p.holder}`, { width: CONTENT });
  const references = p.references.map((r) => (r.reference === r.number ? r.number : `${r.reference} (${r.number})`));
  doc.text(`${letter.labels.reference}${letter.language === 'fr' ? ' :' : ':'} ${references.join(', ')}`, {
    width: CONTENT,
  });
  doc.text(p.portalUrl, { width: CONTENT, link: p.portalUrl });
  doc.moveDown(1);

  paragraphs(doc, letter.closing);
  ensureSpace(doc, 60);
  doc.moveDown(0.5);
  doc.font('Helvetica', 10.5).fillColor(INK);
  for (const line of letter.signature) doc.text(line, { width: CONTENT, align: 'right' });
}

function table(doc: PdfWriter, letter: LetterContent): void {
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
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica', 9).fillColor(color);
    const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: (columns[i]?.width ?? 60) - 6 }));
    const h = Math.max(...heights) + 8;
    ensureSpace(doc, h);
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      doc.text(cell, { x: x + 3, y: top + 4, width: col.width - 6, align: col.align });
      x += col.width;
    });
    doc.line(MARGIN, top + h, MARGIN + CONTENT, top + h, { width: 0.5, color: LINE });
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
    doc.font(t.strong ? 'Helvetica-Bold' : 'Helvetica', 10).fillColor(INK);
    const y = doc.y;
    doc.text(t.label, { x: MARGIN, y, width: CONTENT - 110, align: 'right' });
    doc.text(t.value, { x: MARGIN + CONTENT - 105, y, width: 105, align: 'right' });
    doc.x = MARGIN;
  }
  doc.moveDown(1);
}
