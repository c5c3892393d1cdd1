/**
 * The tiered matcher. For one bank credit it gathers the evidence (quoted references, payer, fitting
 * balances), proposes readings customer by customer (quoted invoices; one balance; several balances
 * adding up; a part payment), scores them, and applies the best automatically only when it is both
 * confident and clearly ahead of the next; otherwise the candidates wait for review.
 */
import { money } from '#shared/domain/money.ts';
import { proposeReadings } from './candidate-generation.ts';
import { toCandidates } from './candidate-scoring.ts';
import { gatherEvidence } from './credit-evidence.ts';
import type { MatchingIndex } from './matching-index.ts';
import type { IncomingCredit, MatchDecision, MatcherConfig } from './matching-types.ts';

/** Candidates shown for review, best first. */
const MAX_REVIEW_CANDIDATES = 5;

/** Defaults: auto at 0.90 with a 0.15 lead, EUR 5,00 of bank fees, sums of up to 4 of the 12 oldest invoices. */
export function defaultMatcherConfig(currency = 'EUR'): MatcherConfig {
  return {
    autoThreshold: 0.9,
    minLead: 0.15,
    feeTolerance: money(500, currency),
    maxSubsetInvoices: 12,
    maxSubsetSize: 4,
  };
}

/**
 * Matches one credit against the index. Automatic only when the best candidate reaches
 * `autoThreshold` and leads the second by `minLead`; otherwise the candidates go to review, or `none`
 * when nothing fits (a credit that pays no invoice, or a payer and amount the index cannot place).
 */
export function matchCredit(index: MatchingIndex, credit: IncomingCredit, config: MatcherConfig): MatchDecision {
  if (credit.amount.amount <= 0 || !index.currencies.has(credit.amount.currency)) return { kind: 'none' };
  const evidence = gatherEvidence(index, credit, config);
  const readings = proposeReadings(index, evidence, config);
  if (readings.length === 0) return { kind: 'none' };

  const candidates = toCandidates(readings, MAX_REVIEW_CANDIDATES);
  const [best, second] = candidates;
  if (
    best !== undefined &&
    best.confidence >= config.autoThreshold &&
    (second === undefined || best.confidence - second.confidence >= config.minLead)
  ) {
    return { kind: 'auto', candidate: best };
  }
  return { kind: 'review', candidates };
}
