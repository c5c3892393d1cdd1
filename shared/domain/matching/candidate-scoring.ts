/**
 * Score of a candidate: independent pieces of evidence (what was quoted, who paid, how the amount fits)
 * add up as log-likelihood ratios against a prior that any given invoice is not the one paid. The weights
 * are round numbers chosen so that one strong piece of evidence alone (a checked RF reference) or two
 * agreeing ones (number + amount, payer + amount) clear the automatic threshold, and a single weak one
 * never does. Candidates for one credit exclude each other, so confidences are their share of the odds
 * (see {@link toCandidates}).
 */
import { money, toDecimalString } from '#shared/domain/money.ts';
import type { IndexedInvoice } from './matching-index.ts';
import type { MatchCandidate, MatchTier } from './matching-types.ts';
import type { PayerMatch } from './payer-identification.ts';
import type { ReferenceEvidence } from './reference-evidence.ts';

/** How the credit amount compares with the total balance of the candidate's invoices. */
export type AmountFit = 'exact' | 'fee' | 'partial' | 'over';

export interface CandidateEvidence {
  customerId: string;
  tier: MatchTier;
  /** The invoices of the candidate, in allocation order. */
  invoices: IndexedInvoice[];
  references: Map<IndexedInvoice, ReferenceEvidence>;
  /**
   * This customer's quoted invoices, one list per quoted reference (its readings, strongest first); a
   * reading that includes none of a reference's invoices leaves that reference unexplained.
   */
  quotedSources: IndexedInvoice[][];
  /** The text announces a part payment ("ACOMPTE", "VERSEMENT 1/3"). */
  partialHint: boolean;
  /** This customer's payer match, if the payer was identified as them. */
  payer: PayerMatch | undefined;
  /** The payer was identified strongly (IBAN or near-identical name) as another customer only. */
  payerIsSomeoneElse: boolean;
  /** A counterparty name was given and resembles none of this customer's names. */
  nameUnrelated: boolean;
  fit: AmountFit;
  /** Credit amount and balances, minor units. */
  amount: number;
  total: number;
  currency: string;
}

/** Log-odds that a given open invoice is the one a credit pays, before looking at any evidence. */
const PRIOR = -4;
const PAYER = { iban: 4, sharedIban: 2.5, nameExact: 3.5, nameFloor: 1, nameSpan: 2 } as const;
const AMOUNT = { exact: 3, fee: 2.5, groupFee: 0.5, mismatch: -0.5, perUnquotedInvoice: -0.5 } as const;
/** Share of the weight of a quoted invoice that counts against a reading leaving it out. */
const OMITTED_QUOTE_FACTOR = 0.5;
/** A balance that fits the amount exactly means little when the text says it is a part payment. */
const PARTIAL_HINT = -2;
const SOMEONE_ELSE = -2.5;
const NAME_UNRELATED = -0.5;
/** A part or over-payment with nothing quoted is a guess about which invoice; it never looks certain. */
const UNREFERENCED_PARTIAL = -2;
/** A name this close to a known one is the same name, give or take an accent or a legal form. */
export const EXACT_NAME_SCORE = 0.97;
const NAME_SCORE_FLOOR = 0.8;

/** Log-likelihood contributed by a payer match. */
function payerWeight(payer: PayerMatch): number {
  if (payer.iban) return payer.ibanShared > 1 ? PAYER.sharedIban : PAYER.iban;
  if (payer.nameScore >= EXACT_NAME_SCORE) return PAYER.nameExact;
  const span = (payer.nameScore - NAME_SCORE_FLOOR) / (EXACT_NAME_SCORE - NAME_SCORE_FLOOR);
  return PAYER.nameFloor + Math.max(0, span) * PAYER.nameSpan;
}

function formatAmount(minor: number, currency: string): string {
  return `${currency} ${toDecimalString({ amount: minor, currency })}`;
}

function amountWeight(evidence: CandidateEvidence, quotedIncluded: number): number {
  // Every unquoted invoice added to a sum is one more way to hit the amount by chance.
  const unquoted = evidence.invoices.length - quotedIncluded;
  const extra = AMOUNT.perUnquotedInvoice * Math.max(0, unquoted - (quotedIncluded === 0 ? 1 : 0));
  switch (evidence.fit) {
    case 'exact':
      return AMOUNT.exact + extra;
    case 'fee':
      // A window of a few euros over several invoices is often hit by chance.
      return (evidence.invoices.length > 1 ? AMOUNT.groupFee : AMOUNT.fee) + extra;
    default:
      return AMOUNT.mismatch;
  }
}

/**
 * Log-odds that this candidate is the right reading of the credit; the reasons go to `reasons` when given
 * (only the candidates shown are explained).
 */
