/**
 * Reads what a payer quoted in the remittance text: RF creditor references (checked, so trusted) and
 * invoice-number-like mentions (not trusted alone). Each mention carries its loose keys, the letters
 * written before it and whether an invoice keyword ("FACTURE", "N°", "REF") introduces it.
 */
import { fuzzyKeyOf, type NumberKey, windowKeys } from './invoice-number.ts';
import { isValidRfReference } from './rf-reference.ts';
import { foldText } from './text-normalization.ts';

/** A run of digit groups (a window of a compound) quoted in the text. */
export interface NumberMention {
  keys: NumberKey[];
  /** Letters written against the first group plus the digits as written: "F2026042". */
  compact: string;
  /** The digits as written, zeros kept: "2026042". */
  digits: string;
  /** Letters written against the first group ("F" in "F-2026-42"), '' when none or when they are a keyword ("FACT2026-42"). */
  prefix: string;
  /** An invoice keyword introduces the mention ("FACTURE", "FACT", "N°", "REF"…). */
  keyword: boolean;
  /** Digits without leading zeros or separators, for typo look-ups. */
  fuzzyKey: string;
  /** The window is the whole compound (typo look-ups only use those). */
  whole: boolean;
  /** The compound ends its line: a number there may have been cut by a length limit. */
  endsLine: boolean;
  /**
   * Windows starting at the same group of the same number share a source: one quoted number stands for
   * one invoice, whichever of its readings is right.
   */
  source: number;
}

export interface RemittanceReferences {
  /** Valid RF references, electronic format, structured one first. */
  rfReferences: string[];
  mentions: NumberMention[];
  /** The remittance lines folded (upper case, no accents), for other cues in the text. */
  lines: string[];
}

/** Words that announce an invoice number. */
const KEYWORDS = new Set([
  'FACTURE',
  'FACTURES',
  'FACT',
  'FACTS',
  'FACTU',
  'FAC',
  'FACS',
  'FCT',
  'FA',
  'INVOICE',
  'INVOICES',
  'INV',
  'N',
  'NO',
  'NOS',
  'NUM',
  'NUMERO',
  'NR',
  'REF',
  'REFS',
  'REFERENCE',
  'REFERENCES',
  'PIECE',
]);
/** Words inside a list of numbers ("FACTURES 41, 42 ET 43") that keep the keyword in force. */
const LIST_WORDS = new Set(['ET', 'LES', 'VOS', 'NOTRE', 'VOTRE']);
/** Short words that precede numbers without being series letters ("DU 12/03", "LE 15", "AU 31/03"). */
const NOT_PREFIXES = new Set([
  'DU',
  'DE',
  'LE',
  'LA',
  'LES',
  'AU',
  'AUX',
  'ET',
  'EN',
  'A',
  'SUR',
  'PAR',
  'POUR',
  'DES',
]);

const MAX_GROUPS = 8;
const MAX_WINDOW = 4;
/** Separators that join digit groups of one number: a dash, slash, dot or underscore (spaced or not), or one space. */
const JOINING_SEPARATOR = /^(?: ?[-/._] ?| )$/;
/** Separators between a prefix and its digits: "F-2026", "F 2026", "F/2026". */
const PREFIX_SEPARATOR = /^[-/._ ]$/;

type Atom = { kind: 'L' | 'D' | 'S'; text: string };

/** Splits a folded line into runs of letters, digits and anything else. */
function atomsOf(line: string): Atom[] {
  const atoms: Atom[] = [];
  let start = 0;
  let kind: Atom['kind'] | undefined;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const current: Atom['kind'] = code >= 48 && code <= 57 ? 'D' : code >= 65 && code <= 90 ? 'L' : 'S';
    if (current === kind) continue;
    if (kind !== undefined) atoms.push({ kind, text: line.slice(start, i) });
    kind = current;
    start = i;
  }
  if (kind !== undefined) atoms.push({ kind, text: line.slice(start) });
  return atoms;
}

