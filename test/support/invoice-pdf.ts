/**
 * Text invoice PDFs for the document-intake tests, in the French layout the local reader reads with confidence:
 * letterhead and identifiers left, number and dates right, a "Client" block, totals bottom right.
 */
import { at, buildPdf } from '../adapters/documents/build-pdf.ts';

export interface InvoicePdfSpec {
  number?: string;
  buyer?: string;
  buyerEmail?: string;
  buyerVat?: string;
  /** As printed, e.g. "1 440,00 €". */
  total?: string;
  /** Omit the printed due date and the issue date (so the invoice cannot be auto-approved). */
  withoutDates?: boolean;
  /** Any extra line: makes different bytes for the same invoice. */
  note?: string;
  /** Password-protect the PDF. */
  password?: string;
}

export function invoicePdf(spec: InvoicePdfSpec = {}): Promise<Uint8Array> {
  const options = spec.password
    ? { userPassword: spec.password, ownerPassword: `${spec.password}-owner`, pdfVersion: '1.7' as const }
    : {};
  return buildPdf((doc) => {
    at(doc, 'Atelier Numérique SAS', 50, 50, 15, true);
    at(doc, '12 rue des Lilas, 69003 Lyon', 50, 72, 9);
    at(doc, 'SIRET : 443 061 841 00047', 50, 84, 9);
    at(doc, 'N° TVA intracom. FR 64 443 061 841', 50, 96, 9);
    at(doc, `FACTURE N° ${spec.number ?? 'F-2026-0042'}`, 330, 50, 16, true);
    if (!spec.withoutDates) {
      at(doc, 'Date :', 330, 80, 9);
      at(doc, '15/01/2026', 430, 80, 9);
      at(doc, 'Échéance :', 330, 93, 9);
      at(doc, '14 février 2026', 430, 93, 9);
    }
    at(doc, 'Client :', 330, 160, 10, true);
    at(doc, spec.buyer ?? 'Librairie Papillon SARL', 330, 175, 10, true);
    at(doc, '15 rue Victor Hugo', 330, 188, 9);
    at(doc, '37000 Tours', 330, 200, 9);
    if (spec.buyerEmail) at(doc, spec.buyerEmail, 330, 212, 9);
    if (spec.buyerVat) at(doc, `TVA client : ${spec.buyerVat}`, 330, 224, 9);
    at(doc, 'Désignation', 50, 260, 9, true);
    at(doc, 'Total HT', 480, 260, 9, true);
    at(doc, 'Développement site vitrine', 50, 280, 9);
    at(doc, '1\u00a0200,00 €', 480, 280, 9);
    at(doc, 'Total HT', 330, 330, 10);
    at(doc, '1\u00a0200,00 €', 480, 330, 10);
    at(doc, 'TVA 20 %', 330, 346, 10);
    at(doc, '240,00 €', 480, 346, 10);
    at(doc, 'Total TTC', 330, 362, 10, true);
    at(doc, spec.total ?? '1\u00a0440,00 €', 480, 362, 10, true);
    if (spec.note) at(doc, spec.note, 50, 450, 8);
  }, options);
}
