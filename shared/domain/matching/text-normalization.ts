/**
 * Text folding shared by the reference extractor and the name comparison: bank texts arrive upper or
 * lower case, with or without accents, and with "N°" written a dozen ways.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_ASCII = /[^\t\n\r\u0020-\u007e]/;

/** Accents stripped, ligatures expanded, upper case: "Facture n° 42 — Société Générale" → "FACTURE N° 42 — SOCIETE GENERALE". */
export function foldText(text: string): string {
  // Most bank text is printable ASCII already: skip the Unicode decomposition.
  if (!NON_ASCII.test(text)) return text.toUpperCase();
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/Œ/g, 'OE')
    .replace(/œ/g, 'oe')
    .replace(/Æ/g, 'AE')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .toUpperCase();
}

/** The number without its leading zeros ("0042" → "42", "000" → "0"). */
export function stripLeadingZeros(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start++;
  return start === 0 ? digits : digits.slice(start);
}

/** True for "1990".."2099": a leading group that reads as a year carries little identifying power. */
export function isYearLike(digits: string): boolean {
  return digits.length === 4 && (digits.startsWith('19') || digits.startsWith('20'));
}

/**
 * True when `a` and `b` differ by at most one insertion, deletion, substitution or swap of two adjacent
 * characters (optimal string alignment distance ≤ 1): the usual typing mistakes in a copied number.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // One substitution at i, or i and i + 1 swapped; the rest must be equal.
    const swapped = i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i);
    return sameFrom(a, i + 1, b, i + 1) || (swapped && sameFrom(a, i + 2, b, i + 2));
  }
  // One insertion or deletion at i.
  return la > lb ? sameFrom(a, i + 1, b, i) : sameFrom(a, i, b, i + 1);
}

/** True when a[from..] equals b[otherFrom..] (both tails have the same length by construction). */
function sameFrom(a: string, from: number, b: string, otherFrom: number): boolean {
  if (a.length - from !== b.length - otherFrom) return false;
  for (let k = 0; from + k < a.length; k++) {
    if (a.charCodeAt(from + k) !== b.charCodeAt(otherFrom + k)) return false;
  }
  return true;
}