export function scoreCandidate(evidence: CandidateEvidence, reasons?: string[]): number {
  let referenceSum = 0;
  let quotedIncluded = 0;
  for (const entry of evidence.invoices) {
    const reference = evidence.references.get(entry);
    if (reference === undefined) continue;
    referenceSum += reference.weight;
    quotedIncluded++;
    reasons?.push(
      reference.kind === 'rf'
        ? `RF reference ${reference.quoted} of invoice ${entry.invoice.number}`
        : `invoice ${entry.invoice.number} quoted as "${reference.quoted}" (${reference.kind})`,
    );
  }
  // Averaged: a group where only one invoice is quoted is less certain than one where all are.
  let referenceWeight = evidence.invoices.length === 0 ? 0 : referenceSum / evidence.invoices.length;
  let omittedSum = 0;
  let omitted = 0;
  for (const readings of evidence.quotedSources) {
    if (readings.some((entry) => evidence.invoices.includes(entry))) continue;
    const strongest = readings[0];
    omittedSum += strongest === undefined ? 0 : (evidence.references.get(strongest)?.weight ?? 0);
    omitted++;
  }
  if (omitted > 0) {
    referenceWeight -= (OMITTED_QUOTE_FACTOR * omittedSum) / omitted;
    reasons?.push(`leaves out ${omitted} quoted reference(s)`);
  }

  let payer = 0;
  if (evidence.payer !== undefined) {
    payer = payerWeight(evidence.payer);
    reasons?.push(
      evidence.payer.iban
        ? `payer IBAN known for this customer${evidence.payer.ibanShared > 1 ? ` (and ${evidence.payer.ibanShared - 1} other)` : ''}`
        : `payer name matches the customer (${evidence.payer.nameScore.toFixed(2)})`,
    );
  } else if (evidence.payerIsSomeoneElse) {
    payer = SOMEONE_ELSE;
    reasons?.push('payer identified as another customer');
  } else if (evidence.nameUnrelated) {
    payer = NAME_UNRELATED;
  }

  if (reasons !== undefined) explainFit(evidence, reasons);
  let cues = 0;
  if (quotedIncluded === 0 && evidence.tier === 'partial') cues += UNREFERENCED_PARTIAL;
  if (quotedIncluded === 0 && evidence.partialHint && (evidence.fit === 'exact' || evidence.fit === 'fee')) {
    cues += PARTIAL_HINT;
    reasons?.push('the text announces a part payment');
  }
  return PRIOR + referenceWeight + payer + amountWeight(evidence, quotedIncluded) + cues;
}

function explainFit(evidence: CandidateEvidence, reasons: string[]): void {
  const difference = evidence.total - evidence.amount;
  switch (evidence.fit) {
    case 'exact':
      reasons.push(
        evidence.invoices.length > 1 ? 'amount equals the sum of the balances' : 'amount equals the balance',
      );
      break;
    case 'fee':
      reasons.push(`${formatAmount(difference, evidence.currency)} short, within the bank-fee tolerance`);
      break;
    case 'partial':
      reasons.push(`partial payment, ${formatAmount(difference, evidence.currency)} remains open`);
      break;
    case 'over':
      reasons.push(`overpayment, ${formatAmount(-difference, evidence.currency)} left as customer credit`);
      break;
  }
}

function allocate(evidence: CandidateEvidence): Pick<MatchCandidate, 'allocations' | 'unallocated'> {
  const allocations: MatchCandidate['allocations'] = [];
  let remaining = evidence.amount;
  for (const entry of evidence.invoices) {
    if (remaining <= 0) break;
    const amount = Math.min(remaining, entry.invoice.balance.amount);
    allocations.push({ invoiceId: entry.invoice.id, amount: money(amount, evidence.currency) });
    remaining -= amount;
  }
  return { allocations, unallocated: money(remaining, evidence.currency) };
}

/**
 * Builds the `limit` best candidates of one credit, best first: balances allocated in order and capped at
 * each balance, the rest unallocated. The readings are mutually exclusive explanations of the same money, so
 * each confidence is its odds over the odds of all of them plus "none of these" (odds 1): two equally
 * good readings get about one half each, and a strong one stays strong next to weak ones.
 */
export function toCandidates(evidences: readonly CandidateEvidence[], limit: number): MatchCandidate[] {
  const scored = evidences.map((evidence) => ({ evidence, logit: scoreCandidate(evidence) }));
  scored.sort((a, b) => b.logit - a.logit || a.evidence.invoices.length - b.evidence.invoices.length);
  const top = Math.max(0, scored[0]?.logit ?? 0);
  // Shifted by the largest logit so that exp() cannot overflow.
  let mass = Math.exp(-top);
  for (const s of scored) mass += Math.exp(s.logit - top);
  return scored.slice(0, limit).map(({ evidence, logit }) => {
    const reasons: string[] = [];
    scoreCandidate(evidence, reasons);
    return {
      customerId: evidence.customerId,
      ...allocate(evidence),
      confidence: Math.exp(logit - top) / mass,
      tier: evidence.tier,
      reasons,
    };
  });
}
