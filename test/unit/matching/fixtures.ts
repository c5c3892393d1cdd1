/** Builders for matching tests: open invoices with their RF reference, payer knowledge and credits. */

import type { IncomingCredit, OpenInvoiceRef, PayerKnowledge } from '#shared/domain/matching/matching-types.ts';
import { createRfReference } from '#shared/domain/matching/rf-reference.ts';
import { money } from '#shared/domain/money.ts';

export const eur = (minor: number) => money(minor, 'EUR');

export function anInvoice(overrides: Partial<OpenInvoiceRef> & Pick<OpenInvoiceRef, 'id' | 'number'>): OpenInvoiceRef {
  return {
    customerId: 'CUS-DUPONT',
    rfReference: createRfReference(overrides.number),
    balance: eur(1_200_00),
    issueDate: '2026-02-01',
    dueDate: '2026-03-03',
    ...overrides,
  };
}

export function aPayer(customerId: string, names: string[], ibans: string[] = []): PayerKnowledge {
  return { customerId, names, ibans };
}

export function aCredit(overrides: Partial<IncomingCredit> & Pick<IncomingCredit, 'amount'>): IncomingCredit {
  return { id: 'CRD-1', bookingDate: '2026-04-02', remittance: [], ...overrides };
}

export const DUPONT_IBAN = 'FR76 3000 4000 0100 0000 0000 123';
