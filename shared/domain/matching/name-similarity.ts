/**
 * Company-name comparison for payer identification. Bank statements print "SARL DUPONT ET FILS",
 * "STE DUPONT", "DUPONT & FILS" or a name cut at 18 characters for "Dupont et Fils SARL": names are folded,
 * stripped of legal forms and filler words, then compared token by token with Jaro-Winkler.
 */
import { foldText } from './text-normalization.ts';

/** Legal forms and "société"-like words: they say nothing about who the company is. */
const LEGAL_WORDS = new Set([
  'SA',
  'SAS',
  'SASU',
  'SARL',
  'EURL',
  'SCI',
  'SNC',
  'SCS',
  'SCA',
  'SCOP',
  'SCP',
  'SELARL',
  'SELAS',
  'SEL',
  'GIE',
  'EI',
  'EIRL',
  'STE',
  'SOC',
  'SOCIETE',
  'ETS',
  'ETABLISSEMENTS',
  'ETABLISSEMENT',
  'CIE',
  'COMPAGNIE',
]);
/** Filler words and civilities. */
const FILLER_WORDS = new Set([
  'ET',
  'DE',
  'DU',
  'DES',
  'LA',
  'LE',
  'LES',
  'L',
  'D',
  'AU',
  'AUX',
  'EN',
  'M',
  'MR',
  'MME',
  'MLLE',
  'MONSIEUR',
  'MADAME',
]);

/** Identifying tokens of a company name: "Sté Dupont & Fils S.A.R.L." → ["DUPONT", "FILS"]. */
export function nameTokens(name: string): string[] {
  const folded = foldText(name)
    // "S.A.R.L." and "S.A.S" are legal forms written with dots: glue dotted initials before splitting.
    .replace(/\b(?:[A-Z]\.){2,}[A-Z]?\b\.?/g, (m) => m.replace(/\./g, ''))
    .replace(/&/g, ' ET ');
  const tokens: string[] = [];
  for (const token of folded.split(/[^A-Z0-9]+/)) {
    if (token.length === 0 || LEGAL_WORDS.has(token) || FILLER_WORDS.has(token)) continue;
    tokens.push(token);
  }
  return tokens;
}

/** Jaro-Winkler similarity of two strings (0..1), prefix bonus 0.1 per common leading character, up to 4. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  // Name tokens are short: matched positions fit in 32-bit masks, so no array is allocated.
  if (la > 32 || lb > 32) return jaroWinklerLong(a, b);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const code = a.charCodeAt(i);
    const to = Math.min(lb - 1, i + window);
    for (let j = Math.max(0, i - window); j <= to; j++) {
      if ((matchedB >>> j) & 1 || b.charCodeAt(j) !== code) continue;
      matchedA |= 1 << i;
      matchedB |= 1 << j;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (((matchedA >>> i) & 1) === 0) continue;
    while (((matchedB >>> k) & 1) === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  return withPrefixBonus(a, b, (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3);
}

function withPrefixBonus(a: string, b: string, jaro: number): number {
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a.charCodeAt(prefix) === b.charCodeAt(prefix)) {
    prefix++;
  }
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** The same computation with flag arrays, for strings longer than 32 characters. */
function jaroWinklerLong(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Uint8Array(la);
  const matchedB = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const to = Math.min(lb - 1, i + window);
    for (let j = Math.max(0, i - window); j <= to; j++) {
      if (matchedB[j] === 1 || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] !== 1) continue;
    while (matchedB[k] !== 1) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  return withPrefixBonus(a, b, (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3);
}

/**
 * Highest Jaro-Winkler two strings of these lengths could reach (all of the shorter one matched, no
 * transposition, full prefix bonus): pairs that cannot beat a score already found are skipped.
 */
function jaroWinklerBound(la: number, lb: number): number {
  const shortest = Math.min(la, lb);
  const jaro = (shortest / la + shortest / lb + 1) / 3;
  return jaro + 0.4 * (1 - jaro);
}

/** Highest {@link tokenSimilarity} two tokens of these lengths could reach. */
function similarityBound(la: number, lb: number): number {
  return Math.max(jaroWinklerBound(la, lb), Math.min(la, lb) >= 4 ? TRUNCATED_TOKEN : 0);
}

const TRUNCATED_TOKEN = 0.95;

/** Similarity of two tokens; a token cut short by the bank (at least 4 characters) counts as 0.95. */
function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 4 && long.startsWith(short)) return TRUNCATED_TOKEN;
  return jaroWinkler(a, b);
}

/** Σ over `from` of (best similarity in `to`) × token length. */
function bestMatchMass(from: readonly string[], to: readonly string[]): number {
  let mass = 0;
  for (const token of from) {
    let best = 0;
    for (const other of to) {
      if (token === other) {
        best = 1;
        break;
      }
      if (similarityBound(token.length, other.length) <= best) continue;
      const s = tokenSimilarity(token, other);
      if (s > best) best = s;
    }
    mass += best * token.length;
  }
  return mass;
}

/**
 * Similarity of two token lists (0..1), symmetric: each side's tokens are matched to their best
 * counterpart and weighted by length, so an extra word ("BOULANGERIE DUPONT" vs "DUPONT") costs its share.
 */
export function tokenListSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let lengthA = 0;
  let lengthB = 0;
  for (const t of a) lengthA += t.length;
  for (const t of b) lengthB += t.length;
  return (bestMatchMass(a, b) + bestMatchMass(b, a)) / (lengthA + lengthB);
}

/**
 * {@link tokenListSimilarity} of one fixed token list (the payer's name) against many others, remembering
 * token similarities: look-alike customers share most of their words, so each pair is computed once.
 */
export class NameScorer {
  private readonly memo = new Map<string, Float64Array>();
  private readonly length: number;
  /** Scratch row of best similarities per payer token, reused by every {@link score} call. */
  private readonly best: Float64Array;

  constructor(private readonly tokens: readonly string[]) {
    let length = 0;
    for (const t of tokens) length += t.length;
    this.length = length;
    this.best = new Float64Array(tokens.length);
  }

  /** Similarities of `other` with each of the payer's tokens. */
  private similarities(other: string): Float64Array {
    let row = this.memo.get(other);
    if (row === undefined) {
      row = new Float64Array(this.tokens.length);
      for (let i = 0; i < this.tokens.length; i++) row[i] = tokenSimilarity(this.tokens[i]!, other);
      this.memo.set(other, row);
    }
    return row;
  }

  /** Same value as `tokenListSimilarity(tokens, known)`. */
  score(known: readonly string[]): number {
    if (this.tokens.length === 0 || known.length === 0) return 0;
    const best = this.best;
    best.fill(0);
    let knownLength = 0;
    let knownMass = 0;
    for (const other of known) {
      const row = this.similarities(other);
      let bestForOther = 0;
      for (let i = 0; i < row.length; i++) {
        const s = row[i]!;
        if (s > bestForOther) bestForOther = s;
        if (s > best[i]!) best[i] = s;
      }
      knownLength += other.length;
      knownMass += bestForOther * other.length;
    }
    let mass = knownMass;
    for (let i = 0; i < this.tokens.length; i++) mass += best[i]! * this.tokens[i]!.length;
    return mass / (this.length + knownLength);
  }
}

/** Similarity of two company names (0..1) after folding and removing legal forms and filler words. */
export function nameSimilarity(a: string, b: string): number {
  return tokenListSimilarity(nameTokens(a), nameTokens(b));
}
