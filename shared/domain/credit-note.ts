/**
 * A credit note (avoir): money the seller owes back or deducts. When it references an invoice, it lowers that
 * invoice's balance; otherwise it is a customer credit available for later invoices.
 */
import { assertIsoDate, type IsoDate } from './calendar-date.ts';
import { InvalidValueError } from './errors.ts';
import { isCurrencyCode } from './money.ts';

export interface CreditNote {
  id: string;
  source: string;
  externalId: string;
  number: string;
  customerId: string;
  /** The invoice it reduces, when the source says so. */
  invoiceId?: string;
  date: IsoDate;
  currency: string;
  /** Minor units. */
  total: number;
  voided: boolean;
  sourceVersion?: string;
  createdAt: string;
  updatedAt: string;
}

export function validateCreditNote(note: CreditNote): CreditNote {
  if (!note.number.trim()) throw new InvalidValueError('number', 'must not be empty');
  assertIsoDate(note.date, 'date');
  if (!isCurrencyCode(note.currency)) throw new InvalidValueError('currency', 'must be an ISO 4217 code');
  if (!Number.isSafeInteger(note.total) || note.total < 0) {
    throw new InvalidValueError('total', 'must be a non-negative integer in minor units');
  }
  return note;
}

/** The amount credited to one invoice by its (non-void) credit notes in the invoice's currency. */
export function creditedTotal(notes: readonly CreditNote[], invoiceId: string, currency: string): number {
  return notes
    .filter((n) => n.invoiceId === invoiceId && !n.voided && n.currency === currency)
    .reduce((acc, n) => acc + n.total, 0);
}
