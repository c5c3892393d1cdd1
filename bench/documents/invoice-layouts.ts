/**
 * Five invoice layouts drawn with pdfkit, each modelled on a common family of real invoices:
 * - classic-fr: French letterhead left, title and reference block right, client block right, totals bottom-right;
 * - bill-to: English "INVOICE" template with a "Bill To" block and a right-hand key/value block, Balance Due;
 * - minimal: a freelancer's plain text invoice, one sentence per line ("Facture n° 12 du 3 mars 2026");
 * - modern: a coloured header band, small-caps labels stacked above their values, an "amount due" box;
 * - header-grid: a bordered row of column headers (number, date, terms, due date) with the values beneath.
 * Long item lists flow onto further pages with the table header repeated; totals are on the last page.
 */
import { type AmountStyle, type DateStyle, formatAmount, formatDate } from './invoice-formats.ts';

export type LayoutName = 'classic-fr' | 'bill-to' | 'minimal' | 'modern' | 'header-grid';
export type Language = 'fr' | 'en';

export interface Party {
  readonly name: string;
  readonly address: readonly string[];
  readonly email?: string;
  readonly siret?: string;
  readonly vat?: string;
}

export interface LineItem {
  readonly description: string;
  readonly quantity: number;
  readonly unitCents: number;
}

/** Everything a layout prints. Amounts are integer cents; dates ISO, formatted by `dateStyle`. */
export interface InvoiceSpec {
  readonly layout: LayoutName;
  readonly language: Language;
  readonly font: 'Helvetica' | 'Times-Roman' | 'Courier';
  readonly seller: Party;
  readonly buyer: Party;
  readonly number: string;
  readonly issueDate: string;
  /** Printed due date, when the invoice has one. */
  readonly dueDate?: string;
  /** Printed payment terms sentence or cell, when the invoice has one. */
  readonly terms?: string;
  readonly currency: string;
  readonly amountStyle: AmountStyle;
  readonly dateStyle: DateStyle;
  readonly items: readonly LineItem[];
  readonly taxRate: number;
  readonly subtotalCents: number;
  readonly taxCents: number;
  readonly totalCents: number;
  readonly iban?: string;
  readonly rfReference?: string;
  readonly orderReference?: string;
  readonly deliveryDate?: string;
  /** Which wording of the labels the layout uses (0–2): real invoices of one family differ in their words. */
  readonly variant: 0 | 1 | 2;
}

type Doc = PDFKit.PDFDocument;

const BOLD: Readonly<Record<InvoiceSpec['font'], string>> = {
  Helvetica: 'Helvetica-Bold',
  'Times-Roman': 'Times-Bold',
  Courier: 'Courier-Bold',
};

const money = (spec: InvoiceSpec, cents: number) => formatAmount(cents, spec.currency, spec.amountStyle);
const date = (spec: InvoiceSpec, iso: string) => formatDate(iso, spec.dateStyle);
const lineCents = (item: LineItem) => Math.round(item.quantity * item.unitCents);

function text(doc: Doc, value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.text(value, x, y, { lineBreak: false, ...options });
}

function regular(doc: Doc, spec: InvoiceSpec, size: number): Doc {
  return doc.font(spec.font).fontSize(size).fillColor('#000000');
}

function bold(doc: Doc, spec: InvoiceSpec, size: number): Doc {
  return doc.font(BOLD[spec.font]).fontSize(size).fillColor('#000000');
}

const fr = (spec: InvoiceSpec) => spec.language === 'fr';

interface TableOptions {
  readonly x: number;
  readonly widths: readonly number[];
  readonly headers: readonly string[];
  readonly top: number;
  /** Draws the top of a continuation page and returns where the table resumes. */
  readonly continuation: (doc: Doc) => number;
  readonly bottom: number;
}

function itemCells(spec: InvoiceSpec, item: LineItem): string[] {
  const quantity = Number.isInteger(item.quantity)
    ? String(item.quantity)
    : String(item.quantity).replace('.', fr(spec) ? ',' : '.');
  return [item.description, quantity, money(spec, item.unitCents), money(spec, lineCents(item))];
}

