/**
 * Turns what the payer quoted into evidence per open invoice: an RF reference (checked), the invoice
 * number as printed, its digits without the letters, with its letters but reformatted, loosely (zeros,
 * separators, letters dropped), one typo away, or cut short at the end of a line. The weight of a loose
 * mention depends on how many identifying digits it carries and on an invoice keyword.
 */
import {
  type IndexedInvoice,
  isFuzzyKey,
  MAX_FUZZY_KEY_LENGTH,
  type MatchingIndex,
  MIN_DIGITS_LENGTH,
} from './matching-index.ts';
import type { NumberMention, RemittanceReferences } from './remittance-references.ts';
import { withinOneEdit } from './text-normalization.ts';

export type ReferenceKind = 'rf' | 'exact' | 'digits' | 'prefixed' | 'loose' | 'fuzzy' | 'truncated';

export interface ReferenceEvidence {
  kind: ReferenceKind;
  /** Log-likelihood ratio contributed to a candidate allocating this invoice. */
  weight: number;
  /**
   * Too weak to propose the invoice on its own (a short number, a typo): it only counts for an invoice
   * that the amount or the payer already points to.
   */
  weak: boolean;
  /** What was quoted, for the reasons shown to a reviewer. */
  quoted: string;
  /** Which quoted reference this comes from (see {@link NumberMention.source}); RF references are negative. */
  source: number;
}

/** Evidence weights (log-likelihood ratios). */
const WEIGHT = {
  rf: 9,
  exact: 5,
  digits: 4,
  prefixed: 4.5,
  prefixedShort: 3,
  looseLong: 4,
  looseMedium: 2.5,
  looseMediumKeyword: 3.5,
  looseShortKeyword: 1.5,
  fuzzy: 1.5,
  truncated: 1.5,
  otherLetters: 1,
} as const;
/** Evidence below this weight is weak (see {@link ReferenceEvidence.weak}). */
const STRONG_WEIGHT = 2.5;
const MIN_EXACT_COMPACT_LENGTH = 5;
/** A cut number shorter than this is the beginning of too many numbers. */
const MIN_TRUNCATED_LENGTH = 5;

function record(hits: Map<IndexedInvoice, ReferenceEvidence>, entry: IndexedInvoice, evidence: ReferenceEvidence) {
  const current = hits.get(entry);
  if (current === undefined || current.weight < evidence.weight) hits.set(entry, evidence);
}

function looseWeight(mention: NumberMention, distinctive: number): number {
  if (distinctive >= 5) return WEIGHT.looseLong;
  if (distinctive >= 3) return mention.keyword ? WEIGHT.looseMediumKeyword : WEIGHT.looseMedium;
  // A bare short number ("42") is never evidence: dates, amounts and postcodes are full of them.
  return mention.keyword ? WEIGHT.looseShortKeyword : 0;
}

function evidenceFor(entry: IndexedInvoice, mention: NumberMention, distinctive: number): ReferenceEvidence | null {
  const shape = entry.shape;
  const quoted = mention.compact;
  const source = mention.source;
  if (mention.compact === shape.compact && shape.compact.length >= MIN_EXACT_COMPACT_LENGTH) {
    return { kind: 'exact', weight: WEIGHT.exact, weak: false, quoted, source };
  }
  if (mention.digits === shape.digits && shape.digits.length >= MIN_DIGITS_LENGTH) {
    // Every digit copied, zeros included, only the letters dropped: "2026-00042" for "F-2026-00042".
    const kind = mention.prefix === shape.letters ? 'prefixed' : 'digits';
    return { kind, weight: kind === 'prefixed' ? WEIGHT.prefixed : WEIGHT.digits, weak: false, quoted, source };
  }
  if (mention.prefix !== '' && mention.prefix === shape.letters) {
    const weight = distinctive >= 3 ? WEIGHT.prefixed : WEIGHT.prefixedShort;
    return { kind: 'prefixed', weight, weak: weight < STRONG_WEIGHT, quoted, source };
  }
  if (mention.prefix !== '' && shape.letters !== '') {
    // Same digits under other series letters ("ABO202603249" against "F-2026-03249"): likely another invoice.
    return { kind: 'loose', weight: WEIGHT.otherLetters, weak: true, quoted, source };
  }
  const weight = looseWeight(mention, distinctive);
  if (weight === 0) return null;
  return { kind: 'loose', weight, weak: weight < STRONG_WEIGHT, quoted, source };
}

