import { describe, expect, it } from 'vitest';
import { dueDateFromTerms, parsePaymentTerms } from '#shared/domain/documents/payment-terms.ts';

describe('parsePaymentTerms', () => {
  it.each([
    ['30 jours', { kind: 'days', days: 30, endOfMonth: false }],
    ['Conditions de paiement : 30 jours net', { kind: 'days', days: 30, endOfMonth: false }],
    ['Paiement à 45 jours fin de mois', { kind: 'days', days: 45, endOfMonth: true }],
    ['45 j. FDM', { kind: 'days', days: 45, endOfMonth: true }],
    ['30 jours à réception de facture', { kind: 'days', days: 30, endOfMonth: false }],
    ['Net 30', { kind: 'days', days: 30, endOfMonth: false }],
    ['30 days', { kind: 'days', days: 30, endOfMonth: false }],
    ['Payment due within 15 days', { kind: 'days', days: 15, endOfMonth: false }],
    ['Net 60 end of month', { kind: 'days', days: 60, endOfMonth: true }],
    ['Payable à réception', { kind: 'on_receipt' }],
    ['Paiement comptant', { kind: 'on_receipt' }],
    ['Due on receipt', { kind: 'on_receipt' }],
    ['Upon receipt', { kind: 'on_receipt' }],
  ])('reads %j', (text, terms) => {
    // Act / Assess
    expect(parsePaymentTerms(text)).toEqual(terms);
  });

  it.each(['VISA', '', 'Pas d’escompte', '365 jours'])('finds no term in %j', (text) => {
    // Act / Assess
    expect(parsePaymentTerms(text)).toBeUndefined();
  });
});

describe('dueDateFromTerms', () => {
  it('adds the days to the issue date', () => {
    // Act / Assess
    expect(dueDateFromTerms('2026-01-15', { kind: 'days', days: 30, endOfMonth: false })).toBe('2026-02-14');
  });

  it('computes "fin de mois" as issue date + days, then the end of that month', () => {
    // Act / Assess
    expect(dueDateFromTerms('2026-01-15', { kind: 'days', days: 45, endOfMonth: true })).toBe('2026-03-31');
    expect(dueDateFromTerms('2025-12-20', { kind: 'days', days: 30, endOfMonth: true })).toBe('2026-01-31');
    expect(dueDateFromTerms('2028-01-30', { kind: 'days', days: 30, endOfMonth: true })).toBe('2028-02-29');
  });

  it('makes an invoice payable on receipt due on its issue date', () => {
    // Act / Assess
    expect(dueDateFromTerms('2026-01-15', { kind: 'on_receipt' })).toBe('2026-01-15');
  });
});
