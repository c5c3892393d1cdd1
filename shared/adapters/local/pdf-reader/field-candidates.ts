/**
 * Finds candidate values for labelled invoice fields in a page layout: for every segment that starts with a known
 * label, the value inside the segment after the label, else in the next segment to the right, else just below.
 * Each candidate carries what the selection needs: the label's tier, where the value was, and the position.
 */
import type { ExtractedField } from '#shared/domain/documents/extracted-invoice.ts';
import { foldText, foldWord } from '#shared/domain/documents/normalize.ts';
import { type Direction, isLabel, LABEL_RULES, type LabelField, type LabelRule } from './labels.ts';
import { below, continuationOf, type PageLayout, rightOf, type Segment } from './text-layout.ts';

/** A segment with its folded text, computed once. */
export interface FoldedSegment {
  readonly segment: Segment;
  readonly folded: string;
}

/** One possible value for a field. */
export interface Candidate<T> {
  readonly value: T;
  readonly tier: number;
  readonly direction: Direction;
  readonly rule: LabelRule;
  /** The label segment. */
  readonly at: Segment;
  /** The segment the value was read from. */
  readonly from: Segment;
}

/** Confidence by where the value sat relative to its label: inside the label's cell is the least ambiguous. */
const DIRECTION_CONFIDENCE: Readonly<Record<Direction, number>> = { inline: 0.95, right: 0.93, below: 0.88 };
/** A generic label ("Date", "Total") is less sure than a specific one ("Date de facture", "Total TTC"). */
const TIER_FACTOR: Readonly<Record<number, number>> = { 3: 1, 2: 0.95, 1: 0.8 };

export function confidenceOf(candidate: Candidate<unknown>): number {
  return DIRECTION_CONFIDENCE[candidate.direction] * (TIER_FACTOR[candidate.tier] ?? 0.7);
}

export function toField<T>(candidate: Candidate<T>): ExtractedField<T> {
  return { value: candidate.value, confidence: confidenceOf(candidate), source: `pdf:label "${candidate.rule.name}"` };
}

/**
 * The original-case text after the label. Folding only drops accents, lower-cases and collapses spaces, so the
 * folded remainder and the original's suffix of the same length are the same characters.
 */
function remainderAfter(segment: FoldedSegment, labelLength: number): string {
  const original = foldText(segment.segment.text);
  const restLength = segment.folded.length - labelLength;
  return original.slice(original.length - restLength).trim();
}

/** What may follow a label in its own cell without being its value: a unit or tax mention ("Net à payer (EUR)"). */
const LABEL_NOISE = /^[([]?\s*(?:eur|euros?|€|usd|\$|gbp|£|chf|ttc|ht|en euros|in [a-z]{3})\s*[)\]]?\s*:?$/;

export interface CandidateOptions {
  /** A value further right of its label than this (points) is another column's text, not the label's value. */
  readonly maxRightGap?: number;
  /** Values that wrap in narrow cells (payment terms): read a cell with its continuation line when both parse. */
  readonly wraps?: boolean;
}

/**
 * Parses a cell, or the cell joined with its wrapped continuation on the next line. With `wraps` the joined text
 * is tried first: a value that may itself wrap ("45 j fin de" / "mois") would otherwise parse cut short.
 */
function parseCell<T>(
  layout: PageLayout,
  cell: Segment,
  parse: (text: string) => T | undefined,
  wraps: boolean,
): T | undefined {
  if (isLabel(foldWord(cell.text))) return undefined;
  const next = continuationOf(layout, cell);
  const joined = next && !isLabel(foldWord(next.text)) ? `${cell.text} ${next.text}` : undefined;
  if (wraps && joined) {
    const value = parse(joined);
    if (value !== undefined) return value;
  }
  return parse(cell.text) ?? (joined ? parse(joined) : undefined);
}

/**
 * Reads every labelled candidate of `field` in the layout. `parse` turns a text into the value or undefined.
 * A label followed by other words in its own cell that do not parse ("Date de livraison …" for "Date") is a
 * different label: nothing is read to its right or below.
 */
export function labelledCandidates<T>(
  pages: readonly PageLayout[],
  segments: readonly FoldedSegment[],
  field: LabelField,
  parse: (text: string) => T | undefined,
  options: CandidateOptions = {},
): Candidate<T>[] {
  const rules = LABEL_RULES.filter((r) => r.field === field);
  const candidates: Candidate<T>[] = [];
  for (const folded of segments) {
    for (const rule of rules) {
      const match = rule.pattern.exec(folded.folded);
      if (!match) continue;
      const at = folded.segment;
      const layout = pages[at.page - 1];
      if (!layout) continue;
      const rest = remainderAfter(folded, match[0].length);
      const accept = (text: string) => (text.length >= (rule.minValueLength ?? 0) ? parse(text) : undefined);
      if (rest !== '' && !LABEL_NOISE.test(foldWord(rest))) {
        const value = rule.directions.includes('inline') ? accept(rest) : undefined;
        if (value !== undefined) candidates.push({ value, tier: rule.tier, direction: 'inline', rule, at, from: at });
        continue;
      }
      let right = rule.directions.includes('right') ? rightOf(layout, at) : undefined;
      if (right && right.x0 - at.x1 > (options.maxRightGap ?? Number.POSITIVE_INFINITY)) right = undefined;
      const rightValue = right ? parseCell(layout, right, accept, options.wraps === true) : undefined;
      if (right && rightValue !== undefined) {
        candidates.push({ value: rightValue, tier: rule.tier, direction: 'right', rule, at, from: right });
        continue;
      }
      const under = rule.directions.includes('below') ? below(layout, at) : undefined;
      const underValue = under ? parseCell(layout, under, accept, options.wraps === true) : undefined;
      if (under && underValue !== undefined) {
        candidates.push({ value: underValue, tier: rule.tier, direction: 'below', rule, at, from: under });
      }
    }
  }
  return candidates;
}

const DIRECTION_ORDER: Readonly<Record<Direction, number>> = { inline: 2, right: 2, below: 1 };

/**
 * The best candidate: the most specific label first, then a value on the label's own line over one below it, then
 * position — the first occurrence for header fields (number, dates, buyer), the last for totals, which sit at the
 * end of the last page.
 */
export function bestCandidate<T>(
  candidates: readonly Candidate<T>[],
  prefer: 'first' | 'last',
): Candidate<T> | undefined {
  const position = (c: Candidate<T>) => c.at.page * 100_000 - c.at.y;
  return [...candidates].sort(
    (a, b) =>
      b.tier - a.tier ||
      DIRECTION_ORDER[b.direction] - DIRECTION_ORDER[a.direction] ||
      (prefer === 'first' ? position(a) - position(b) : position(b) - position(a)),
  )[0];
}