/** Draws the line items, starting new pages as needed; returns the y below the last row. */
function drawItems(doc: Doc, spec: InvoiceSpec, options: TableOptions): number {
  const rowHeight = 16;
  const header = (y: number) => {
    bold(doc, spec, 9);
    let x = options.x;
    options.headers.forEach((h, i) => {
      const w = options.widths[i] ?? 80;
      text(doc, h, x, y, { width: w - 6, align: i === 0 ? 'left' : 'right' });
      x += w;
    });
    const total = options.widths.reduce((a, b) => a + b, 0);
    doc
      .moveTo(options.x, y + 12)
      .lineTo(options.x + total, y + 12)
      .lineWidth(0.5)
      .stroke('#888888');
    return y + 18;
  };
  let y = header(options.top);
  for (const item of spec.items) {
    if (y + rowHeight > options.bottom) {
      doc.addPage();
      y = header(options.continuation(doc));
    }
    regular(doc, spec, 9);
    let x = options.x;
    itemCells(spec, item).forEach((cell, i) => {
      const w = options.widths[i] ?? 80;
      text(doc, cell, x, y, { width: w - 6, align: i === 0 ? 'left' : 'right', ellipsis: true, height: 12 });
      x += w;
    });
    y += rowHeight;
  }
  return y;
}

/** Totals (label, value) pairs, right-aligned in two cells. */
function drawTotals(
  doc: Doc,
  spec: InvoiceSpec,
  rows: readonly (readonly [string, string, boolean])[],
  x: number,
  y: number,
) {
  for (const [label, value, strong] of rows) {
    if (strong) bold(doc, spec, 10);
    else regular(doc, spec, 10);
    text(doc, label, x, y, { width: 120 });
    text(doc, value, x + 120, y, { width: 100, align: 'right' });
    y += 16;
  }
  return y;
}

function taxLabel(spec: InvoiceSpec): string {
  const rate = String(spec.taxRate).replace('.', fr(spec) ? ',' : '.');
  if (fr(spec)) return `TVA ${rate} %`;
  return spec.currency === 'USD' ? `Sales Tax (${rate}%)` : `VAT (${rate}%)`;
}

function legalFooter(doc: Doc, spec: InvoiceSpec, y: number): number {
  regular(doc, spec, 7.5).fillColor('#444444');
  const lines: string[] = [];
  if (spec.terms) lines.push(spec.terms);
  if (fr(spec)) {
    if (spec.taxRate === 0) lines.push('TVA non applicable, art. 293 B du CGI.');
    lines.push(
      "En cas de retard de paiement, pénalités au taux de trois fois le taux d'intérêt légal et indemnité forfaitaire pour frais de recouvrement de 40 €. Pas d'escompte pour paiement anticipé.",
    );
  } else {
    lines.push('Late payments may be subject to interest at 1.5% per month. Thank you for your business!');
  }
  if (spec.iban) lines.push(`IBAN : ${spec.iban}${spec.rfReference ? ` — Référence : ${spec.rfReference}` : ''}`);
  for (const line of lines) {
    doc.text(line, 50, y, { width: 495 });
    y = doc.y + 3;
  }
  doc.fillColor('#000000');
  return y;
}

function sellerBlock(doc: Doc, spec: InvoiceSpec, x: number, y: number, nameSize: number): number {
  bold(doc, spec, nameSize);
  text(doc, spec.seller.name, x, y);
  y += nameSize + 6;
  regular(doc, spec, 9);
  const lines = [...spec.seller.address];
  if (spec.seller.email) lines.push(spec.seller.email);
  if (spec.seller.siret) lines.push(`SIRET : ${spec.seller.siret}`);
  if (spec.seller.vat) lines.push(`${fr(spec) ? 'N° TVA intracom.' : 'VAT No.'} ${spec.seller.vat}`);
  for (const line of lines) {
    text(doc, line, x, y);
    y += 12;
  }
  return y;
}

