/**
 * Layout-aware heuristics that turn the text layout of an invoice PDF into an ExtractedInvoice.
 *
 * Input → output: the pages' lines and segments (text-layout.ts) → the invoice fields, each with a confidence and
 * the label it was read from. Steps:
 * 1. the document currency (symbols and codes next to the amounts) and date order (unambiguous dates of the same
 *    document, else USD → M/D, else D/M);
 * 2. labelled fields (labels.ts): number, issue and due dates, total, amount due, buyer;
 * 3. fallbacks for what invoices often print without a label: "Facture n° X du <date>", "Paris, le <date>",
 *    the seller's name as the most prominent line at the top of the first page, the largest amount of the last page;
 * 4. identifiers by checked pattern (SIREN/SIRET, VAT, IBAN, RF), keeping the buyer's block apart so the
 *    seller's identifiers are not confused with the client's;
 * 5. payment terms from the sentence that states them, then the due-date completion rule of the domain.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import {
  completeDueDate,
  type ExtractedField,
  type ExtractedInvoice,
  withoutEmptyFields,
} from '#shared/domain/documents/extracted-invoice.ts';
import { findEmail } from '#shared/domain/documents/identifiers.ts';
import {
  type DateOrder,
  detectCurrency,
  findDateTexts,
  findFrenchVat,
  findIban,
  findRfReference,
  findSiren,
  findSiret,
  foldText,
  foldWord,
  inferDateOrder,
  parseAmount,
  parseDate,
} from '#shared/domain/documents/normalize.ts';
import { parsePaymentTerms } from '#shared/domain/documents/payment-terms.ts';
import type { CurrencyCode, Money } from '#shared/domain/money.ts';
import { bestCandidate, type FoldedSegment, labelledCandidates, toField } from './field-candidates.ts';
import { LABEL_RULES } from './labels.ts';
import { blockBelow, type PageLayout, type Segment } from './text-layout.ts';

/** Words that introduce an invoice number and are not part of it. */
const NUMBER_PREFIX = /^(?:(?:n[°o]\.?|no\.|num(?:ero|\.)?|number|#|:|-)\s*)+/i;

/** An invoice number: the first token, 1–30 letters, digits and "-/._" with at least one digit, and not a date. */
function readNumber(text: string): string | undefined {
  const token = foldText(text).replace(NUMBER_PREFIX, '').split(' ')[0] ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9\-/._]{0,29}$/.test(token) || !/\d/.test(token)) return undefined;
  if (parseDate(token, 'dmy')) return undefined;
  return token.replace(/[.]$/, '');
}

/** A date printed at the start of the text ("15/01/2026", "15 janvier 2026 (livraison le …)" → the first). */
function dateReader(order: DateOrder) {
  return (text: string): IsoDate | undefined => {
    const direct = parseDate(text, order);
    if (direct) return direct;
    const first = findDateTexts(text)[0];
    return first && foldWord(text).startsWith(first) ? parseDate(first, order) : undefined;
  };
}

