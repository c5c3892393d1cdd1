import { describe, expect, it } from 'vitest';
import { readInvoicePdf } from '#shared/adapters/local/pdf-reader/read-invoice-pdf.ts';
import {
  type ExtractedInvoice,
  type ExtractionOutcome,
  isAutoApprovable,
} from '#shared/domain/documents/extracted-invoice.ts';
import { at, buildPdf } from './build-pdf.ts';

function extracted(outcome: ExtractionOutcome): ExtractedInvoice {
  if (outcome.kind !== 'extracted') throw new Error(`expected an invoice, got ${JSON.stringify(outcome)}`);
  return outcome.invoice;
}

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A French invoice: letterhead left, title and references right, a "Client" block, totals bottom right. */
function frenchInvoice(doc: PDFKit.PDFDocument): void {
  at(doc, 'Atelier Numérique SAS', 50, 50, 15, true);
  at(doc, '12 rue des Lilas, 69003 Lyon', 50, 72, 9);
  at(doc, 'SIRET : 443 061 841 00047', 50, 84, 9);
  at(doc, 'N° TVA intracom. FR 64 443 061 841', 50, 96, 9);
  at(doc, 'FACTURE N° F-2026-0042', 330, 50, 16, true);
  at(doc, 'Date :', 330, 80, 9);
  at(doc, '15/01/2026', 430, 80, 9);
  at(doc, 'Échéance :', 330, 93, 9);
  at(doc, '14 février 2026', 430, 93, 9);
  at(doc, 'Date de livraison : 10/01/2026', 330, 106, 9);
  at(doc, 'Client :', 330, 160, 10, true);
  at(doc, 'Librairie Papillon SARL', 330, 175, 10, true);
  at(doc, '15 rue Victor Hugo', 330, 188, 9);
  at(doc, '37000 Tours', 330, 200, 9);
  at(doc, 'factures@papillon.fr', 330, 212, 9);
  at(doc, 'Désignation', 50, 260, 9, true);
  at(doc, 'Qté', 330, 260, 9, true);
  at(doc, 'PU HT', 400, 260, 9, true);
  at(doc, 'Total HT', 480, 260, 9, true);
  at(doc, 'Développement site vitrine', 50, 280, 9);
  at(doc, '2', 335, 280, 9);
  at(doc, '600,00 €', 400, 280, 9);
  at(doc, '1\u00a0200,00 €', 480, 280, 9);
  at(doc, 'Total HT', 330, 330, 10);
  at(doc, '1\u00a0200,00 €', 480, 330, 10);
  at(doc, 'TVA 20 %', 330, 346, 10);
  at(doc, '240,00 €', 480, 346, 10);
  at(doc, 'Total TTC', 330, 362, 10, true);
  at(doc, '1\u00a0440,00 €', 480, 362, 10, true);
  at(doc, 'IBAN : FR76 3000 6000 0112 3456 7890 189 — BIC BNPAFRPP', 50, 420, 8);
  at(doc, 'Référence à rappeler : RF18 5390 0754 7034', 50, 432, 8);
}

/** An English invoice: "Bill To" block, key/value references, "Amount Due (USD)". */
function englishInvoice(doc: PDFKit.PDFDocument): void {
  at(doc, 'INVOICE', 420, 40, 24, true);
  at(doc, 'Northwind Traders LLC', 50, 45, 13, true);
  at(doc, '500 Market St, San Francisco, CA 94105', 50, 64, 9);
  at(doc, 'Invoice Number:', 360, 90, 9, true);
  at(doc, 'INV-1001', 470, 90, 9);
  at(doc, 'Invoice Date:', 360, 103, 9, true);
  at(doc, 'January 31, 2026', 470, 103, 9);
  at(doc, 'Due Date:', 360, 116, 9, true);
  at(doc, '03/02/2026', 470, 116, 9);
  at(doc, 'Bill To:', 50, 150, 10, true);
  at(doc, 'Ship To:', 300, 150, 10, true);
  at(doc, 'Fabrikam Inc.', 50, 165, 10);
  at(doc, '4000 Lakeside Dr, Austin, TX 78701', 50, 178, 9);
  at(doc, 'Warehouse 7', 300, 165, 10);
  at(doc, 'Description', 50, 220, 9, true);
  at(doc, 'Amount', 480, 220, 9, true);
  at(doc, 'Consulting hours', 50, 238, 9);
  at(doc, '$1,250.00', 480, 238, 9);
  at(doc, 'Subtotal', 330, 280, 10);
  at(doc, '$1,250.00', 480, 280, 10);
  at(doc, 'Amount Due (USD)', 330, 296, 10, true);
  at(doc, '$1,250.00', 480, 296, 10, true);
}