function partyLines(doc: Doc, spec: InvoiceSpec, party: Party, x: number, y: number): number {
  bold(doc, spec, 10);
  text(doc, party.name, x, y);
  y += 14;
  regular(doc, spec, 9);
  for (const line of [
    ...party.address,
    ...(party.email ? [party.email] : []),
    ...(party.vat ? [`TVA : ${party.vat}`] : []),
  ]) {
    text(doc, line, x, y);
    y += 12;
  }
  return y;
}

/** French classic: letterhead left, FACTURE and its references right, client block right, totals bottom right. */
function classicFr(doc: Doc, spec: InvoiceSpec): void {
  sellerBlock(doc, spec, 50, 50, 15);
  const due = spec.dueDate ? date(spec, spec.dueDate) : undefined;
  const refs: [string, string][] = [];
  if (spec.variant === 1) {
    // Title carries the number; the client block has no label at all (window-envelope position).
    bold(doc, spec, 17);
    text(doc, `FACTURE N° ${spec.number}`, 330, 50);
    refs.push(['Date :', date(spec, spec.issueDate)]);
    if (due) refs.push(['Échéance :', due]);
  } else {
    bold(doc, spec, 22);
    text(doc, 'FACTURE', 360, 50);
    const v2 = spec.variant === 2;
    refs.push([v2 ? 'Numéro :' : 'N° de facture :', spec.number]);
    refs.push([v2 ? "Date d'émission :" : 'Date de facture :', date(spec, spec.issueDate)]);
    if (due) refs.push([v2 ? 'À payer avant le :' : "Date d'échéance :", due]);
  }
  if (spec.orderReference) refs.push(['Bon de commande :', spec.orderReference]);
  let y = 82;
  for (const [label, value] of refs) {
    regular(doc, spec, 9);
    text(doc, label, spec.variant === 1 ? 330 : 360, y);
    bold(doc, spec, 9);
    text(doc, value, 455, y);
    y += 13;
  }
  if (spec.variant !== 1) {
    bold(doc, spec, 10);
    text(doc, spec.variant === 2 ? 'Facturé à' : 'Client', 330, 170);
  }
  partyLines(doc, spec, spec.buyer, 330, 186);
  if (spec.deliveryDate) {
    regular(doc, spec, 9);
    text(doc, `Date de livraison : ${date(spec, spec.deliveryDate)}`, 50, 240);
  }
  y = drawItems(doc, spec, {
    x: 50,
    widths: [255, 50, 90, 100],
    headers: ['Désignation', 'Qté', 'PU HT', 'Montant HT'],
    top: 270,
    bottom: 740,
    continuation: (d) => {
      regular(d, spec, 9);
      text(d, `${spec.seller.name} — Facture ${spec.number} (suite)`, 50, 50);
      return 80;
    },
  });
  if (y > 640) {
    doc.addPage();
    y = 60;
  }
  const rows: [string, string, boolean][] = [['Total HT', money(spec, spec.subtotalCents), false]];
  if (spec.taxRate > 0) rows.push([taxLabel(spec), money(spec, spec.taxCents), false]);
  const totalLabel = ['Total TTC', 'Net à payer', `Montant TTC (${spec.currency})`][spec.variant] ?? 'Total TTC';
  rows.push([spec.taxRate > 0 ? totalLabel : 'Net à payer', money(spec, spec.totalCents), true]);
  y = drawTotals(doc, spec, rows, 325, y + 14);
  legalFooter(doc, spec, y + 20);
}