const NOT_A_NAME = /^(?:n[°o]\b|no\.|number|numero|id\b|ref|code|#|nr\b|po\b|siret|siren|tva|vat|tel|phone|e-?mail)/;

/** A party name: has letters, does not start with a digit (an address), and is neither a label nor an identifier. */
function readName(text: string): string | undefined {
  const value = foldText(text).replace(/[:\s]+$/, '');
  const folded = foldWord(value);
  if (value.length < 2 || value.length > 80 || !/\p{L}.*\p{L}/u.test(value)) return undefined;
  if (/^\d/.test(value) || NOT_A_NAME.test(folded) || value.includes('@')) return undefined;
  // Text that starts like a label is a label, even with words after it ("Date de livraison").
  if (LABEL_RULES.some((r) => r.pattern.test(folded))) return undefined;
  return value;
}

/** The document currency: the code or symbol most segments with a digit are written with. */
function documentCurrency(segments: readonly FoldedSegment[]): ExtractedField<CurrencyCode> {
  const votes = new Map<CurrencyCode, number>();
  for (const { segment } of segments) {
    if (!/\d/.test(segment.text) && segment.text.length > 12) continue;
    const code = detectCurrency(segment.text);
    if (code) votes.set(code, (votes.get(code) ?? 0) + 1);
  }
  const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  if (!best) return { value: 'EUR', confidence: 0.5, source: 'default currency' };
  return { value: best[0], confidence: 0.9, source: `pdf:currency marks (${best[1]})` };
}

/** "Facture n° 2026-07 du 3 mars 2026", "Invoice 42 dated 3 March 2026": an issue date inside the title. */
function titleIssueDate(segments: readonly FoldedSegment[], order: DateOrder): ExtractedField<IsoDate> | undefined {
  for (const { folded } of segments) {
    const m = /^(?:facture|invoice)\b.*?\b(?:du|dated|of|en date du|le)\s+(.+)$/.exec(folded);
    const value = m?.[1] ? dateReader(order)(m[1]) : undefined;
    if (value) return { value, confidence: 0.9, source: 'pdf:title "Facture … du"' };
  }
  return undefined;
}

/** "Paris, le 15 janvier 2026" / "Le 15/01/2026": the French letter-style date line, on the first page. */
function placeDateLine(segments: readonly FoldedSegment[], order: DateOrder): ExtractedField<IsoDate> | undefined {
  for (const { segment, folded } of segments) {
    if (segment.page !== 1) continue;
    const m = /^(?:[a-z' -]{2,30},\s*)?le\s+(.+)$/.exec(folded);
    const value = m?.[1] ? dateReader(order)(m[1]) : undefined;
    if (value) return { value, confidence: 0.85, source: 'pdf:"<ville>, le <date>"' };
  }
  return undefined;
}

/** Words of lines whose dates are not the issue date. */
const OTHER_DATES =
  /livraison|delivery|echeance|due|penalit|service|periode|period|commande|order|naissance|du \d|from|to\b|au\b/;

/** Last resort: the first date on the first page written with a four-digit year or a month name. */
function firstDate(
  pages: readonly PageLayout[],
  order: DateOrder,
  exclude?: IsoDate,
): ExtractedField<IsoDate> | undefined {
  for (const line of pages[0]?.lines ?? []) {
    for (const segment of line.segments) {
      if (OTHER_DATES.test(foldWord(segment.text))) continue;
      for (const text of findDateTexts(segment.text)) {
        if (!/\d{4}|[a-z]{3}/.test(text)) continue;
        const value = parseDate(text, order);
        if (value && value !== exclude) return { value, confidence: 0.6, source: 'pdf:first date on page 1' };
      }
    }
  }
  return undefined;
}

const TITLE_WORDS = /^(?:facture|invoice|devis|avoir|credit note|receipt|note d'honoraires|bill|quote|page)\b/;
const LEGAL_FORM = /\b(?:sas|sasu|sarl|eurl|sa|sci|snc|scop|ei|eirl|ltd|llc|inc|gmbh|plc|limited|corp|bv|srl|sl)\b\.?/i;

/**
 * The seller's name when no "From"/"Émetteur" label gives it: among the segments in the top quarter of the first
 * page that are neither labels, titles, numbers, contact details nor the buyer's block, the one in the largest
 * type, then the highest, then the leftmost (the letterhead).
 */
function letterheadName(
  pages: readonly PageLayout[],
  exclude: ReadonlySet<Segment>,
): ExtractedField<string> | undefined {
  const first = pages[0];
  if (!first) return undefined;
  const candidates = first.lines
    .flatMap((line) => line.segments)
    .filter((s) => s.y > first.height * 0.72 && !exclude.has(s))
    .filter((s) => {
      const folded = foldWord(s.text);
      return (
        !TITLE_WORDS.test(folded) && !/[@]|www\.|https?:|\d{2}[ .]?\d{2}[ .]?\d{2}/.test(folded) && readName(s.text)
      );
    })
    .sort((a, b) => b.size - a.size || b.y - a.y || a.x0 - b.x0);
  const best = candidates[0];
  if (!best) return undefined;
  const value = readName(best.text) ?? best.text;
  return { value, confidence: LEGAL_FORM.test(value) ? 0.8 : 0.7, source: 'pdf:letterhead (largest text at the top)' };
}

/** A postcode line: French (5 digits), US ("TX 78701"), British ("M2 4LQ"). */
const POSTCODE = /\b\d{5}\b|\b[A-Z]{2} \d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b/;

/**
 * The buyer's name when no label introduces it: French invoices often print the client's address block alone in
 * the right half of the first page's top (the window-envelope position). The first line of such a block — a name
 * followed within four lines by a postcode — is taken, with a confidence that sends the invoice to review.
 */
function addressBlockName(pages: readonly PageLayout[], sellerName?: string): ExtractedField<string> | undefined {
  const first = pages[0];
  if (!first) return undefined;
  for (const line of first.lines) {
    if (line.y < first.height * 0.5) break;
    for (const segment of line.segments) {
      if (segment.x0 < first.width * 0.4) continue;
      const name = readName(segment.text);
      if (!name || TITLE_WORDS.test(foldWord(name)) || (sellerName && foldWord(name) === foldWord(sellerName)))
        continue;
      const block = blockBelow(first, segment, 4);
      const postcodeAt = block.findIndex((s) => POSTCODE.test(s.text));
      // "Label : value" lines before the postcode make it a references block, not an address.
      if (postcodeAt < 0 || block.slice(0, postcodeAt).some((s) => s.text.includes(':'))) continue;
      return { value: name, confidence: 0.7, source: 'pdf:address block on the right (no label)' };
    }
  }
  return undefined;
}

/** Sentences that state payment terms, not penalties or discounts ("Paiement à 30 jours fin de mois"). */
const TERMS_CONTEXT = /paiement|payment|payable|reglement|regler|conditions|terms|delai|echeance|\bnet ?\d|due/;
const NOT_TERMS = /penalit|retard|late|indemnit|escompte|interest|interet|recouvrement|taux|rate|fee|frais/;

function paymentTerms(pages: readonly PageLayout[]): ExtractedField<string> | undefined {
  for (const page of pages) {
    for (const line of page.lines) {
      for (const sentence of line.text.split(/\t|(?<=\.)\s+|;/)) {
        const folded = foldWord(sentence);
        if (!TERMS_CONTEXT.test(folded) || NOT_TERMS.test(folded) || !parsePaymentTerms(sentence)) continue;
        return { value: foldText(sentence), confidence: 0.9, source: 'pdf:payment terms sentence' };
      }
    }
  }
  return undefined;
}

/** A payment-terms value ("30 jours", "Net 30", "À réception"), kept as printed for the review screen. */
function readTerms(text: string): string | undefined {
  return parsePaymentTerms(text) ? foldText(text) : undefined;
}

/** A VAT number as printed after a "TVA"/"VAT" label: French numbers must pass their key check. */
function readVat(text: string): string | undefined {
  const french = findFrenchVat(text);
  if (french) return french;
  const compact = foldText(text).toUpperCase().replace(/[\s.]/g, '');
  const m = /^([A-Z]{2}[0-9A-Z+*]{2,13})(?:\b|$)/.exec(compact);
  if (!m?.[1] || m[1].startsWith('FR') || !/\d{5}/.test(m[1])) return undefined;
  return m[1];
}

const field = <T>(value: T | undefined, confidence: number, source: string): ExtractedField<T> | undefined =>
  value === undefined ? undefined : { value, confidence, source };

/** Reads the invoice fields from the laid-out pages of one document. */
export function extractInvoiceFields(pages: readonly PageLayout[]): ExtractedInvoice {
  const segments: FoldedSegment[] = pages.flatMap((p) =>
    p.lines.flatMap((l) => l.segments.map((segment) => ({ segment, folded: foldWord(segment.text) }))),
  );
  const currency = documentCurrency(segments);
  const allText = pages.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n');
  const order = inferDateOrder(findDateTexts(allText), currency.value);
  const readDate = dateReader(order);
  const readMoney = (text: string): Money | undefined => parseAmount(text, currency.value);

  const number = bestCandidate(labelledCandidates(pages, segments, 'number', readNumber), 'first');
  const due = bestCandidate(labelledCandidates(pages, segments, 'dueDate', readDate), 'first');
  const issue = bestCandidate(labelledCandidates(pages, segments, 'issueDate', readDate), 'first');
  const total = bestCandidate(labelledCandidates(pages, segments, 'total', readMoney), 'last');
  const amountDue = bestCandidate(labelledCandidates(pages, segments, 'amountDue', readMoney), 'last');
  // A name sits next to its label; text far to the right belongs to another block ("Bill To:   Ship To:").
  const buyer = bestCandidate(labelledCandidates(pages, segments, 'buyer', readName, { maxRightGap: 150 }), 'first');
  const termsLabel = bestCandidate(labelledCandidates(pages, segments, 'terms', readTerms, { wraps: true }), 'first');
  const seller = bestCandidate(labelledCandidates(pages, segments, 'seller', readName), 'first');

  // The buyer's block: its label, its name and the address lines under it.
  const buyerBlock = new Set<Segment>();
  if (buyer) {
    const layout = pages[buyer.at.page - 1];
    buyerBlock.add(buyer.at);
    buyerBlock.add(buyer.from);
    if (layout) for (const s of blockBelow(layout, buyer.from)) buyerBlock.add(s);
  }
  const buyerText = [...buyerBlock].map((s) => s.text).join('\n');
  const sellerText = segments
    .filter((s) => !buyerBlock.has(s.segment))
    .map((s) => s.segment.text)
    .join('\n');

  const vats = labelledCandidates(pages, segments, 'vat', readVat);
  const buyerVat = vats.find((v) => buyerBlock.has(v.at)) ?? undefined;
  const sellerVat = vats.find((v) => !buyerBlock.has(v.at));
  const buyerVatInBlock = buyerVat ? undefined : findFrenchVat(buyerText);

  const issueDate =
    (issue ? toField(issue) : undefined) ??
    titleIssueDate(segments, order) ??
    placeDateLine(segments, order) ??
    firstDate(pages, order, due?.value);
  const totalField =
    (total ? toField(total) : undefined) ??
    (amountDue ? toField(amountDue) : undefined) ??
    largestAmount(pages, readMoney);

  const sellerName = (seller ? toField(seller) : undefined) ?? letterheadName(pages, buyerBlock);
  const buyerName = buyer ? toField(buyer) : addressBlockName(pages, sellerName?.value);

  const invoice: ExtractedInvoice = {
    pages: pages.length,
    number: number ? toField(number) : undefined,
    issueDate,
    dueDate: due ? toField(due) : undefined,
    paymentTerms: termsLabel ? toField(termsLabel) : paymentTerms(pages),
    total: totalField,
    amountDue: amountDue ? toField(amountDue) : undefined,
    currency,
    sellerName,
    buyerName,
    sellerVatNumber: sellerVat ? toField(sellerVat) : field(findFrenchVat(sellerText), 0.85, 'pdf:pattern FR VAT'),
    buyerVatNumber: buyerVat ? toField(buyerVat) : field(buyerVatInBlock, 0.85, 'pdf:pattern FR VAT in client block'),
    siren: field(findSiren(sellerText), 0.9, 'pdf:pattern SIREN'),
    siret: field(findSiret(sellerText), 0.9, 'pdf:pattern SIRET'),
    iban: field(findIban(allText), 0.95, 'pdf:pattern IBAN'),
    rfReference: field(findRfReference(allText), 0.95, 'pdf:pattern RF'),
    buyerEmail: field(findEmail(buyerText), 0.85, 'pdf:e-mail in client block'),
  };
  return completeDueDate(withoutEmptyFields(invoice));
}

/** No labelled total: the largest amount written with a currency mark on the last page, as a guess. */
function largestAmount(
  pages: readonly PageLayout[],
  readMoney: (text: string) => Money | undefined,
): ExtractedField<Money> | undefined {
  const last = pages[pages.length - 1];
  const amounts = (last?.lines ?? [])
    .flatMap((l) => l.segments)
    .filter((s) => detectCurrency(s.text))
    .flatMap((s) => {
      const value = readMoney(s.text);
      return value ? [value] : [];
    })
    .sort((a, b) => b.amount - a.amount);
  return field(amounts[0], 0.5, 'pdf:largest amount on the last page');
}