describe('readInvoicePdf on text PDFs', () => {
  it('reads a French invoice: number in the title, dates to the right, client block, Total TTC, identifiers', async () => {
    // Prepare
    const pdf = await buildPdf(frenchInvoice);
    // Act
    const invoice = extracted(await readInvoicePdf(pdf));
    // Assess
    expect(invoice.pages).toBe(1);
    expect(invoice.number?.value).toBe('F-2026-0042');
    expect(invoice.issueDate?.value).toBe('2026-01-15');
    expect(invoice.dueDate?.value).toBe('2026-02-14');
    expect(invoice.dueDateSource).toBe('due_date');
    expect(invoice.total?.value).toEqual(eur(144000));
    expect(invoice.total?.source).toBe('pdf:label "Total TTC"');
    expect(invoice.currency?.value).toBe('EUR');
    expect(invoice.buyerName?.value).toBe('Librairie Papillon SARL');
    expect(invoice.buyerEmail?.value).toBe('factures@papillon.fr');
    expect(invoice.sellerName?.value).toBe('Atelier Numérique SAS');
    expect(invoice.siret?.value).toBe('44306184100047');
    expect(invoice.siren?.value).toBe('443061841');
    expect(invoice.sellerVatNumber?.value).toBe('FR64443061841');
    expect(invoice.iban?.value).toBe('FR7630006000011234567890189');
    expect(invoice.rfReference?.value).toBe('RF18539007547034');
    expect(isAutoApprovable(invoice, 0.8)).toBe(true);
  });

  it('reads an English invoice: US dates, "Bill To" beside "Ship To", the amount due with its currency', async () => {
    // Prepare
    const pdf = await buildPdf(englishInvoice, { size: 'LETTER' });
    // Act
    const invoice = extracted(await readInvoicePdf(pdf));
    // Assess
    expect(invoice.number?.value).toBe('INV-1001');
    expect(invoice.issueDate?.value).toBe('2026-01-31');
    expect(invoice.dueDate?.value).toBe('2026-03-02');
    expect(invoice.total?.value).toEqual({ amount: 125000, currency: 'USD' });
    expect(invoice.amountDue?.value).toEqual({ amount: 125000, currency: 'USD' });
    expect(invoice.buyerName?.value).toBe('Fabrikam Inc.');
    expect(invoice.sellerName?.value).toBe('Northwind Traders LLC');
  });

  it('reads a three-page invoice: header on page 1, totals on the last page, not a line amount', async () => {
    // Prepare
    const pdf = await buildPdf((doc) => {
      at(doc, 'Dupont & Fils SARL', 50, 50, 14, true);
      at(doc, 'Facture n° 2026-118', 330, 50, 14, true);
      at(doc, "Date d'émission : 3 mars 2026", 330, 72, 9);
      at(doc, "Date d'échéance : 2 avril 2026", 330, 85, 9);
      at(doc, 'Facturé à', 50, 120, 9, true);
      at(doc, 'Hôtel Le Grand Cerf', 50, 134, 10);
      let y = 200;
      for (let i = 1; i <= 100; i += 1) {
        if (y > 780) {
          doc.addPage();
          at(doc, 'Facture n° 2026-118 (suite)', 50, 40, 8);
          y = 70;
        }
        at(doc, `Nuitée chambre ${i}`, 50, y, 9);
        at(doc, '95,00 €', 480, y, 9);
        y += 16;
      }
      at(doc, 'Total', 330, y + 20, 10);
      at(doc, '9 500,00 €', 480, y + 20, 10);
      at(doc, 'Net à payer', 330, y + 36, 10, true);
      at(doc, '9 500,00 €', 480, y + 36, 10, true);
    });
    // Act
    const invoice = extracted(await readInvoicePdf(pdf));
    // Assess
    expect(invoice.pages).toBe(3);
    expect(invoice.number?.value).toBe('2026-118');
    expect(invoice.issueDate?.value).toBe('2026-03-03');
    expect(invoice.dueDate?.value).toBe('2026-04-02');
    expect(invoice.total?.value).toEqual(eur(950000));
    expect(invoice.buyerName?.value).toBe('Hôtel Le Grand Cerf');
  });

  it('computes the due date from "30 jours" terms when none is printed', async () => {
    // Prepare
    const pdf = await buildPdf((doc) => {
      at(doc, 'Marie Dubois', 60, 60, 12, true);
      at(doc, 'Facture n° 2026-07 du 15 janvier 2026', 60, 110, 13, true);
      at(doc, 'Client : Garage Renard & Associés', 60, 140, 10);
      at(doc, 'Réunion de cadrage — 1 × 450,00 €', 60, 180, 10);
      at(doc, 'Total : 450,00 €', 300, 220, 12, true);
      at(doc, 'TVA non applicable, art. 293 B du CGI.', 60, 260, 8);
      at(doc, 'Conditions de paiement : 30 jours. Pénalités de retard : 3 fois le taux légal.', 60, 272, 8);
    });
    // Act
    const invoice = extracted(await readInvoicePdf(pdf));
    // Assess
    expect(invoice.number?.value).toBe('2026-07');
    expect(invoice.issueDate?.value).toBe('2026-01-15');
    expect(invoice.dueDate?.value).toBe('2026-02-14');
    expect(invoice.dueDateSource).toBe('payment_terms');
    expect(invoice.buyerName?.value).toBe('Garage Renard & Associés');
    expect(invoice.total?.value).toEqual(eur(45000));
  });

  it('applies the legal 30 days when neither a due date nor terms are printed', async () => {
    // Prepare
    const pdf = await buildPdf((doc) => {
      at(doc, 'Studio Lumière EURL', 50, 50, 14, true);
      at(doc, 'Facture : FA2026-3', 330, 50, 12, true);
      at(doc, 'Date : 31/01/2026', 330, 70, 9);
      at(doc, 'Client : Épicerie Fine Lambert', 50, 120, 10);
      at(doc, 'Total TTC : 99,90 €', 330, 200, 10, true);
    });
    // Act
    const invoice = extracted(await readInvoicePdf(pdf));
    // Assess
    expect(invoice.number?.value).toBe('FA2026-3');
    expect(invoice.dueDate?.value).toBe('2026-03-02');
    expect(invoice.dueDateSource).toBe('legal_default');
    expect(invoice.total?.value).toEqual(eur(9990));
  });

  it('leaves the caller’s bytes untouched', async () => {
    // Prepare
    const pdf = await buildPdf(frenchInvoice);
    const copy = Uint8Array.from(pdf);
    // Act
    await readInvoicePdf(pdf);
    // Assess
    expect(pdf).toEqual(copy);
  });
});

