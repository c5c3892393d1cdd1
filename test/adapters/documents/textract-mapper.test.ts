import { readdirSync, readFileSync } from 'node:fs';
import type { ExpenseField, GetExpenseAnalysisResponse } from '@aws-sdk/client-textract';
import { describe, expect, it } from 'vitest';
import { type ExpenseResponse, mapExpenseResponse } from '#shared/adapters/aws/textract/expense-mapper.ts';
import {
  type ExtractedInvoice,
  type ExtractionOutcome,
  isAutoApprovable,
} from '#shared/domain/documents/extracted-invoice.ts';

const FIXTURES = new URL('../../data/fixtures/textract/', import.meta.url);

function fixture(name: string): ExpenseResponse {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as ExpenseResponse;
}

function extracted(outcome: ExtractionOutcome): ExtractedInvoice {
  if (outcome.kind !== 'extracted') throw new Error(`expected an invoice, got ${JSON.stringify(outcome)}`);
  return outcome.invoice;
}

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('mapExpenseResponse on the real AnalyzeExpense responses', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

  it('has the eight fixture files', () => {
    // Assess
    expect(files).toHaveLength(8);
  });

  it.each(files)('maps %s without throwing', (file) => {
    // Act
    const outcome = mapExpenseResponse(fixture(file));
    // Assess
    expect(['extracted', 'not_ready']).toContain(outcome.kind);
  });

  it('reads the single-page invoice: id, dates, terms, total, buyer and VAT id', () => {
    // Act
    const invoice = extracted(mapExpenseResponse(fixture('invoice-expense-response.json')));
    // Assess
    expect(invoice.number?.value).toBe('123PQR456');
    expect(invoice.number?.source).toBe('textract:INVOICE_RECEIPT_ID label "INVOICE #"');
    expect(invoice.issueDate?.value).toBe('2021-01-01');
    expect(invoice.dueDate?.value).toBe('2021-01-31');
    expect(invoice.dueDateSource).toBe('due_date');
    expect(invoice.paymentTerms?.value).toBe('30 days');
    expect(invoice.total?.value).toEqual(usd(623109));
    expect(invoice.currency?.value).toBe('USD');
    expect(invoice.buyerName?.value).toBe('XZY Company');
    expect(invoice.sellerVatNumber?.value).toBe('12-3456789');
    expect(invoice.pages).toBe(1);
    expect(invoice.total?.confidence).toBeGreaterThan(0.99);
    expect(isAutoApprovable(invoice, 0.8)).toBe(true);
  });

  it('reads the smallest document as an invoice with nothing confident, not as a crash', () => {
    // Act
    const invoice = extracted(mapExpenseResponse(fixture('expense-missing-geoms-response.json')));
    // Assess
    expect(invoice.pages).toBe(1);
    expect(invoice.number).toBeUndefined();
    expect(invoice.total).toBeUndefined();
    expect(invoice.issueDate).toBeUndefined();
    const fields = Object.values(invoice).filter((v): v is { confidence: number } => typeof v === 'object');
    expect(fields.every((f) => f.confidence < 0.8)).toBe(true);
    expect(isAutoApprovable(invoice, 0.8)).toBe(false);
  });

  it('reads the medical bill total and what is due, and nothing it does not hold', () => {
    // Act
    const invoice = extracted(mapExpenseResponse(fixture('test_trp2_expense_sample1.json')));
    // Assess
    expect(invoice.total?.value).toEqual(usd(5000));
    expect(invoice.amountDue?.value).toEqual(usd(5000));
    expect(invoice.number).toBeUndefined();
    expect(invoice.issueDate).toBeUndefined();
    expect(invoice.sellerName).toBeUndefined();
  });

  it('reads the till receipt total and keeps the unlabelled vendor name as unconfident', () => {
    // Act
    const invoice = extracted(mapExpenseResponse(fixture('test_trp2_expense_sample2.json')));
    // Assess
    expect(invoice.total?.value).toEqual(usd(3848));
    expect(invoice.currency?.value).toBe('USD');
    expect(invoice.sellerName?.value).toBe('costco');
    expect(invoice.sellerName?.confidence).toBeLessThan(0.5);
  });

  it('picks the total labelled "Total" among five TOTAL fields and strips the label from the invoice id', () => {
    // Act
    const invoice = extracted(mapExpenseResponse(fixture('test_trp2_expense_sample3.json')));
    // Assess
    expect(invoice.number?.value).toBe('1258');
    expect(invoice.total?.value).toEqual(usd(6000));
    expect(invoice.amountDue?.value).toEqual(usd(0));
    expect(invoice.sellerName?.value).toBe('Demo Clinic');
  });

  it('reads the hospital statement: two-digit year, M/D dates, the amount due rather than the charges', () => {
    // Act
    const invoice = extracted(mapExpenseResponse(fixture('test_trp2_expense_sample4.json')));
    // Assess
    expect(invoice.issueDate?.value).toBe('2017-01-13');
    expect(invoice.dueDate?.value).toBe('2017-01-28');
    expect(invoice.dueDateSource).toBe('due_date');
    expect(invoice.total?.value).toEqual(usd(454465));
    expect(invoice.amountDue?.value).toEqual(usd(454465));
  });

  it('reads the retail receipt: Currency.Code, the best of two vendor names, an M/D date, the legal due date', () => {
    // Act
    const invoice = extracted(mapExpenseResponse(fixture('test_analyze_expense_from_image.json')));
    // Assess
    expect(invoice.total?.value).toEqual(usd(181046));
    expect(invoice.currency).toMatchObject({ value: 'USD', source: 'textract:Currency on TOTAL' });
    expect(invoice.number?.value).toBe('21772');
    expect(invoice.issueDate?.value).toBe('2019-12-07');
    expect(invoice.sellerName?.value).toBe('MEGA MARKET PLUS');
    expect(invoice.dueDate?.value).toBe('2020-01-06');
    expect(invoice.dueDateSource).toBe('legal_default');
  });

  it('reports a job still running as not ready, never as an empty invoice', () => {
    // Act
    const outcome = mapExpenseResponse(fixture('test-inprogress-response.json'));
    // Assess
    expect(outcome).toEqual({ kind: 'not_ready' });
  });
});

