/**
 * Maps Textract AnalyzeExpense / GetExpenseAnalysis responses to an ExtractedInvoice.
 *
 * Input → output: the raw service response(s) → an ExtractionOutcome. Steps:
 * 1. job status first: IN_PROGRESS is "not ready yet", FAILED a failure, never an empty invoice;
 * 2. flatten every ExpenseDocument of every page into field candidates (expense-fields.ts);
 * 3. the document currency (Textract's Currency.Code, else symbols in the amounts) and date order
 *    (unambiguous dates of the same document, else USD → M/D, else D/M);
 * 4. each invoice field from its candidates, parsed; a value that does not parse is not a candidate;
 * 5. identifiers (SIREN/SIRET, French VAT, IBAN, RF reference) by checked pattern over all the text;
 * 6. the due date completed from the terms or the legal default.
 */
import {
  completeDueDate,
  type ExtractedField,
  type ExtractedInvoice,
  type ExtractionOutcome,
  withoutEmptyFields,
} from '#shared/domain/documents/extracted-invoice.ts';
import { findEmail } from '#shared/domain/documents/identifiers.ts';
import {
  type DateOrder,
  detectCurrency,
  findFrenchVat,
  findIban,
  findRfReference,
  findSiren,
  findSiret,
  foldText,
  foldWord,
  inferDateOrder,
  isValidFrenchVat,
  parseAmount,
  parseDate,
} from '#shared/domain/documents/normalize.ts';
import { parsePaymentTerms } from '#shared/domain/documents/payment-terms.ts';
import type { CurrencyCode, Money } from '#shared/domain/money.ts';
import {
  collectExpenseContent,
  type ExpenseResponse,
  type FieldCandidate,
  pickBest,
  type Reading,
  type TextPiece,
} from './expense-fields.ts';

export type { ExpenseResponse } from './expense-fields.ts';