describe('readInvoicePdf failures', () => {
  it('refuses a password-protected PDF as encrypted', async () => {
    // Prepare
    const pdf = await buildPdf(frenchInvoice, { userPassword: 'secret', ownerPassword: 'owner', pdfVersion: '1.7' });
    // Act
    const outcome = await readInvoicePdf(pdf);
    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'encrypted' });
  });

  it('refuses a file that is not a PDF, and a damaged one, as corrupt', async () => {
    // Prepare
    const notPdf = new TextEncoder().encode('Bonjour, ceci est un e-mail, pas une facture.');
    const damaged = (await buildPdf(frenchInvoice)).subarray(0, 600);
    // Act
    const outcomes = [await readInvoicePdf(notPdf), await readInvoicePdf(damaged)];
    // Assess
    expect(outcomes[0]).toEqual({ kind: 'failed', code: 'corrupt', reason: 'the file is not a PDF (no %PDF- header)' });
    expect(outcomes[1]).toMatchObject({ kind: 'failed', code: 'corrupt' });
  });

  it('refuses a file over the size limit before parsing it', async () => {
    // Prepare
    const oversized = new Uint8Array(10 * 1024 * 1024 + 1);
    // Act
    const outcome = await readInvoicePdf(oversized);
    // Assess
    expect(outcome).toEqual({ kind: 'failed', code: 'too_large', reason: 'the file is 10.0 MB; the limit is 10.0 MB' });
  });

  it('honours a smaller size limit given by the caller', async () => {
    // Prepare
    const pdf = await buildPdf(frenchInvoice);
    // Act
    const outcome = await readInvoicePdf(pdf, { maxBytes: 100 });
    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'too_large' });
  });

  it('refuses an image-only PDF as having no text', async () => {
    // Prepare
    const pdf = await buildPdf((doc) => {
      doc.rect(50, 50, 300, 200).fill('#336699');
      doc.addPage();
      doc.circle(200, 200, 80).fill('#993366');
    });
    // Act
    const outcome = await readInvoicePdf(pdf);
    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'no_text' });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('2 page(s)');
  });
});