function summary(
  type: string,
  value: string,
  options: { label?: string; page?: number; confidence?: number; groups?: string[]; currency?: string } = {},
): ExpenseField {
  return {
    Type: { Text: type, Confidence: options.confidence ?? 99 },
    ValueDetection: { Text: value, Confidence: options.confidence ?? 99 },
    ...(options.label ? { LabelDetection: { Text: options.label, Confidence: 99 } } : {}),
    PageNumber: options.page ?? 1,
    ...(options.currency ? { Currency: { Code: options.currency, Confidence: 95 } } : {}),
    ...(options.groups ? { GroupProperties: [{ Types: options.groups, Id: 'g1' }] } : {}),
  };
}

describe('mapExpenseResponse on French and multi-page responses', () => {
  it('reads French amounts and dates, prefers "Total TTC" over "Total HT", and finds identifiers in the text', () => {
    // Prepare
    const response: ExpenseResponse = {
      DocumentMetadata: { Pages: 1 },
      ExpenseDocuments: [
        {
          SummaryFields: [
            summary('INVOICE_RECEIPT_ID', 'Facture N° F-2026-0042', { label: 'Facture N°' }),
            summary('INVOICE_RECEIPT_DATE', '15/01/2026', { label: 'Date' }),
            summary('PAYMENT_TERMS', '45 jours fin de mois', { label: 'Conditions' }),
            summary('TOTAL', '1 000,00 €', { label: 'Total HT' }),
            summary('TOTAL', '1 200,00 €', { label: 'Total TTC', confidence: 90 }),
            summary('NAME', 'Librairie Papillon SARL', { groups: ['RECEIVER', 'BILL_TO'] }),
            summary('NAME', 'Atelier Numérique SAS', { groups: ['VENDOR'] }),
            summary('VENDOR_VAT_NUMBER', 'FR 64 443 061 841'),
            summary('RECEIVER_ADDRESS', 'Librairie Papillon SARL\n15 rue Victor Hugo\nfactures@papillon.fr', {
              groups: ['RECEIVER'],
            }),
          ],
          Blocks: [
            { BlockType: 'LINE', Text: 'SIRET : 443 061 841 00047', Confidence: 98 },
            { BlockType: 'LINE', Text: 'IBAN FR76 3000 6000 0112 3456 7890 189', Confidence: 97 },
            { BlockType: 'LINE', Text: 'Référence de paiement : RF18 5390 0754 7034', Confidence: 96 },
          ],
        },
      ],
    };
    // Act
    const invoice = extracted(mapExpenseResponse(response));
    // Assess
    expect(invoice.number?.value).toBe('F-2026-0042');
    expect(invoice.issueDate?.value).toBe('2026-01-15');
    expect(invoice.dueDate?.value).toBe('2026-03-31');
    expect(invoice.dueDateSource).toBe('payment_terms');
    expect(invoice.total?.value).toEqual({ amount: 120000, currency: 'EUR' });
    expect(invoice.total?.source).toBe('textract:TOTAL label "Total TTC"');
    expect(invoice.buyerName?.value).toBe('Librairie Papillon SARL');
    expect(invoice.sellerName?.value).toBe('Atelier Numérique SAS');
    expect(invoice.sellerVatNumber?.value).toBe('FR64443061841');
    expect(invoice.siret?.value).toBe('44306184100047');
    expect(invoice.siren?.value).toBe('443061841');
    expect(invoice.iban?.value).toBe('FR7630006000011234567890189');
    expect(invoice.rfReference?.value).toBe('RF18539007547034');
    expect(invoice.buyerEmail?.value).toBe('factures@papillon.fr');
  });

  it('drops a French VAT number whose key does not match and a date or amount that does not parse', () => {
    // Prepare
    const response: ExpenseResponse = {
      ExpenseDocuments: [
        {
          SummaryFields: [
            summary('VENDOR_VAT_NUMBER', 'FR65443061841'),
            summary('INVOICE_RECEIPT_DATE', 'not a date'),
            summary('TOTAL', 'about twelve euros'),
          ],
        },
      ],
    };
    // Act
    const invoice = extracted(mapExpenseResponse(response));
    // Assess
    expect(invoice.sellerVatNumber).toBeUndefined();
    expect(invoice.issueDate).toBeUndefined();
    expect(invoice.total).toBeUndefined();
  });

  it('combines the NextToken pages of a GetExpenseAnalysis job', () => {
    // Prepare
    const first: GetExpenseAnalysisResponse = {
      JobStatus: 'SUCCEEDED',
      NextToken: 'next',
      DocumentMetadata: { Pages: 3 },
      ExpenseDocuments: [{ SummaryFields: [summary('INVOICE_RECEIPT_ID', 'INV-7', { label: 'Invoice #' })] }],
    };
    const second: GetExpenseAnalysisResponse = {
      JobStatus: 'SUCCEEDED',
      DocumentMetadata: { Pages: 3 },
      ExpenseDocuments: [
        { SummaryFields: [summary('INVOICE_RECEIPT_DATE', 'March 2, 2026', { page: 1 })] },
        { SummaryFields: [summary('TOTAL', '$1,250.00', { label: 'Total', page: 3, currency: 'USD' })] },
      ],
    };
    // Act
    const invoice = extracted(mapExpenseResponse([first, second]));
    // Assess
    expect(invoice.pages).toBe(3);
    expect(invoice.number?.value).toBe('INV-7');
    expect(invoice.issueDate?.value).toBe('2026-03-02');
    expect(invoice.total?.value).toEqual(usd(125000));
  });

  it('reports a failed job with its message, and a job still running on any page as not ready', () => {
    // Prepare
    const failed: GetExpenseAnalysisResponse = { JobStatus: 'FAILED', StatusMessage: 'Unsupported document format' };
    const running: GetExpenseAnalysisResponse = { JobStatus: 'IN_PROGRESS' };
    // Act / Assess
    expect(mapExpenseResponse(failed)).toEqual({
      kind: 'failed',
      code: 'provider_failed',
      reason: 'Textract expense analysis failed: Unsupported document format',
    });
    expect(mapExpenseResponse([{ JobStatus: 'SUCCEEDED', ExpenseDocuments: [] }, running])).toEqual({
      kind: 'not_ready',
    });
  });

  it('reports a response without any expense document as a failure, not an empty invoice', () => {
    // Act
    const outcome = mapExpenseResponse({ DocumentMetadata: { Pages: 1 }, ExpenseDocuments: [] });
    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'no_text' });
  });

  it('does not throw on a response of an unexpected shape', () => {
    // Prepare
    const broken = { ExpenseDocuments: [{ SummaryFields: [null] }] } as unknown as ExpenseResponse;
    // Act
    const outcome = mapExpenseResponse(broken);
    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'provider_failed' });
  });
});