/** English "Bill To" template: big INVOICE title, key/value block right, Balance Due. */
function billTo(doc: Doc, spec: InvoiceSpec): void {
  bold(doc, spec, 28).fillColor('#1f3a5f');
  text(doc, 'INVOICE', 380, 45, { width: 165, align: 'right' });
  sellerBlock(doc, spec, 50, 50, 13);
  const words = [
    { number: 'Invoice #', date: 'Invoice Date', due: 'Due Date', to: 'Bill To:', balance: 'Balance Due' },
    {
      number: 'Invoice Number:',
      date: 'Date:',
      due: 'Payment Due:',
      to: 'Billed To',
      balance: `Amount Due (${spec.currency})`,
    },
    { number: 'Invoice No.', date: 'Date of Issue', due: 'Due By', to: 'Customer', balance: 'Total Due' },
  ][spec.variant] ?? {
    number: 'Invoice #',
    date: 'Invoice Date',
    due: 'Due Date',
    to: 'Bill To:',
    balance: 'Balance Due',
  };
  const refs: [string, string][] = [
    [words.number, spec.number],
    [words.date, date(spec, spec.issueDate)],
  ];
  if (spec.dueDate) refs.push([words.due, date(spec, spec.dueDate)]);
  if (spec.orderReference) refs.push(['P.O. #', spec.orderReference]);
  let y = 95;
  for (const [label, value] of refs) {
    bold(doc, spec, 9);
    text(doc, label, 355, y);
    regular(doc, spec, 9);
    text(doc, value, 445, y, { width: 100, align: 'right' });
    y += 14;
  }
  bold(doc, spec, 10).fillColor('#1f3a5f');
  text(doc, words.to, 50, 175);
  text(doc, 'Ship To:', 300, 175);
  partyLines(doc, spec, spec.buyer, 50, 191);
  regular(doc, spec, 9);
  text(doc, spec.buyer.address[0] ?? '', 300, 191);
  text(doc, spec.buyer.address[1] ?? '', 300, 203);
  y = drawItems(doc, spec, {
    x: 50,
    widths: [250, 50, 95, 100],
    headers: ['Description', 'Qty', 'Unit Price', 'Amount'],
    top: 265,
    bottom: 720,
    continuation: (d) => {
      regular(d, spec, 9);
      text(d, `Invoice ${spec.number} (continued)`, 50, 50);
      return 75;
    },
  });
  if (y > 620) {
    doc.addPage();
    y = 60;
  }
  const rows: [string, string, boolean][] = [['Subtotal', money(spec, spec.subtotalCents), false]];
  if (spec.taxRate > 0) rows.push([taxLabel(spec), money(spec, spec.taxCents), false]);
  rows.push(['Total', money(spec, spec.totalCents), true]);
  rows.push([words.balance, money(spec, spec.totalCents), true]);
  y = drawTotals(doc, spec, rows, 325, y + 14);
  legalFooter(doc, spec, y + 20);
}

/** A freelancer's plain invoice: sentences, one per line, no table grid. */
function minimal(doc: Doc, spec: InvoiceSpec): void {
  let y = sellerBlock(doc, spec, 60, 60, 12) + 24;
  regular(doc, spec, 11);
  if (fr(spec)) {
    bold(doc, spec, 13);
    text(doc, `Facture n° ${spec.number} du ${date(spec, spec.issueDate)}`, 60, y);
  } else {
    bold(doc, spec, 13);
    text(doc, `Invoice ${spec.number}`, 60, y);
    regular(doc, spec, 10);
    y += 20;
    text(doc, `Date: ${date(spec, spec.issueDate)}`, 60, y);
  }
  y += 26;
  regular(doc, spec, 10);
  text(doc, fr(spec) ? `Client : ${spec.buyer.name}` : `To: ${spec.buyer.name}`, 60, y);
  y += 14;
  for (const line of spec.buyer.address) {
    text(doc, line, 60, y);
    y += 13;
  }
  y += 14;
  for (const item of spec.items) {
    if (y > 760) {
      doc.addPage();
      y = 60;
    }
    regular(doc, spec, 10);
    const qty = String(item.quantity).replace('.', fr(spec) ? ',' : '.');
    text(doc, `${item.description} — ${qty} × ${money(spec, item.unitCents)}`, 60, y, {
      width: 330,
      ellipsis: true,
      height: 12,
    });
    text(doc, money(spec, lineCents(item)), 400, y, { width: 130, align: 'right' });
    y += 15;
  }
  if (y > 680) {
    doc.addPage();
    y = 60;
  }
  y += 10;
  const colon = fr(spec) ? ' :' : ':';
  if (spec.taxRate > 0) {
    text(doc, `${fr(spec) ? 'Total HT' : 'Subtotal'}${colon} ${money(spec, spec.subtotalCents)}`, 300, y);
    y += 14;
    text(doc, `${taxLabel(spec)}${colon} ${money(spec, spec.taxCents)}`, 300, y);
    y += 14;
  }
  bold(doc, spec, 12);
  const totalLabel = fr(spec) ? (spec.taxRate > 0 ? 'Total TTC' : 'Total') : 'Total due';
  text(doc, `${totalLabel}${colon} ${money(spec, spec.totalCents)}`, 300, y);
  y += 22;
  if (spec.dueDate) {
    regular(doc, spec, 10);
    text(doc, `${fr(spec) ? 'À régler avant le' : 'Please pay by'} ${date(spec, spec.dueDate)}`, 60, y);
    y += 18;
  }
  legalFooter(doc, spec, y + 10);
}

