/**
 * The printed labels the local reader recognises, in French and English, per invoice field. Patterns run on
 * folded text (lower case, no accents, NFKC: "N° de facture" → "n° de facture", "Nº" → "no", "Échéance" →
 * "echeance") and are anchored at the start of a segment, so "N° client" never reads as "Client".
 *
 * Each rule has a tier (a more specific label beats a generic one) and the directions in which its value may be
 * printed: inside the same segment after the label, in the next segment to the right, or just below (a column
 * header, a "Bill to" block).
 */

export type Direction = 'inline' | 'right' | 'below';

export type LabelField =
  | 'number'
  | 'issueDate'
  | 'dueDate'
  | 'total'
  | 'amountDue'
  | 'buyer'
  | 'seller'
  | 'vat'
  | 'terms'
  /** Labels of values we do not read (delivery address, order number…): known so they are never taken as values. */
  | 'other';

export interface LabelRule {
  readonly field: LabelField;
  /** Matches the label at the start of a folded segment; the value is what follows it. */
  readonly pattern: RegExp;
  readonly tier: number;
  readonly directions: readonly Direction[];
  /** How the label is shown in a field's source: 'pdf:label "N° de facture"'. */
  readonly name: string;
  /** A generic label ("N°", "Numéro") also heads table columns of row numbers: its value needs 3+ characters. */
  readonly minValueLength?: number;
}

const ALL: readonly Direction[] = ['inline', 'right', 'below'];
const SAME_LINE: readonly Direction[] = ['inline', 'right'];

/** Builds an anchored label pattern; the optional separators after a label are ":", ".", "#", "-" and spaces. */
function label(source: string): RegExp {
  return new RegExp(`^(?:${source})(?![a-z])\\s*[:#.-]?\\s*`);
}

const NO = '(?:n[°o]\\.?|no\\.|num(?:ero|\\.)?|#|number|nr\\.?)';

