/**
 * Bank transactions as Relance keeps them: what the bank said about one booking (a statement line or a bank API
 * record), the matcher's candidates, and what was decided (applied automatically, confirmed, picked or split by
 * a person, ignored, undone). Pure: no I/O, no clock.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { digest } from '#shared/domain/ids.ts';
import type { IncomingCredit, MatchCandidate } from '#shared/domain/matching/matching-types.ts';
import type { Money } from '#shared/domain/money.ts';
import type { Actor } from '#shared/domain/timeline.ts';

/** One detail of a batch entry kept whole (camt `TxDtls`), as far as matching reads it. */
export interface BankLineDetail {
  endToEndId?: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  remittanceUnstructured: string[];
  creditorReferences: string[];
  referredDocumentNumbers: string[];
}

/**
 * What a bank says about one booking: a statement reader's transaction or a bank API record. `key` is the
 * dedupe key (the bank's own id — AcctSvcrRef, FITID, a Qonto id — else a content hash): the same booking seen
 * twice has the same key.
 */
export interface BankLine {
  key: string;
  accountIban?: string;
  accountId?: string;
  bookingDate?: IsoDate;
  valueDate?: IsoDate;
  /** Signed: credit (money in) positive, debit negative. */
  amount: Money;
  /** camt `RvslInd`, MT940 `RC`/`RD`: this booking reverses an earlier one. */
  reversal: boolean;
  status: 'booked' | 'pending' | 'info';
  counterpartyName?: string;
  counterpartyIban?: string;
  counterpartyBic?: string;
  remittanceUnstructured: string[];
  creditorReference?: string;
  referredDocumentNumbers: string[];
  endToEndId?: string;
  accountServicerReference?: string;
  bankReference?: string;
  customerReference?: string;
  bankTransactionCode?: string;
  details?: BankLineDetail[];
}

export const BANK_TRANSACTION_STATES = [
  'unmatched',
  'auto_applied',
  'review',
  'applied',
  'ignored',
  'reverted',
] as const;
export type BankTransactionState = (typeof BANK_TRANSACTION_STATES)[number];

/** One part of a decision: this much of the credit goes to this invoice. */
export interface AllocationPart {
  invoiceId: string;
  amount: Money;
}

export type DecisionKind = 'auto' | 'accepted' | 'manual' | 'ignored' | 'reversal';

/** What was done with a transaction, by whom, and the payment it became. */
export interface BankDecision {
  kind: DecisionKind;
  actor: Actor;
  at: string;
  /** The paying customer (absent for an ignored transaction). */
  customerId?: string;
  allocations: AllocationPart[];
  /** The part of the credit no invoice took: a credit on the customer's account. */
  unallocated?: Money;
  /** The payment the application made (one per application, so an undone one can be applied again). */
  paymentId?: string;
  reason?: string;
  /** For a reversal: the credit transaction it undid. */
  reverses?: string;
}