/** Modern two-column: colour band with the seller, stacked small-caps labels, an amount-due box. */
function modern(doc: Doc, spec: InvoiceSpec): void {
  doc.rect(0, 0, 595.28, 110).fill('#2d6a4f');
  doc.font(BOLD[spec.font]).fontSize(20).fillColor('#ffffff');
  text(doc, spec.seller.name, 50, 35);
  doc.font(spec.font).fontSize(9).fillColor('#e0f0e8');
  text(doc, spec.seller.address.join(' · '), 50, 65);
  if (spec.seller.siret)
    text(doc, `SIRET ${spec.seller.siret}${spec.seller.vat ? ` · TVA ${spec.seller.vat}` : ''}`, 50, 80);
  doc.font(BOLD[spec.font]).fontSize(16).fillColor('#ffffff');
  text(doc, fr(spec) ? 'FACTURE' : 'INVOICE', 430, 38, { width: 115, align: 'right' });
  const small = (label: string, x: number, y: number) => {
    doc.font(BOLD[spec.font]).fontSize(7.5).fillColor('#6c757d');
    text(doc, label, x, y);
  };
  small(fr(spec) ? 'FACTURÉ À' : 'BILLED TO', 50, 135);
  partyLines(doc, spec, spec.buyer, 50, 148);
  const meta: [string, string][] = [
    [fr(spec) ? 'NUMÉRO' : 'INVOICE NO.', spec.number],
    [fr(spec) ? 'DATE' : 'ISSUE DATE', date(spec, spec.issueDate)],
  ];
  if (spec.dueDate) meta.push([fr(spec) ? 'ÉCHÉANCE' : 'DUE DATE', date(spec, spec.dueDate)]);
  meta.forEach(([label, value], i) => {
    const x = 300 + i * 85;
    small(label, x, 135);
    regular(doc, spec, 10);
    text(doc, value, x, 148);
  });
  small(fr(spec) ? 'MONTANT DÛ' : 'AMOUNT DUE', 300, 185);
  doc.font(BOLD[spec.font]).fontSize(18).fillColor('#2d6a4f');
  text(doc, money(spec, spec.totalCents), 300, 197);
  let y = drawItems(doc, spec, {
    x: 50,
    widths: [260, 45, 90, 100],
    headers: fr(spec) ? ['Prestation', 'Qté', 'Prix unitaire', 'Total'] : ['Item', 'Qty', 'Rate', 'Amount'],
    top: 250,
    bottom: 730,
    continuation: () => 60,
  });
  if (y > 650) {
    doc.addPage();
    y = 60;
  }
  const rows: [string, string, boolean][] = [
    [fr(spec) ? 'Sous-total' : 'Subtotal', money(spec, spec.subtotalCents), false],
  ];
  if (spec.taxRate > 0) rows.push([taxLabel(spec), money(spec, spec.taxCents), false]);
  rows.push([fr(spec) ? 'Total TTC' : 'Total', money(spec, spec.totalCents), true]);
  y = drawTotals(doc, spec, rows, 325, y + 14);
  legalFooter(doc, spec, y + 20);
}

