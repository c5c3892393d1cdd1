/**
 * Payment terms as printed on invoices ("30 jours", "à 45 jours fin de mois", "Net 30", "payable à réception")
 * and the due date they give from the issue date.
 */
import { addDays, type IsoDate } from '#shared/domain/calendar-date.ts';
import { foldWord } from './normalize.ts';

/** What a payment-terms text says: pay on receipt, or N days after issue, optionally to the end of that month. */
export type PaymentTerms = { kind: 'on_receipt' } | { kind: 'days'; days: number; endOfMonth: boolean };

/** French law caps agreed terms at 60 days (C. com. L441-10); anything much longer is a misread, not a term. */
const MAX_TERM_DAYS = 120;

/**
 * Reads payment terms from a text such as "Conditions de paiement : 30 jours", "45 jours fin de mois",
 * "30 j. FDM", "Net 30", "Payment due within 15 days", "Payable à réception", "Due on receipt", "Comptant".
 * Returns undefined when the text states no term.
 */
export function parsePaymentTerms(text: string): PaymentTerms | undefined {
  const s = foldWord(text);
  const days =
    /\b(\d{1,3}) ?(?:jours?|j\b\.?|days?|d\b)/.exec(s)?.[1] ?? /\bnet ?(\d{1,3})\b/.exec(s)?.[1] ?? undefined;
  // "30 jours à réception de facture" is a 30-day term counted from receipt: a number of days wins over "réception".
  if (days === undefined) {
    const onReceipt =
      /\b(?:a|des|upon|on|at) (?:la )?(?:reception|receipt)\b|\bcomptant\b|\bimmediate(?:ly)?\b|\bdue now\b/;
    return onReceipt.test(s) ? { kind: 'on_receipt' } : undefined;
  }
  const n = Number(days);
  if (n > MAX_TERM_DAYS) return undefined;
  const endOfMonth = /\bfin de mois\b|\bfdm\b|\bend of (?:the )?month\b|\beom\b/.test(s);
  return { kind: 'days', days: n, endOfMonth };
}

/** The last day of the month `date` falls in. */
function endOfMonth(date: IsoDate): IsoDate {
  const [year = 0, month = 1] = date.split('-').map(Number);
  const firstOfNext = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return addDays(firstOfNext, -1);
}

/**
 * The due date the terms give for an invoice issued on `issueDate`. "N jours fin de mois" is computed the way
 * the DGCCRF describes as the usual practice: issue date + N days, then the end of that month
 * (15 Jan + 45 days = 1 Mar → 31 Mar).
 */
export function dueDateFromTerms(issueDate: IsoDate, terms: PaymentTerms): IsoDate {
  if (terms.kind === 'on_receipt') return issueDate;
  const due = addDays(issueDate, terms.days);
  return terms.endOfMonth ? endOfMonth(due) : due;
}
