/**
 * Everything one credit tells about itself, gathered once before any reading is proposed: who may have
 * paid, which open invoices the text quotes (and with what confidence), which balances the amount fits,
 * and which customers are therefore worth looking at.
 */

import { EXACT_NAME_SCORE } from './candidate-scoring.ts';
import { type IndexedInvoice, invoicesWithBalanceBetween, type MatchingIndex } from './matching-index.ts';
import type { IncomingCredit, MatcherConfig } from './matching-types.ts';
import { identifyPayers, type PayerMatch } from './payer-identification.ts';
import {
  addTypoEvidence,
  collectReferenceEvidence,
  type ReferenceEvidence,
  typoCandidates,
} from './reference-evidence.ts';
import { extractReferences } from './remittance-references.ts';

/** Above this many invoices with the credit's exact amount, the amount alone says nothing. */
const MAX_AMOUNT_ONLY_INVOICES = 8;
/** Words announcing a part payment: a deposit, an instalment ("VERSEMENT 1/3", "ECHEANCE 2/4"). */
const PARTIAL_HINT = /\b(?:ACOMPTES?|VERSEMENT|PARTIEL(?:LE)?|ECHEANCIER|(?:ECHEANCE|VERSEMENT) \d\/\d)\b/;

export interface CreditEvidence {
  /** Credit amount, fee tolerance (minor units) and currency. */
  amount: number;
  tolerance: number;
  currency: string;
  /** Quoted invoices kept (weak evidence only where payer or amount corroborates it). */
  references: Map<IndexedInvoice, ReferenceEvidence>;
  payers: Map<string, PayerMatch>;
  /** Customers pointed to by the payer or by a strong reference: full search (sums, partials) for them. */
  identified: Set<string>;
  /** Every customer worth proposing readings for (identified, quoted, or holding a fitting balance). */
  customers: Set<string>;
  /** The payer is strongly identified (own IBAN, near-identical name) as some customer. */
  strongPayer: boolean;
  hasName: boolean;
  partialHint: boolean;
}

/** Open invoices in the credit's currency; the index's own list when it holds no other currency. */
export function openInvoicesOf(index: MatchingIndex, customerId: string, currency: string): IndexedInvoice[] {
  const invoices = index.customers.get(customerId)?.invoices ?? [];
  if (index.currencies.size <= 1) return invoices;
  return invoices.filter((entry) => entry.invoice.balance.currency === currency);
}

/** Gathers the evidence of one positive credit in a currency the index holds. */
export function gatherEvidence(index: MatchingIndex, credit: IncomingCredit, config: MatcherConfig): CreditEvidence {
  const amount = credit.amount.amount;
  const currency = credit.amount.currency;
  const tolerance = config.feeTolerance.currency === currency ? config.feeTolerance.amount : 0;
  const mixed = index.currencies.size > 1;

  const payerList = identifyPayers(index, credit);
  const payers = new Map<string, PayerMatch>();
  const identified = new Set<string>();
  let strongPayer = false;
  for (const payer of payerList) {
    payers.set(payer.customerId, payer);
    identified.add(payer.customerId);
    if ((payer.iban && payer.ibanShared === 1) || payer.nameScore >= EXACT_NAME_SCORE) strongPayer = true;
  }

  const text = extractReferences(credit.remittance, credit.creditorReference);
  const hits = collectReferenceEvidence(index, text);
  const settledSources = new Set<number>();
  for (const [entry, evidence] of hits) {
    if (evidence.weak) continue;
    identified.add(entry.invoice.customerId);
    const balance = entry.invoice.balance.amount;
    if (balance >= amount && balance <= amount + tolerance) settledSources.add(evidence.source);
  }

  let amountHits = invoicesWithBalanceBetween(index, amount, amount + tolerance);
  if (mixed) amountHits = amountHits.filter((entry) => entry.invoice.balance.currency === currency);
  // Typo readings for numbers not already matched to an invoice whose balance fits the amount.
  const typos = typoCandidates(text).filter((mention) => !settledSources.has(mention.source));
  if (typos.length > 0) {
    for (const customerId of identified) addTypoEvidence(hits, typos, openInvoicesOf(index, customerId, currency));
    addTypoEvidence(hits, typos, amountHits);
  }

  const amountFits = new Set(amountHits);
  const references = new Map<IndexedInvoice, ReferenceEvidence>();
  const customers = new Set(identified);
  for (const [entry, evidence] of hits) {
    if (mixed && entry.invoice.balance.currency !== currency) continue;
    // Weak evidence (short number, typo) counts only where the payer or the amount already points.
    if (evidence.weak && !identified.has(entry.invoice.customerId) && !amountFits.has(entry)) continue;
    references.set(entry, evidence);
    customers.add(entry.invoice.customerId);
  }
  if (amountHits.length <= MAX_AMOUNT_ONLY_INVOICES)
    for (const entry of amountHits) customers.add(entry.invoice.customerId);

  let partialHint = false;
  for (const line of text.lines) if (PARTIAL_HINT.test(line)) partialHint = true;
  return {
    amount,
    tolerance,
    currency,
    references,
    payers,
    identified,
    customers,
    strongPayer,
    hasName: credit.counterpartyName !== undefined && credit.counterpartyName.trim() !== '',
    partialHint,
  };
}