/** Removes a label Textract left inside the value ("Invoice #1258" with label "Invoice #" → "1258"). */
function stripLabel(value: string, label: string): string {
  let v = foldText(value);
  const l = label.replace(/[\s:#.]+$/, '');
  if (l && v.toLowerCase().startsWith(l.toLowerCase())) v = v.slice(l.length);
  return v.replace(/^[\s:#.-]+/, '').trim();
}

/** Words that introduce an invoice number and are not part of it. */
const NUMBER_PREFIX =
  /^(?:(?:invoice|facture|receipt|bill|inv\.?(?=\s)|number|num[eé]ro|num|no\.?(?=\s|\d)|n[°º]|#|:|-)\s*)+/i;

/** An invoice number: 1–40 characters of letters, digits and "-/._", with at least one digit. */
function readNumber(candidate: FieldCandidate): Reading<string> | undefined {
  const value = stripLabel(candidate.value, candidate.label).replace(NUMBER_PREFIX, '');
  const token = value.split(' ').find((t) => /\d/.test(t)) ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9\-/._]{0,39}$/.test(token)) return undefined;
  // A value that was only the number is a surer reading than a token cut out of a longer text.
  return { value: token, rank: token === value ? 1 : 0 };
}

function dateReader(order: DateOrder) {
  return (candidate: FieldCandidate): Reading<string> | undefined => {
    const value = parseDate(stripLabel(candidate.value, candidate.label), order);
    return value ? { value, rank: 0 } : undefined;
  };
}

/**
 * Label tiers for a TOTAL field. Textract types every "total-ish" amount as TOTAL (Total Paid, Charges, Fee,
 * Balance, Subtotal…), so the printed label decides: an explicit invoice total or amount due wins (3), then other
 * labels with "total"/"amount"/"montant" (2), then no or unrelated label (1); labels naming a part, a payment or a
 * tax come last (0).
 */
function totalLabelTier(label: string): number {
  const l = foldWord(label)
    .replace(/[^a-z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (
    l === 'total' ||
    /\b(?:total ttc|montant ttc|grand total|invoice total|total amount|total due|amount due|balance due|net a payer|montant du|total a payer|amount payable)\b/.test(
      l,
    )
  ) {
    return 3;
  }
  if (
    /\b(?:sub ?total|sous total|ht|hors taxes?|tax|tva|vat|paid|paye|acompte|deposit|discount|remise|previous|charges?|fees?|tip|gratuity)\b/.test(
      l,
    )
  ) {
    return 0;
  }
  if (/\b(?:total|amount|montant)\b/.test(l)) return 2;
  return 1;
}

/** Labels saying the amount is what remains to be paid. */
const AMOUNT_DUE_LABEL =
  /\b(?:amount due|balance due|total due|net a payer|montant du|reste a payer|solde|balance|amount you owe|a payer)\b/;

function amountReader(currency: CurrencyCode, rankOf: (c: FieldCandidate) => number) {
  return (candidate: FieldCandidate): Reading<Money> | undefined => {
    const value = parseAmount(stripLabel(candidate.value, candidate.label), currency);
    return value ? { value, rank: rankOf(candidate) } : undefined;
  };
}

const sameMoney = (a: Money, b: Money): boolean => a.amount === b.amount && a.currency === b.currency;

/**
 * The document currency: the code Textract attached to the amounts (the one on the best TOTAL first), else the
 * symbol or code most amounts are written with, else EUR as an unconfident default (Relance's home currency).
 */
function documentCurrency(
  fields: readonly FieldCandidate[],
  texts: readonly TextPiece[],
): ExtractedField<CurrencyCode> {
  const coded = fields
    .filter((f) => f.currencyCode)
    .sort((a, b) => (b.type === 'TOTAL' ? 1 : 0) - (a.type === 'TOTAL' ? 1 : 0) || b.confidence - a.confidence)[0];
  if (coded?.currencyCode) {
    return {
      value: coded.currencyCode,
      confidence: coded.currencyConfidence ?? coded.confidence,
      source: `textract:Currency on ${coded.type}`,
    };
  }
  const votes = new Map<CurrencyCode, { count: number; confidence: number; type: string }>();
  // TOTAL first, so the source names the field that matters when several agree.
  const monetary = fields
    .filter((f) => /^(?:TOTAL|AMOUNT_DUE|SUBTOTAL|TAX|AMOUNT_PAID|PRIOR_BALANCE)$/.test(f.type))
    .sort((a, b) => Number(b.type === 'TOTAL') - Number(a.type === 'TOTAL'));
  for (const field of monetary) {
    const code = detectCurrency(field.value);
    if (!code) continue;
    const vote = votes.get(code) ?? { count: 0, confidence: 0, type: field.type };
    votes.set(code, {
      count: vote.count + 1,
      confidence: Math.max(vote.confidence, field.confidence),
      type: vote.type,
    });
  }
  const [best] = [...votes.entries()].sort((a, b) => b[1].count - a[1].count);
  if (best) return { value: best[0], confidence: best[1].confidence, source: `textract:${best[1].type} symbol` };
  const fromText = texts.map((t) => ({ code: detectCurrency(t.text), confidence: t.confidence })).find((t) => t.code);
  if (fromText?.code) {
    return { value: fromText.code, confidence: fromText.confidence * 0.8, source: 'textract:text symbol' };
  }
  return { value: 'EUR', confidence: 0.3, source: 'default currency' };
}

const VENDOR_GROUP = /VENDOR|SUPPLIER|REMIT/;
const RECEIVER_GROUP = /RECEIVER|BILL_TO|SOLD_TO|SHIP_TO/;

function nameReader(typeRanks: Readonly<Record<string, number>>, group: RegExp, shipToPenalty: boolean) {
  return (candidate: FieldCandidate): Reading<string> | undefined => {
    const inGroup = candidate.groups.some((g) => group.test(g));
    const typeRank = typeRanks[candidate.type] ?? (candidate.type === 'NAME' && inGroup ? 1 : undefined);
    if (typeRank === undefined) return undefined;
    const value = stripLabel(candidate.value, candidate.label).split('\n')[0]?.trim() ?? '';
    if (!/\p{L}/u.test(value)) return undefined;
    // A ship-to name is the delivery site; the bill-to name is who owes the money.
    const shipOnly = shipToPenalty && candidate.groups.includes('SHIP_TO') && !candidate.groups.includes('BILL_TO');
    return { value, rank: typeRank - (shipOnly ? 0.5 : 0) };
  };
}

function vatReader(types: readonly string[], group: RegExp) {
  return (candidate: FieldCandidate): Reading<string> | undefined => {
    const typed = types.includes(candidate.type);
    const payerId = candidate.type === 'TAX_PAYER_ID' && candidate.groups.some((g) => group.test(g));
    if (!typed && !payerId) return undefined;
    const value = stripLabel(candidate.value, candidate.label).toUpperCase().replace(/[\s.]/g, '');
    if (!/^[A-Z0-9-]{4,20}$/.test(value)) return undefined;
    // A French number whose key does not match its SIREN is a misread.
    if (value.startsWith('FR') && /^FR[0-9A-Z]{2}\d{9}$/.test(value) && !isValidFrenchVat(value)) return undefined;
    return { value, rank: typed ? 1 : 0 };
  };
}

/** An identifier found by pattern in the first text piece that holds one, with that piece's OCR confidence. */
function findInTexts(
  texts: readonly TextPiece[],
  find: (text: string) => string | undefined,
  name: string,
): ExtractedField<string> | undefined {
  for (const piece of texts) {
    const value = find(piece.text);
    if (value) return { value, confidence: piece.confidence, source: `textract:text pattern ${name}` };
  }
  // An identifier split across two lines is still found in the joined text, with less certainty.
  const joined = texts.map((t) => t.text).join('\n');
  const value = find(joined);
  return value ? { value, confidence: 0.6, source: `textract:text pattern ${name}` } : undefined;
}

function ofType(fields: readonly FieldCandidate[], ...types: string[]): FieldCandidate[] {
  return fields.filter((f) => types.includes(f.type));
}

function buildInvoice(responses: readonly ExpenseResponse[]): ExtractionOutcome {
  const { fields, texts, pages, documents } = collectExpenseContent(responses);
  if (documents === 0) {
    return { kind: 'failed', code: 'no_text', reason: 'Textract returned no expense document for this file' };
  }
  const currency = documentCurrency(fields, texts);
  const dateTexts = ofType(fields, 'INVOICE_RECEIPT_DATE', 'DUE_DATE', 'ORDER_DATE', 'DELIVERY_DATE').map((f) =>
    stripLabel(f.value, f.label),
  );
  const order = inferDateOrder(dateTexts, currency.value);

  const totalCandidates = ofType(fields, 'TOTAL');
  const total = pickBest(
    totalCandidates,
    amountReader(currency.value, (c) => totalLabelTier(c.label)),
    sameMoney,
  );
  const dueCandidates = fields.filter(
    (f) =>
      f.type === 'AMOUNT_DUE' ||
      ((f.type === 'TOTAL' || f.type === 'OTHER') && AMOUNT_DUE_LABEL.test(foldWord(f.label))),
  );
  const amountDue = pickBest(
    dueCandidates,
    amountReader(currency.value, (c) => (c.type === 'AMOUNT_DUE' ? 2 : c.type === 'TOTAL' ? 1 : 0)),
    sameMoney,
  );
  const terms = pickBest(ofType(fields, 'PAYMENT_TERMS'), (c) => {
    const value = stripLabel(c.value, c.label);
    return value && parsePaymentTerms(value) ? { value, rank: 0 } : undefined;
  });
  const receiverTexts = fields
    .filter((f) => f.type.startsWith('RECEIVER') || f.groups.some((g) => RECEIVER_GROUP.test(g)))
    .map((f) => ({ text: f.value, confidence: f.confidence }));

  const invoice: ExtractedInvoice = {
    pages,
    number: pickBest(ofType(fields, 'INVOICE_RECEIPT_ID'), readNumber),
    issueDate: pickBest(ofType(fields, 'INVOICE_RECEIPT_DATE'), dateReader(order)),
    dueDate: pickBest(ofType(fields, 'DUE_DATE'), dateReader(order)),
    paymentTerms: terms,
    total,
    amountDue,
    currency,
    sellerName: pickBest(fields, nameReader({ VENDOR_NAME: 2 }, VENDOR_GROUP, false)),
    buyerName: pickBest(fields, nameReader({ RECEIVER_NAME: 2 }, RECEIVER_GROUP, true)),
    sellerVatNumber:
      pickBest(fields, vatReader(['VENDOR_VAT_NUMBER'], VENDOR_GROUP)) ?? findInTexts(texts, findFrenchVat, 'FR VAT'),
    buyerVatNumber: pickBest(fields, vatReader(['RECEIVER_VAT_NUMBER'], RECEIVER_GROUP)),
    siren: findInTexts(texts, findSiren, 'SIREN'),
    siret: findInTexts(texts, findSiret, 'SIRET'),
    iban: findInTexts(texts, findIban, 'IBAN'),
    rfReference: findInTexts(texts, findRfReference, 'RF'),
    buyerEmail: findInTexts(receiverTexts, findEmail, 'e-mail'),
  };
  return { kind: 'extracted', invoice: completeDueDate(withoutEmptyFields(invoice)) };
}

/**
 * Maps an AnalyzeExpense response, a GetExpenseAnalysis response, or all the NextToken pages of one
 * GetExpenseAnalysis job, to an extraction outcome. Never throws: a response of an unexpected shape becomes a
 * 'provider_failed' outcome.
 */
export function mapExpenseResponse(response: ExpenseResponse | readonly ExpenseResponse[]): ExtractionOutcome {
  const responses: readonly ExpenseResponse[] = Array.isArray(response) ? response : [response as ExpenseResponse];
  if (!responses.every((r) => r !== null && typeof r === 'object')) {
    return { kind: 'failed', code: 'provider_failed', reason: 'unreadable Textract response: not an object' };
  }
  const statuses = responses.map((r) => ('JobStatus' in r ? r.JobStatus : undefined));
  if (statuses.includes('IN_PROGRESS')) return { kind: 'not_ready' };
  const failed = responses.find((r) => 'JobStatus' in r && r.JobStatus === 'FAILED');
  if (failed) {
    const message = 'StatusMessage' in failed && failed.StatusMessage ? failed.StatusMessage : 'no message';
    return { kind: 'failed', code: 'provider_failed', reason: `Textract expense analysis failed: ${message}` };
  }
  try {
    return buildInvoice(responses);
  } catch (error) {
    return {
      kind: 'failed',
      code: 'provider_failed',
      reason: `unreadable Textract response: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
