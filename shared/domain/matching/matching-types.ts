/**
 * Types of the payment-matching engine: what the matcher reads (open invoices, payer knowledge, a bank
 * credit), what it proposes (candidates with a confidence) and what it decides (auto, review, none).
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import type { Money } from '#shared/domain/money.ts';

/** An open (unpaid or partly paid) invoice as the matcher sees it. */
export interface OpenInvoiceRef {
  id: string;
  customerId: string;
  /** The number printed on the invoice, e.g. "F-2026-00042". */
  number: string;
  /** ISO 11649 creditor reference given at ingestion, electronic format ("RF18539007547034"). */
  rfReference: string;
  /** What is still owed; positive. */
  balance: Money;
  issueDate: IsoDate;
  dueDate: IsoDate;
}

/** Who pays for a customer: learned from confirmed matches, plus the customer's legal name. */
export interface PayerKnowledge {
  customerId: string;
  ibans: string[];
  names: string[];
}

/** A credit booked on the creditor's bank account. */
export interface IncomingCredit {
  id: string;
  /** Positive amount received. */
  amount: Money;
  bookingDate: IsoDate;
  counterpartyName?: string;
  counterpartyIban?: string;
  /** Unstructured remittance lines and the end-to-end id, as the bank gave them. */
  remittance: string[];
  /** Structured creditor reference (camt `RmtInf/Strd/CdtrRefInf/Ref`), when the payer used one. */
  creditorReference?: string;
}

/**
 * How a candidate was found: the invoices the remittance quotes; one balance equal to the amount (less
 * bank fees); several balances of one customer adding up to it; or, with nothing quoted, one invoice the
 * amount does not settle (a part payment, or an overpayment whose excess becomes a customer credit).
 */
export type MatchTier = 'reference' | 'exact_balance' | 'sum_of_invoices' | 'partial';

/**
 * One way to explain a credit. Invariant: the allocations plus `unallocated` add up to the credit amount;
 * each allocation is at most the invoice balance. A fee shortfall stays open on the invoice.
 */
export interface MatchCandidate {
  customerId: string;
  allocations: { invoiceId: string; amount: Money }[];
  /** Overpayment: becomes a credit on the customer's account. */
  unallocated: Money;
  /** 0..1 */
  confidence: number;
  tier: MatchTier;
  reasons: string[];
}

export type MatchDecision =
  | { kind: 'auto'; candidate: MatchCandidate }
  | { kind: 'review'; candidates: MatchCandidate[] /* best first */ }
  | { kind: 'none' };

export interface MatcherConfig {
  /** Minimum confidence for automatic application. */
  autoThreshold: number;
  /** Minimum lead of the best candidate's confidence over the second for automatic application. */
  minLead: number;
  /** Largest shortfall under an invoice balance still treated as "paid in full, less bank fees". */
  feeTolerance: Money;
  /** Subset search looks at most at this many open invoices of one customer (oldest due first). */
  maxSubsetInvoices: number;
  /** Subset search combines at most this many invoices. */
  maxSubsetSize: number;
}