export const LABEL_RULES: readonly LabelRule[] = [
  // Invoice number
  { field: 'number', pattern: label(`facture\\s*${NO}`), tier: 3, directions: ALL, name: 'Facture N°' },
  {
    field: 'number',
    pattern: label(`${NO}\\s*(?:de\\s*(?:la\\s*)?)?facture`),
    tier: 3,
    directions: ALL,
    name: 'N° de facture',
  },
  { field: 'number', pattern: label(`invoice\\s*(?:${NO}|id)`), tier: 3, directions: ALL, name: 'Invoice number' },
  { field: 'number', pattern: label(`inv\\.?\\s*${NO}`), tier: 3, directions: ALL, name: 'Inv #' },
  {
    field: 'number',
    pattern: label('ref(?:erence|\\.)?\\s*(?:de\\s*(?:la\\s*)?)?facture'),
    tier: 3,
    directions: ALL,
    name: 'Référence facture',
  },
  { field: 'number', pattern: label('facture|invoice'), tier: 2, directions: SAME_LINE, name: 'Facture' },
  { field: 'number', pattern: label(`${NO}`), tier: 2, directions: ALL, name: 'N°', minValueLength: 3 },
  // Issue date
  {
    field: 'issueDate',
    pattern: label("date\\s*(?:de\\s*(?:la\\s*)?)?(?:facture|facturation|d'emission|emission)|date d'edition"),
    tier: 3,
    directions: ALL,
    name: 'Date de facture',
  },
  {
    field: 'issueDate',
    pattern: label('(?:invoice|issue|billing)\\s*date|date\\s*of\\s*(?:issue|invoice)'),
    tier: 3,
    directions: ALL,
    name: 'Invoice date',
  },
  {
    field: 'issueDate',
    pattern: label('emise? le|issued(?:\\s*on)?|fait le|etablie le'),
    tier: 3,
    directions: ALL,
    name: 'Émise le',
  },
  { field: 'issueDate', pattern: label('date'), tier: 2, directions: ALL, name: 'Date' },
  // Due date
  {
    field: 'dueDate',
    pattern: label(
      "date\\s*d'echeance|echeance|date\\s*limite\\s*de\\s*(?:paiement|reglement)|a\\s*(?:payer|regler)\\s*(?:avant|au plus tard)\\s*(?:le)?|payable\\s*(?:avant|au plus tard)\\s*(?:le)?",
    ),
    tier: 3,
    directions: ALL,
    name: "Date d'échéance",
  },
  {
    field: 'dueDate',
    pattern: label(
      '(?:payment\\s*)?due\\s*(?:date|by|on)?|date\\s*due|(?:please\\s*)?(?:pay|payable|to be paid)\\s*(?:by|before)',
    ),
    tier: 3,
    directions: ALL,
    name: 'Due date',
  },
  {
    field: 'dueDate',
    pattern: label('date\\s*de\\s*(?:paiement|reglement)|payment\\s*date'),
    tier: 2,
    directions: ALL,
    name: 'Date de paiement',
  },
  // Total including tax
  {
    field: 'total',
    pattern: label(
      'total\\s*t\\.?t\\.?c\\.?|montant\\s*(?:total\\s*)?t\\.?t\\.?c\\.?|total\\s*a\\s*payer|net\\s*a\\s*payer|total\\s*general|grand\\s*total|invoice\\s*total|total\\s*(?:amount\\s*)?due|amount\\s*due|balance\\s*due|montant\\s*du|total\\s*amount|montant\\s*total',
    ),
    tier: 3,
    directions: ALL,
    name: 'Total TTC',
  },
  { field: 'total', pattern: label('total'), tier: 2, directions: SAME_LINE, name: 'Total' },
  // What remains to pay
  {
    field: 'amountDue',
    pattern: label(
      'net\\s*a\\s*payer|montant\\s*du|reste\\s*a\\s*payer|solde\\s*du|total\\s*(?:amount\\s*)?due|amount\\s*due|balance\\s*due|balance',
    ),
    tier: 3,
    directions: ALL,
    name: 'Amount due',
  },
  // Buyer
  {
    field: 'buyer',
    pattern: label(
      "factur(?:e|er)\\s*a|adresse\\s*de\\s*facturation|destinataire|client(?:e)?|bill(?:ed)?\\s*to|invoice(?:d)?\\s*to|sold\\s*to|customer|a\\s*l'attention\\s*de",
    ),
    tier: 3,
    directions: ALL,
    name: 'Client',
  },
  // "To:" and "Pour :" only with their colon: without it they start ordinary sentences.
  { field: 'buyer', pattern: /^(?:to|pour)\s*:\s*/, tier: 2, directions: ['inline', 'below'], name: 'To' },
  // Seller
  {
    field: 'seller',
    pattern:
      /^(?:(?:emetteur|fournisseur|vendeur|prestataire|seller|supplier|vendor|issued\s*by)(?![a-z])\s*:?|(?:from|de)\s*:)\s*/,
    tier: 3,
    directions: ['inline', 'below'],
    name: 'From',
  },
  // VAT numbers
  {
    field: 'vat',
    pattern: label(
      `(?:n[°o]\\.?\\s*|numero\\s*(?:de\\s*)?)?(?:tva|t\\.v\\.a\\.)\\s*(?:intra(?:communautaire|com|-?communautaire)?\\.?)?|vat\\s*(?:${NO}|id|reg(?:istration)?\\.?\\s*(?:no\\.?|number)?)?|identifiant\\s*tva`,
    ),
    tier: 3,
    directions: SAME_LINE,
    name: 'N° TVA',
  },
  // Payment terms, when printed as a labelled value rather than a sentence
  {
    field: 'terms',
    pattern: label(
      '(?:conditions|modalites|delai)\\s*(?:de\\s*(?:paiement|reglement))?|(?:payment\\s*)?terms|reglement|paiement',
    ),
    tier: 3,
    directions: ALL,
    name: 'Conditions de paiement',
  },
  {
    field: 'other',
    pattern: label(
      'ship\\s*to|deliver(?:y)?\\s*(?:to|address)|livr(?:er|e|aison)\\s*a|adresse\\s*de\\s*livraison|lieu\\s*de\\s*livraison|date\\s*de\\s*livraison|bon\\s*de\\s*commande|p\\.?o\\.?\\s*(?:#|no\\.?|number)?|order\\s*(?:#|no\\.?|number|date)|commande|reference|ref\\.?|description|designation|quantite|qte|qty|prix|price|rate|montant|amount|item|prestation|unit',
    ),
    tier: 2,
    directions: [],
    name: 'other',
  },
];

/** True when a folded segment is itself a label (so it cannot be another label's value). */
export function isLabel(folded: string): boolean {
  return LABEL_RULES.some((rule) => rule.tier >= 2 && rule.pattern.test(folded) && !hasValueAfter(rule, folded));
}

function hasValueAfter(rule: LabelRule, folded: string): boolean {
  const m = rule.pattern.exec(folded);
  return m !== null && folded.slice(m[0].length).trim() !== '';
}