/** Adds every window (up to MAX_WINDOW consecutive groups) of a compound as a mention. */
function pushWindows(
  out: Extraction,
  groups: string[],
  spaced: boolean[],
  letters: string,
  keyword: boolean,
  endsLine: boolean,
): void {
  // "FA" or "FACT" glued to a number may be the series letters or the word "facture": kept for the exact
  // comparison, not held against an invoice with other letters.
  const prefix = KEYWORDS.has(letters) ? '' : letters;
  for (let i = 0; i < groups.length; i++) {
    const source = out.sources++;
    // A number split by spaces ("1 200") is an amount or a phone number more often than an invoice
    // number; its concatenation is only looked up when punctuation joins the groups.
    let allowConcat = true;
    for (let j = i; j < groups.length && j < i + MAX_WINDOW; j++) {
      if (j > i && spaced[j]) allowConcat = false;
      const window = groups.slice(i, j + 1);
      out.mentions.push({
        source,
        keys: windowKeys(window, allowConcat),
        compact: (i === 0 ? letters : '') + window.join(''),
        digits: window.join(''),
        prefix: i === 0 ? prefix : '',
        keyword,
        fuzzyKey: fuzzyKeyOf(window),
        whole: i === 0 && j === groups.length - 1,
        endsLine: endsLine && j === groups.length - 1,
      });
    }
  }
}

interface Extraction {
  mentions: NumberMention[];
  /** Next free source number. */
  sources: number;
}

function mentionsOfLine(line: string, out: Extraction): void {
  const atoms = atomsOf(line);
  let keywordActive = false;
  let i = 0;
  while (i < atoms.length) {
    const atom = atoms[i]!;
    if (atom.kind === 'L') {
      const next = atoms[i + 1];
      const afterSeparator = atoms[i + 2];
      const isPrefix =
        !NOT_PREFIXES.has(atom.text) &&
        (next?.kind === 'D' ||
          (next?.kind === 'S' && PREFIX_SEPARATOR.test(next.text) && afterSeparator?.kind === 'D'));
      if (KEYWORDS.has(atom.text)) keywordActive = true;
      else if (!isPrefix && !LIST_WORDS.has(atom.text)) keywordActive = false;
      i++;
      continue;
    }
    if (atom.kind === 'S') {
      i++;
      continue;
    }
    // A digit run starts a compound; its prefix is the letters glued to it or one separator before.
    const previous = atoms[i - 1];
    const beforePrevious = atoms[i - 2];
    let prefix = '';
    if (previous?.kind === 'L') prefix = previous.text;
    else if (previous?.kind === 'S' && PREFIX_SEPARATOR.test(previous.text) && beforePrevious?.kind === 'L') {
      prefix = beforePrevious.text;
    }
    if (prefix.length > 5 || NOT_PREFIXES.has(prefix)) prefix = '';
    const groups = [atom.text];
    const spaced = [false];
    let k = i + 1;
    while (groups.length < MAX_GROUPS) {
      const separator = atoms[k];
      const digits = atoms[k + 1];
      if (separator?.kind !== 'S' || digits?.kind !== 'D' || !JOINING_SEPARATOR.test(separator.text)) break;
      groups.push(digits.text);
      spaced.push(separator.text === ' ');
      k += 2;
    }
    const rest = atoms[k];
    // Nothing but punctuation after it: "FACTURE F-2026-00" cut by a 35-character limit.
    const endsLine = rest === undefined || (rest.kind === 'S' && atoms[k + 1] === undefined);
    pushWindows(out, groups, spaced, prefix, keywordActive, endsLine);
    i = k;
  }
}

/** RF references found in a folded line, printed ("RF18 5390 0754 7034") or electronic. */
function rfReferencesOfLine(line: string, out: string[]): void {
  for (const match of line.matchAll(/RF ?\d{2}((?: ?[A-Z0-9]+){1,8})/g)) {
    const head = match[0].slice(0, match[0].length - (match[1] ?? '').length).replace(' ', '');
    const parts = (match[1] ?? '').trim().split(' ');
    // The text after a printed reference may be another word; the longest valid prefix of whole parts wins.
    for (let n = parts.length; n > 0; n--) {
      const candidate = head + parts.slice(0, n).join('');
      if (candidate.length <= 25 && isValidRfReference(candidate)) {
        if (!out.includes(candidate)) out.push(candidate);
        break;
      }
    }
  }
}

/**
 * Extracts references from the remittance lines and the structured creditor reference. A structured
 * reference that is not a valid RF (some payers put the invoice number there) is read as a keyword mention.
 */
export function extractReferences(lines: readonly string[], creditorReference?: string): RemittanceReferences {
  const rfReferences: string[] = [];
  const out: Extraction = { mentions: [], sources: 0 };
  if (creditorReference !== undefined) {
    const folded = foldText(creditorReference);
    const compact = folded.replace(/\s+/g, '');
    if (isValidRfReference(compact)) rfReferences.push(compact);
    else mentionsOfLine(`REF ${folded}`, out);
  }
  const folded = lines.map(foldText);
  for (const line of folded) {
    if (line.includes('RF')) rfReferencesOfLine(line, rfReferences);
    mentionsOfLine(line, out);
  }
  return { rfReferences, mentions: out.mentions, lines: folded };
}