export interface BankTransactionRecord extends BankLine {
  /** `btx_` + a digest of the dedupe key: URL-safe, and the same key always gives the same id. */
  id: string;
  /** Where it came from: `file` (a statement) or a bank API (`qonto`). */
  source: string;
  /** The statement import that first brought it. */
  importId?: string;
  state: BankTransactionState;
  /** Best first; what the matcher proposed (kept for review and for the record). */
  candidates: MatchCandidate[];
  /** When the matcher ran on it; absent when it was recorded but not matched yet (an interrupted import). */
  matchedAt?: string;
  decision?: BankDecision;
  /** How many times it was applied (each application is its own payment). */
  applications: number;
  /** The reversal that undid it. */
  reversedBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** An allocation made from a bank transaction, with what its listing needs. */
export interface BankAllocation {
  id: string;
  paymentId: string;
  invoiceId: string;
  customerId: string;
  bankTransactionId: string;
  /** Minor units of `currency` (the invoice's). */
  amount: number;
  currency: string;
  appliedAt: string;
  revertedAt?: string;
}

/** An overpayment kept on the customer's account. */
export interface CustomerCredit {
  id: string;
  customerId: string;
  amount: Money;
  paymentId: string;
  bankTransactionId: string;
  createdAt: string;
  revertedAt?: string;
}

export const bankTransactionId = (key: string): string => `btx_${digest([key])}`;
export const customerCreditId = (paymentId: string): string => `ccr_${digest([paymentId])}`;

/** The states in which a person may still decide what the transaction is. */
export const OPEN_FOR_DECISION: readonly BankTransactionState[] = ['unmatched', 'review', 'reverted', 'ignored'];
/** The states of an application that can be undone. */
export const APPLIED_STATES: readonly BankTransactionState[] = ['auto_applied', 'applied'];

export const isCredit = (line: Pick<BankLine, 'amount'>): boolean => line.amount.amount > 0;

/** The end-to-end id when the payer gave one (camt writes NOTPROVIDED otherwise). */
function endToEnd(id: string | undefined): string[] {
  return id && id.toUpperCase() !== 'NOTPROVIDED' ? [id] : [];
}

/** A booked credit as the matcher reads it: every text the payer could have quoted an invoice in. */
export function incomingCreditOf(tx: BankTransactionRecord, today: IsoDate): IncomingCredit {
  const details = tx.details ?? [];
  const remittance = [
    ...tx.remittanceUnstructured,
    ...tx.referredDocumentNumbers,
    ...endToEnd(tx.endToEndId),
    ...details.flatMap((d) => [...d.remittanceUnstructured, ...d.referredDocumentNumbers, ...endToEnd(d.endToEndId)]),
  ];
  const creditorReference = tx.creditorReference ?? details.flatMap((d) => d.creditorReferences)[0];
  const counterpartyName = tx.counterpartyName ?? details.find((d) => d.counterpartyName)?.counterpartyName;
  const counterpartyIban = tx.counterpartyIban ?? details.find((d) => d.counterpartyIban)?.counterpartyIban;
  return {
    id: tx.id,
    amount: tx.amount,
    bookingDate: tx.bookingDate ?? tx.valueDate ?? today,
    remittance,
    ...(creditorReference ? { creditorReference } : {}),
    ...(counterpartyName ? { counterpartyName } : {}),
    ...(counterpartyIban ? { counterpartyIban } : {}),
  };
}

/**
 * A reversal (a debit booked with RvslInd, an MT940 `RC`) names the credit it takes back only through what it
 * repeats of it: the same amount, and the same end-to-end id, payer account or remittance. Score 0 = unrelated.
 */
export function reversalAffinity(reversal: BankLine, credit: BankTransactionRecord): number {
  if (credit.amount.currency !== reversal.amount.currency || credit.amount.amount !== -reversal.amount.amount) return 0;
  if (reversal.bookingDate && credit.bookingDate && credit.bookingDate > reversal.bookingDate) return 0;
  let score = 1;
  const e2e = endToEnd(reversal.endToEndId)[0];
  if (e2e && e2e === endToEnd(credit.endToEndId)[0]) score += 4;
  if (reversal.counterpartyIban && reversal.counterpartyIban === credit.counterpartyIban) score += 2;
  const text = (l: BankLine) => l.remittanceUnstructured.join(' ').trim();
  if (text(reversal) && text(reversal) === text(credit)) score += 2;
  if (reversal.creditorReference && reversal.creditorReference === credit.creditorReference) score += 2;
  return score;
}

/** The file cannot be read as a statement: `location` names the line or element at fault. Nothing was imported. */
export class StatementRejectedError extends DomainError {
  readonly code = 'STATEMENT_MALFORMED';
  constructor(
    readonly location: string,
    readonly detail: string,
  ) {
    super(`${location}: ${detail}`);
  }
}

/** A decision that the transaction's state or amounts do not allow (already applied, over the balance …). */
export class BankDecisionError extends DomainError {
  readonly code = 'BANK_DECISION_REFUSED';
}
