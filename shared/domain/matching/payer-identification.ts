/**
 * Who sent the money: customers known to pay from the counterparty IBAN, and customers whose known names
 * resemble the counterparty name. Names are only compared with the few customers sharing most words (or
 * their first four letters) with it, so the cost does not grow with the number of customers.
 */
import { type IndexedCustomer, type MatchingIndex, normalizeIban } from './matching-index.ts';
import type { IncomingCredit } from './matching-types.ts';
import { NameScorer, nameTokens } from './name-similarity.ts';

export interface PayerMatch {
  customerId: string;
  /** The counterparty IBAN is one this customer paid from before. */
  iban: boolean;
  /** How many customers share that IBAN (a group paying for its subsidiaries). */
  ibanShared: number;
  /** Best similarity between the counterparty name and the customer's known names (0..1). */
  nameScore: number;
}

/** Names below this similarity are not considered the same payer. */
export const MIN_NAME_SCORE = 0.8;
/** A name token held by more customers than this ("TRANSPORTS", "BOULANGERIE") finds nobody on its own. */
const COMMON_TOKEN_POSTINGS = 40;
/** Name matches kept: the payer is one of a few look-alikes at most. */
const MAX_NAME_MATCHES = 5;
/** Customers fully compared with the payer's name, out of those sharing a word with it. */
const MAX_NAME_CANDIDATES = 12;
const NAME_PREFIX_LENGTH = 4;

function bestNameScore(customer: IndexedCustomer, scorer: NameScorer): number {
  let best = 0;
  for (const known of customer.names) {
    const score = scorer.score(known);
    if (score > best) best = score;
  }
  return best;
}

/**
 * Customers sharing a name token (or its first four letters) with the payer, most shared first, at most
 * MAX_NAME_CANDIDATES: the full comparison is only worth running on the closest few.
 */
function nameCandidates(index: MatchingIndex, tokens: readonly string[]): string[] {
  const shared = new Map<string, number>();
  const common: (readonly string[])[] = [];
  const add = (postings: readonly string[] | undefined, weight: number) => {
    if (postings === undefined) return;
    if (postings.length > COMMON_TOKEN_POSTINGS) {
      common.push(postings);
      return;
    }
    for (const id of postings) shared.set(id, (shared.get(id) ?? 0) + weight);
  };
  for (const token of tokens) {
    // An identical word counts twice its length, a shared beginning only its four letters.
    add(index.byNameToken.get(token), 2 * token.length);
    if (token.length >= NAME_PREFIX_LENGTH)
      add(index.byNamePrefix.get(token.slice(0, NAME_PREFIX_LENGTH)), NAME_PREFIX_LENGTH);
  }
  // A name made only of common words ("TRANSPORTS DU SUD") still has to find its customers.
  if (shared.size === 0) for (const postings of common) for (const id of postings) shared.set(id, 0);
  // Ranked like a similarity on shared words only: shared mass over the customer's shortest name.
  const ranked: [string, number][] = [];
  for (const [id, mass] of shared) ranked.push([id, mass / (1 + (index.customers.get(id)?.nameLength ?? 0))]);
  return ranked
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_NAME_CANDIDATES)
    .map(([id]) => id);
}

/** Customers the credit may come from, strongest first (IBAN, then name similarity). */
export function identifyPayers(index: MatchingIndex, credit: IncomingCredit): PayerMatch[] {
  const matches = new Map<string, PayerMatch>();
  const tokens = credit.counterpartyName === undefined ? [] : nameTokens(credit.counterpartyName);
  const scorer = new NameScorer(tokens);
  if (credit.counterpartyIban !== undefined) {
    const owners = index.byIban.get(normalizeIban(credit.counterpartyIban)) ?? [];
    for (const customerId of owners) {
      const customer = index.customers.get(customerId);
      const nameScore = customer === undefined || tokens.length === 0 ? 0 : bestNameScore(customer, scorer);
      matches.set(customerId, { customerId, iban: true, ibanShared: owners.length, nameScore });
    }
  }
  // A known account whose holder's name agrees needs no search among look-alike names.
  const settled = [...matches.values()].some(
    (m) => m.ibanShared === 1 && (tokens.length === 0 || m.nameScore >= MIN_NAME_SCORE),
  );
  if (tokens.length > 0 && !settled) {
    const scored: PayerMatch[] = [];
    for (const customerId of nameCandidates(index, tokens)) {
      if (matches.has(customerId)) continue;
      const customer = index.customers.get(customerId);
      if (customer === undefined) continue;
      const nameScore = bestNameScore(customer, scorer);
      if (nameScore >= MIN_NAME_SCORE) scored.push({ customerId, iban: false, ibanShared: 0, nameScore });
    }
    scored.sort((a, b) => b.nameScore - a.nameScore);
    for (const match of scored.slice(0, MAX_NAME_MATCHES)) matches.set(match.customerId, match);
  }
  return [...matches.values()];
}