/**
 * Whole quoted numbers worth a typo or truncation look-up: those that look like invoice numbers (letters,
 * a keyword or 4+ identifying digits), and those with letters or a keyword cut at the end of a line.
 */
export function typoCandidates(references: RemittanceReferences): NumberMention[] {
  return references.mentions.filter(
    (m) =>
      m.whole &&
      ((isFuzzyKey(m.fuzzyKey) && (m.prefix !== '' || m.keyword || (m.keys[0]?.distinctive ?? 0) >= 4)) ||
        (m.endsLine &&
          (m.prefix !== '' || m.keyword) &&
          m.compact.length >= MIN_TRUNCATED_LENGTH &&
          m.compact.length <= MAX_FUZZY_KEY_LENGTH)),
  );
}

/** A number cut at the end of its line that is the beginning of this invoice's number. */
function isCutShort(mention: NumberMention, shape: IndexedInvoice['shape']): boolean {
  if (!mention.endsLine || mention.compact.length < MIN_TRUNCATED_LENGTH) return false;
  const printed = mention.compact === mention.digits ? shape.digits : shape.compact;
  return printed.length > mention.compact.length && printed.startsWith(mention.compact);
}

/**
 * Adds typo evidence: each of `invoices` one edit away from a quoted number, or whose number starts with a
 * number cut at the end of a line, gets a weak reference. Only invoices the payer or the amount already
 * point to are worth it; matched against every open invoice, a typo would find a neighbour for almost any
 * number. Runs even when the number hit another invoice exactly: a mistyped number often lands on another
 * open one.
 */
export function addTypoEvidence(
  hits: Map<IndexedInvoice, ReferenceEvidence>,
  mentions: readonly NumberMention[],
  invoices: Iterable<IndexedInvoice>,
): void {
  if (mentions.length === 0) return;
  for (const entry of invoices) {
    const key = entry.shape.fuzzyKey;
    for (const mention of mentions) {
      let kind: ReferenceKind;
      if (
        isFuzzyKey(mention.fuzzyKey) &&
        Math.abs(mention.fuzzyKey.length - key.length) <= 1 &&
        withinOneEdit(mention.fuzzyKey, key)
      ) {
        kind = 'fuzzy';
      } else if (isCutShort(mention, entry.shape)) kind = 'truncated';
      else continue;
      if (!hits.has(entry)) {
        hits.set(entry, { kind, weight: WEIGHT[kind], weak: true, quoted: mention.compact, source: mention.source });
      }
      break;
    }
  }
}

/** Every open invoice the remittance quotes (RF, exactly or loosely), with its strongest evidence. */
export function collectReferenceEvidence(
  index: MatchingIndex,
  references: RemittanceReferences,
): Map<IndexedInvoice, ReferenceEvidence> {
  const hits = new Map<IndexedInvoice, ReferenceEvidence>();
  references.rfReferences.forEach((rf, i) => {
    for (const entry of index.byRf.get(rf) ?? []) {
      record(hits, entry, { kind: 'rf', weight: WEIGHT.rf, weak: false, quoted: rf, source: -1 - i });
    }
  });
  for (const mention of references.mentions) {
    const distinctive = mention.keys[0]?.distinctive ?? 0;
    for (const entry of index.byCompact.get(mention.compact) ?? []) {
      const evidence = evidenceFor(entry, mention, distinctive);
      if (evidence !== null) record(hits, entry, evidence);
    }
    if (mention.digits.length >= MIN_DIGITS_LENGTH) {
      for (const entry of index.byDigits.get(mention.digits) ?? []) {
        const evidence = evidenceFor(entry, mention, distinctive);
        if (evidence !== null) record(hits, entry, evidence);
      }
    }
    for (const { key, distinctive } of mention.keys) {
      // A loose key without identifying digits, keyword or letters (a date, a day) can only be noise.
      if (distinctive < 3 && !mention.keyword && mention.prefix === '') continue;
      for (const entry of index.byKey.get(key) ?? []) {
        const evidence = evidenceFor(entry, mention, distinctive);
        if (evidence !== null) record(hits, entry, evidence);
      }
    }
  }
  return hits;
}