/** Header grid: a bordered row of column headers with the values in the row beneath (accounting-software style). */
function headerGrid(doc: Doc, spec: InvoiceSpec): void {
  sellerBlock(doc, spec, 50, 45, 14);
  bold(doc, spec, 18);
  text(doc, fr(spec) ? 'Facture' : 'Invoice', 400, 45, { width: 145, align: 'right' });
  const headers = fr(spec)
    ? ['N° facture', 'Date', 'Conditions', 'Échéance']
    : ['Invoice No.', 'Date', 'Terms', 'Due Date'];
  const values = [
    spec.number,
    date(spec, spec.issueDate),
    spec.terms ?? '',
    spec.dueDate ? date(spec, spec.dueDate) : '',
  ];
  const x0 = 300;
  const w = 62;
  doc
    .rect(x0, 150, w * 4, 34)
    .lineWidth(0.7)
    .stroke('#000000');
  doc
    .moveTo(x0, 166)
    .lineTo(x0 + w * 4, 166)
    .stroke('#000000');
  headers.forEach((h, i) => {
    bold(doc, spec, 7.5);
    text(doc, h, x0 + i * w + 3, 155, { width: w - 6, align: 'center' });
    regular(doc, spec, 7.5);
    text(doc, values[i] ?? '', x0 + i * w + 3, 171, { width: w - 6, align: 'center' });
  });
  doc.rect(50, 200, 220, 80).stroke('#000000');
  bold(doc, spec, 9);
  text(doc, fr(spec) ? 'Facturer à' : 'Invoice To', 55, 205);
  partyLines(doc, spec, spec.buyer, 55, 219);
  let y = drawItems(doc, spec, {
    x: 50,
    widths: [255, 50, 90, 100],
    headers: fr(spec) ? ['Description', 'Quantité', 'Prix', 'Montant'] : ['Description', 'Qty', 'Rate', 'Amount'],
    top: 300,
    bottom: 730,
    continuation: (d) => {
      regular(d, spec, 8);
      text(d, `${fr(spec) ? 'Facture' : 'Invoice'} ${spec.number}`, 50, 45);
      return 70;
    },
  });
  if (y > 640) {
    doc.addPage();
    y = 60;
  }
  const rows: [string, string, boolean][] = [];
  if (spec.taxRate > 0) {
    rows.push([fr(spec) ? 'Total HT' : 'Subtotal', money(spec, spec.subtotalCents), false]);
    rows.push([taxLabel(spec), money(spec, spec.taxCents), false]);
  }
  rows.push(['Total', money(spec, spec.totalCents), true]);
  rows.push([fr(spec) ? 'Acomptes versés' : 'Payments/Credits', money(spec, 0), false]);
  rows.push([fr(spec) ? 'Net à payer' : 'Balance Due', money(spec, spec.totalCents), true]);
  y = drawTotals(doc, spec, rows, 325, y + 14);
  legalFooter(doc, spec, y + 20);
}

export const LAYOUTS: Readonly<Record<LayoutName, (doc: Doc, spec: InvoiceSpec) => void>> = {
  'classic-fr': classicFr,
  'bill-to': billTo,
  minimal,
  modern,
  'header-grid': headerGrid,
};

/** Writes "Page n/N" at the foot of every page once the document is complete. */
export function numberPages(doc: Doc, spec: InvoiceSpec): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    regular(doc, spec, 8).fillColor('#666666');
    text(doc, `Page ${i + 1}/${range.count}`, 50, 815, { width: 495, align: 'right' });
  }
}
