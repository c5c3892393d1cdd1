/**
 * How payers and banks write things: company names as a bank prints them, invoice numbers as a payer
 * retypes them (reformatted, with typos), French remittance templates and end-to-end ids.
 */
import { foldText } from '#shared/domain/matching/text-normalization.ts';
import { MONTHS } from './french-names.ts';
import type { Prng } from './prng.ts';

const LEGAL = /\b(SARL|SAS|SASU|EURL|SA|SCI|SNC)\b/;

/** Upper case, no accents, no punctuation other than spaces and '&': what a bank statement shows. */
export function bankUpper(name: string): string {
  return foldText(name)
    .replace(/[^A-Z0-9& ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function typo(rng: Prng, text: string): string {
  const letters = [...text];
  const positions = letters.map((c, i) => (/[A-Z]/.test(c) ? i : -1)).filter((i) => i > 0);
  if (positions.length === 0) return text;
  const at = rng.pick(positions);
  if (rng.chance(0.5)) letters.splice(at, 1);
  else letters[at] = rng.pick([...'AEIOUNRST']);
  return letters.join('');
}

/** One way a bank prints a company's legal name. */
export function bankNameVariant(rng: Prng, legalName: string): string {
  const upper = bankUpper(legalName);
  const form = LEGAL.exec(upper)?.[1];
  const bare = upper.replace(LEGAL, '').replace(/\s+/g, ' ').trim();
  switch (rng.weighted({ asIs: 32, formFirst: 20, noForm: 20, truncated: 12, ste: 5, mixedCase: 5, typo: 6 })) {
    case 'asIs':
      return upper;
    case 'formFirst':
      return form === undefined ? upper : `${form} ${bare}`;
    case 'noForm':
      return bare;
    case 'truncated': {
      const full = form === undefined ? upper : rng.chance(0.5) ? `${form} ${bare}` : upper;
      return full.slice(0, rng.int(16, 24)).trim();
    }
    case 'ste':
      return `STE ${bare}`;
    case 'mixedCase':
      return legalName;
    default:
      return typo(rng, upper);
  }
}

/** Invoice-number styles a payer may type: how they reformat the printed number. */
export type NumberHabit =
  | 'asPrinted'
  | 'noSeparators'
  | 'noZeros'
  | 'noPrefix'
  | 'noPrefixNoZeros'
  | 'spaced'
  | 'lowerCase'
  | 'gluedNoZeros'
  | 'slashes';

export const NUMBER_HABITS: Readonly<Record<NumberHabit, number>> = {
  asPrinted: 40,
  noSeparators: 10,
  noZeros: 9,
  noPrefix: 9,
  noPrefixNoZeros: 7,
  spaced: 6,
  lowerCase: 6,
  gluedNoZeros: 6,
  slashes: 7,
};

function strip(group: string, keepYear: boolean): string {
  if (keepYear && /^(19|20)\d\d$/.test(group)) return group;
  return group.replace(/^0+(?=\d)/, '');
}

/** The printed number as this habit retypes it. */
export function retypeNumber(habit: NumberHabit, printed: string): string {
  const letters = printed.match(/^[A-Z]+/)?.[0] ?? '';
  const groups = printed.match(/\d+/g) ?? [];
  switch (habit) {
    case 'asPrinted':
      return printed;
    case 'noSeparators':
      return printed.replace(/[^A-Z0-9]/g, '');
    case 'noZeros':
      return [letters, ...groups.map((g) => strip(g, true))].filter(Boolean).join('-');
    case 'noPrefix':
      return groups.join('-');
    case 'noPrefixNoZeros':
      return groups.map((g) => strip(g, true)).join('-');
    case 'spaced':
      return [letters, ...groups].filter(Boolean).join(' ');
    case 'lowerCase':
      return printed.toLowerCase();
    case 'gluedNoZeros':
      return letters + groups.map((g, i) => (i === groups.length - 1 ? strip(g, true).padStart(3, '0') : g)).join('');
    case 'slashes':
      return groups.map((g) => strip(g, true)).join('/');
  }
}

/** A typing mistake in the last digit group: a digit changed, two swapped, or one dropped. */
export function mistypeNumber(rng: Prng, typed: string): string {
  const digitPositions = [...typed].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
  // The last four digits: the counter, where people slip; the year is copied right.
  const tail = digitPositions.slice(-4).filter((i) => typed[i] !== '0' || rng.chance(0.3));
  const chars = [...typed];
  const at = tail.length > 0 ? rng.pick(tail) : digitPositions[digitPositions.length - 1];
  if (at === undefined) return typed;
  const kind = rng.weighted({ substitute: 5, swap: 3, drop: 2 });
  const next = chars[at + 1];
  if (kind === 'swap' && next !== undefined && /\d/.test(next) && next !== chars[at]) {
    chars[at + 1] = chars[at]!;
    chars[at] = next;
  } else if (kind === 'drop') {
    chars.splice(at, 1);
  } else {
    let digit = chars[at]!;
    while (digit === chars[at]) digit = String(rng.int(0, 9));
    chars[at] = digit;
  }
  return chars.join('');
}

function frenchDate(rng: Prng): string {
  return `${String(rng.int(1, 28)).padStart(2, '0')}/${String(rng.int(1, 4)).padStart(2, '0')}/2026`;
}

export function frenchAmount(minor: number): string {
  const euros = Math.floor(minor / 100);
  const cents = String(minor % 100).padStart(2, '0');
  return `${euros.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${cents}`;
}

/** Remittance text quoting one invoice number. */
export function singleInvoiceText(rng: Prng, n: string, payer: string, amount: number): string {
  return rng.pick([
    () => `FACTURE ${n}`,
    () => `FACT ${n}`,
    () => `Facture n° ${n}`,
    () => `REGLEMENT FACTURE ${n}`,
    () => `RGLT FACT ${n} DU ${frenchDate(rng)}`,
    () => `PAIEMENT ${n}`,
    () => n,
    () => `${n} ${payer}`,
    () => `VIR ${payer} FACTURE ${n}`,
    () => `Règlement de votre facture ${n} - merci`,
    () => `REF ${n}`,
    () => `PAIEMENT FACTURE ${n} MONTANT ${frenchAmount(amount)} EUR`,
    () => `${n} CLIENT ${rng.digits(6)}`,
    () => `FACT. ${n} ECHEANCE ${frenchDate(rng)}`,
    () => `Paiement fact ${n}`,
  ])();
}

/** Remittance text quoting several invoice numbers. */
export function groupedInvoiceText(rng: Prng, numbers: string[]): string {
  const last = numbers[numbers.length - 1]!;
  const head = numbers.slice(0, -1);
  return rng.pick([
    () => `FACTURES ${numbers.join(' ')}`,
    () => `REGLEMENT FACT ${head.join(', ')} ET ${last}`,
    () => `FACT ${numbers.join(' + ')}`,
    () => `Règlement factures ${numbers.join(', ')}`,
    () => `PAIEMENT ${numbers.join(' / ')}`,
    () => numbers.join(' '),
  ])();
}

/** Remittance text that names no invoice. */
export function unreferencedText(rng: Prng, payer: string): string {
  return rng.pick([
    () => `VIREMENT ${payer}`,
    () => `VIR SEPA ${payer}`,
    () => 'PAIEMENT FOURNISSEUR',
    () => `REGLEMENT ${rng.pick(MONTHS)} 2026`,
    () => `FOURNITURES ${rng.pick(MONTHS)}`,
    () => `ECHEANCE ${frenchDate(rng)}`,
    () => `REGLEMENT RELEVE DU ${frenchDate(rng)}`,
    () => 'REGLEMENT',
    () => '',
    () => `${payer} PAIEMENT`,
  ])();
}

/** Text for a payment of several invoices that names none of them. */
export function unreferencedGroupText(rng: Prng, payer: string): string {
  return rng.pick([
    () => `REGLEMENT RELEVE ${rng.pick(MONTHS)}`,
    () => `PAIEMENT FACTURES ${rng.pick(MONTHS)} 2026`,
    () => `VIREMENT ${payer}`,
    () => `REGLEMENT FACTURES ECHUES AU ${frenchDate(rng)}`,
  ])();
}

export function partialText(rng: Prng, n: string | undefined): string {
  if (n === undefined) return rng.pick(['ACOMPTE', 'VERSEMENT 1/3', 'PAIEMENT PARTIEL', 'ECHEANCIER 1ER VERSEMENT']);
  return rng.pick([
    `ACOMPTE FACTURE ${n}`,
    `ACOMPTE SUR FACT ${n}`,
    `1ER VERSEMENT ${n}`,
    `ECHEANCE 1/3 FACT ${n}`,
    `REGLEMENT PARTIEL ${n}`,
    `SOLDE FACTURE ${n}`,
  ]);
}

/** The end-to-end id or platform reference line, or nothing. */
export function endToEndLine(rng: Prng): string | undefined {
  switch (rng.weighted({ notProvided: 45, e2e: 25, platform: 12, none: 18 })) {
    case 'notProvided':
      return 'NOTPROVIDED';
    case 'e2e':
      return `E2E${`2026${String(rng.int(4, 4)).padStart(2, '0')}${String(rng.int(1, 30)).padStart(2, '0')}`}${rng.digits(6)}`;
    case 'platform':
      return rng.pick([
        `PAY-2026-${String(rng.int(401, 430)).padStart(4, '0')}-${rng.digits(5)}`,
        `LIBEO ${rng.digits(10)}`,
        `AGICAP ${rng.digits(4)}-${rng.digits(4)}`,
      ]);
    default:
      return undefined;
  }
}
