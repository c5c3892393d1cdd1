import { describe, expect, it } from 'vitest';
import {
  completeDueDate,
  type ExtractedInvoice,
  isAutoApprovable,
  reviewReasons,
  withoutEmptyFields,
} from '#shared/domain/documents/extracted-invoice.ts';

const field = <T>(value: T, confidence = 0.95) => ({ value, confidence, source: 'test' });

function anInvoice(overrides: Partial<ExtractedInvoice> = {}): ExtractedInvoice {
  return {
    pages: 1,
    number: field('F-2026-0042'),
    issueDate: field('2026-01-15'),
    dueDate: field('2026-02-14'),
    dueDateSource: 'due_date',
    total: field({ amount: 120000, currency: 'EUR' }),
    buyerName: field('Librairie Papillon SARL'),
    ...overrides,
  };
}

describe('completeDueDate', () => {
  it('keeps a printed due date and records it as such', () => {
    // Prepare
    const { dueDateSource: _, ...invoice } = anInvoice({ paymentTerms: field('60 jours') });
    // Act
    const completed = completeDueDate(invoice);
    // Assess
    expect(completed.dueDate?.value).toBe('2026-02-14');
    expect(completed.dueDateSource).toBe('due_date');
  });

  it('computes the due date from the payment terms when none is printed', () => {
    // Prepare
    const {
      dueDate: _,
      dueDateSource: __,
      ...invoice
    } = anInvoice({ paymentTerms: field('Paiement à 30 jours', 0.9) });
    // Act
    const completed = completeDueDate(invoice);
    // Assess
    expect(completed.dueDate).toMatchObject({ value: '2026-02-14', confidence: 0.9 });
    expect(completed.dueDateSource).toBe('payment_terms');
  });

  it.each([
    ['à 45 jours fin de mois', '2026-03-31'],
    ['Net 30', '2026-02-14'],
    ['payable à réception', '2026-01-15'],
  ])('applies %j to the issue date', (terms, due) => {
    // Prepare
    const { dueDate: _, dueDateSource: __, ...invoice } = anInvoice({ paymentTerms: field(terms) });
    // Act
    const completed = completeDueDate(invoice);
    // Assess
    expect(completed.dueDate?.value).toBe(due);
    expect(completed.dueDateSource).toBe('payment_terms');
  });

  it('falls back on the legal 30 days when neither a due date nor terms are printed', () => {
    // Prepare
    const { dueDate: _, dueDateSource: __, ...invoice } = anInvoice({ issueDate: field('2026-01-15', 0.85) });
    // Act
    const completed = completeDueDate(invoice);
    // Assess
    expect(completed.dueDate).toMatchObject({ value: '2026-02-14', confidence: 0.85 });
    expect(completed.dueDateSource).toBe('legal_default');
  });

  it('ignores terms it cannot read and applies the legal default', () => {
    // Prepare
    const { dueDate: _, dueDateSource: __, ...invoice } = anInvoice({ paymentTerms: field('VISA') });
    // Act
    const completed = completeDueDate(invoice);
    // Assess
    expect(completed.dueDateSource).toBe('legal_default');
  });

  it('leaves an invoice without issue date and due date without a due date', () => {
    // Prepare
    const { dueDate: _, dueDateSource: __, issueDate: ___, ...invoice } = anInvoice();
    // Act
    const completed = completeDueDate(invoice);
    // Assess
    expect(completed.dueDate).toBeUndefined();
    expect(completed.dueDateSource).toBeUndefined();
  });
});

describe('isAutoApprovable', () => {
  it('approves an invoice whose number, buyer, total and due date are all confident', () => {
    // Act / Assess
    expect(isAutoApprovable(anInvoice(), 0.8)).toBe(true);
    expect(reviewReasons(anInvoice(), 0.8)).toEqual([]);
  });

  it.each(['number', 'buyerName', 'total', 'dueDate'] as const)('sends it to review when %s is missing', (name) => {
    // Prepare
    const { [name]: _, ...invoice } = anInvoice();
    // Act / Assess
    expect(isAutoApprovable(invoice, 0.8)).toBe(false);
    expect(reviewReasons(invoice, 0.8)).toEqual([`${name}: missing`]);
  });

  it('sends it to review when a required field is below the threshold, and not at it', () => {
    // Prepare
    const below = anInvoice({ buyerName: field('ACME', 0.79) });
    const at = anInvoice({ buyerName: field('ACME', 0.8) });
    // Act / Assess
    expect(isAutoApprovable(below, 0.8)).toBe(false);
    expect(isAutoApprovable(at, 0.8)).toBe(true);
  });

  it('does not require optional fields such as the seller or the IBAN', () => {
    // Prepare
    const invoice = anInvoice({ sellerName: field('Unsure SAS', 0.1) });
    // Act / Assess
    expect(isAutoApprovable(invoice, 0.8)).toBe(true);
  });

  it('refuses a total that is not positive and a due date before the issue date', () => {
    // Prepare
    const credit = anInvoice({ total: field({ amount: -5000, currency: 'EUR' }) });
    const inverted = anInvoice({ dueDate: field('2026-01-01') });
    // Act / Assess
    expect(reviewReasons(credit, 0.8)).toEqual(['total: not positive']);
    expect(reviewReasons(inverted, 0.8)).toEqual(['dueDate: before issue date']);
  });
});

describe('withoutEmptyFields', () => {
  it('drops the keys of fields that were not found', () => {
    // Act
    const invoice = withoutEmptyFields({ pages: 2, number: undefined, total: field({ amount: 1, currency: 'EUR' }) });
    // Assess
    expect(Object.keys(invoice).sort()).toEqual(['pages', 'total']);
  });
});
