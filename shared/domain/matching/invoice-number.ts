/**
 * Invoice numbers reduced to comparable keys. "F-2026-00042", "F2026042", "2026/42" and "F 2026 42" must
 * meet, so a number is read as its letters plus its digit groups, and keys drop separators and leading
 * zeros. A number whose only distinctive part is short ("42") is weak evidence: dates, amounts, postcodes
 * and SIRET numbers are full of such digits.
 */
import { foldText, isYearLike, stripLeadingZeros } from './text-normalization.ts';

/** One comparable form of a number and how much it identifies (digits that are not year, month or day). */
export interface NumberKey {
  key: string;
  distinctive: number;
}

/** What the index keeps about an invoice number. */
export interface InvoiceNumberShape {
  /** Letters of the number, upper case ("F", "FA", "ABO"), '' when it has none. */
  letters: string;
  /** Letters and digits as printed, zeros kept: "F202600042". */
  compact: string;
  /** Digits as printed, zeros kept: "202600042". */
  digits: string;
  /** Loose keys: zeros and separators dropped, year split off a glued number. */
  keys: NumberKey[];
  /** Digits of the loose form without separators, for typo look-ups ("2026-42" → "202642"). */
  fuzzyKey: string;
}

/** Digit groups and letters of a folded number ("F-2026-00042" → ["F"], ["2026", "00042"]). */
export function splitNumber(folded: string): { letters: string; groups: string[] } {
  const letters = folded.match(/[A-Z]+/g)?.join('') ?? '';
  const groups = folded.match(/\d+/g) ?? [];
  return { letters, groups };
}

/**
 * Identifying digits of a window of groups, leading zeros not counted: years and groups of one or two
 * significant digits (months, days) do not count when other groups exist, and a lone year counts for
 * nothing. "2026-00873" has 3, "2026-00042" 0, "12/03/2026" 0, "FA004213" 4. Zeros only count when the
 * payer copied them exactly (see {@link InvoiceNumberShape.digits}).
 */
export function distinctiveLength(groups: readonly string[]): number {
  if (groups.length === 1) {
    const only = groups[0] ?? '';
    return isYearLike(only) ? 0 : stripLeadingZeros(only).length;
  }
  let length = 0;
  for (const group of groups) {
    if (isYearLike(group)) continue;
    const significant = stripLeadingZeros(group).length;
    if (significant > 2) length += significant;
  }
  return length;
}

/**
 * The loose keys of a window of digit groups: groups without leading zeros joined by '-'; for several
 * groups glued by punctuation also their concatenation; for one long group starting with a year, the year
 * split off ("2026042" → "2026-42"), because payers drop the dash of "F-2026-042".
 */
export function windowKeys(groups: readonly string[], allowConcat: boolean): NumberKey[] {
  const keys: NumberKey[] = [{ key: groups.map(stripLeadingZeros).join('-'), distinctive: distinctiveLength(groups) }];
  if (groups.length > 1 && allowConcat) {
    keys.push({ key: stripLeadingZeros(groups.join('')), distinctive: distinctiveLength(groups) });
  }
  const only = groups[0] ?? '';
  if (groups.length === 1 && only.length >= 6 && isYearLike(only.slice(0, 4))) {
    const rest = only.slice(4);
    keys.push({ key: `${only.slice(0, 4)}-${stripLeadingZeros(rest)}`, distinctive: distinctiveLength([rest]) });
  }
  return keys;
}

/** The fuzzy (typo) key of a window: its loose digits without separators. */
export function fuzzyKeyOf(groups: readonly string[]): string {
  return groups.map(stripLeadingZeros).join('');
}

/** Shape of an invoice number for the matching index. */
export function invoiceNumberShape(number: string): InvoiceNumberShape {
  const folded = foldText(number);
  const { letters, groups } = splitNumber(folded);
  const compact = folded.replace(/[^A-Z0-9]/g, '');
  const digits = groups.join('');
  if (groups.length === 0) return { letters, compact, digits, keys: [], fuzzyKey: '' };
  const keys = windowKeys(groups, true);
  if (groups.length >= 3) {
    // "ABO-2026-03-0249" typed glued, zeros of the counter or of every group dropped: "202603249", "20263249".
    const last = stripLeadingZeros(groups[groups.length - 1] ?? '');
    const distinctive = distinctiveLength(groups);
    keys.push({ key: stripLeadingZeros(groups.slice(0, -1).join('') + last), distinctive });
    keys.push({ key: fuzzyKeyOf(groups), distinctive });
  }
  return { letters, compact, digits, keys, fuzzyKey: fuzzyKeyOf(groups) };
}
