/**
 * Business identifiers found by pattern in invoice text, each accepted only when its check digits agree:
 * SIREN / SIRET (Luhn, with INSEE's La Poste rule), French VAT numbers (key derived from the SIREN), IBAN
 * (ibantools: country length, BBAN format, mod 97) and ISO 11649 creditor references ("RF" + mod 97).
 * The checks themselves live with the rest of the domain (french-identifiers.ts, matching/rf-reference.ts);
 * this file only finds candidates in running text.
 */
import { countrySpecs, isValidIBAN } from 'ibantools';
import { frenchVatKey, isValidSiren, isValidSiret } from '#shared/domain/french-identifiers.ts';
import { isValidRfReference } from '#shared/domain/matching/rf-reference.ts';

export { isValidSiren, isValidSiret };

/**
 * A French intra-EU VAT number: "FR", a two-character key, the SIREN. A numeric key must equal
 * (12 + 3 × (SIREN mod 97)) mod 97; the rarer alphanumeric keys cannot be recomputed, so for them only the
 * SIREN's Luhn check applies.
 */
export function isValidFrenchVat(vat: string): boolean {
  const m = /^FR([0-9A-HJ-NP-Z]{2})(\d{9})$/.exec(vat);
  if (!m) return false;
  const [, key = '', siren = ''] = m;
  if (!isValidSiren(siren)) return false;
  return !/^\d{2}$/.test(key) || key === frenchVatKey(siren);
}

/** Runs of digits joined by single spaces, dots or NBSPs ("123 456 789 00012"), as printed on invoices. */
const DIGIT_RUN = /(?<![\d.])\d(?:[ .\u00a0\u202f]?\d)*(?![\d])/g;

function compactDigits(text: string): string {
  return text.replace(/[^\d]/g, '');
}

/** The digit runs of `text` that follow a label matching `label` within a few characters ("SIRET : 123 …"). */
function labelledRuns(text: string, label: RegExp): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(new RegExp(label.source, 'gi'))) {
    const rest = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 40);
    const run = /^[\s:°#.n-]*(?:[A-Za-zÀ-ÿ' -]{0,25}?\s)?(?:B\s)?(\d(?:[ .\u00a0\u202f]?\d)*)/i.exec(rest);
    if (run?.[1]) found.push(compactDigits(run[1]));
  }
  return found;
}

/**
 * The first valid SIRET in `text`: after a "SIRET" label, else any run printed in SIRET grouping
 * ("123 456 789 00012") — a bare unlabelled fourteen-digit number is too often something else to be trusted.
 */
export function findSiret(text: string): string | undefined {
  const labelled = labelledRuns(text, /\bSIRET\b/).find(isValidSiret);
  if (labelled) return labelled;
  for (const m of text.matchAll(/(?<!\d[ .]?)\b\d{3}[ .\u00a0]\d{3}[ .\u00a0]\d{3}[ .\u00a0]\d{5}\b(?![ .]?\d)/g)) {
    const siret = compactDigits(m[0]);
    if (isValidSiret(siret)) return siret;
  }
  return undefined;
}

/**
 * The first valid SIREN in `text`: after a "SIREN" or "RCS <ville>" label, else the first nine digits of a valid
 * SIRET, else the SIREN inside a valid French VAT number, else a run printed in SIREN grouping ("123 456 789").
 */
export function findSiren(text: string): string | undefined {
  const labelled = labelledRuns(text, /\b(?:SIREN|RCS)\b/)
    .map((run) => run.slice(0, 9))
    .find(isValidSiren);
  if (labelled) return labelled;
  const siret = findSiret(text);
  if (siret) return siret.slice(0, 9);
  const vat = findFrenchVat(text);
  if (vat) return vat.slice(4);
  for (const m of text.matchAll(DIGIT_RUN)) {
    if (!/^\d{3}[ .\u00a0\u202f]\d{3}[ .\u00a0\u202f]\d{3}$/.test(m[0])) continue;
    const siren = compactDigits(m[0]);
    if (isValidSiren(siren)) return siren;
  }
  return undefined;
}

/** The first valid French VAT number in `text`, compacted ("FR 40 123 456 824" → "FR40123456824"). */
export function findFrenchVat(text: string): string | undefined {
  for (const m of text.matchAll(
    /\bFR[ \u00a0]?([0-9A-HJ-NP-Z]{2})[ \u00a0]?(\d{3}[ \u00a0.]?\d{3}[ \u00a0.]?\d{3})(?![ \u00a0.]?\d)/g,
  )) {
    const vat = `FR${m[1]}${compactDigits(m[2] ?? '')}`;
    if (isValidFrenchVat(vat)) return vat;
  }
  return undefined;
}

/**
 * The first valid IBAN in `text`, in electronic format. Candidates are read greedily (printed IBANs are grouped
 * by four and often followed by more letters and digits, e.g. the BIC), then cut to the length the country's IBAN
 * has, and kept only if ibantools validates them.
 */
export function findIban(text: string): string | undefined {
  const upper = text.toUpperCase();
  // The lookahead lets candidates overlap, so a false start ("RF18 …") cannot swallow the IBAN that follows it.
  for (const m of upper.matchAll(/\b(?=(([A-Z]{2})\d{2}(?:[ \u00a0\u202f-]?[A-Z0-9]){8,34}))/g)) {
    const length = countrySpecs[m[2] ?? '']?.chars;
    if (!length) continue;
    const candidate = (m[1] ?? '').replace(/[^A-Z0-9]/g, '').slice(0, length);
    if (candidate.length === length && isValidIBAN(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The first valid ISO 11649 creditor reference in `text`, compacted ("RF18 5390 0754 7034" → "RF18539007547034").
 * A printed reference is grouped by four, so only cuts at a group boundary are tried, longest first: a reference
 * followed on the line by other words is still found, and never extended into them.
 */
export function findRfReference(text: string): string | undefined {
  const upper = text.toUpperCase();
  for (const m of upper.matchAll(/\b(?=(RF\d{2}(?:[ \u00a0]?[A-Z0-9]{1,21})+))/g)) {
    const groups = (m[1] ?? '').split(/[ \u00a0]/);
    for (let n = groups.length; n >= 1; n -= 1) {
      const candidate = groups.slice(0, n).join('');
      if (isValidRfReference(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The first e-mail address in `text`, lower-cased. */
export function findEmail(text: string): string | undefined {
  return /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/.exec(text)?.[0].toLowerCase();
}
