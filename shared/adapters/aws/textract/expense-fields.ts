/**
 * Flattens Textract AnalyzeExpense / GetExpenseAnalysis responses into plain field candidates and text lines,
 * and picks the best candidate for a field. Textract repeats fields (several TOTAL, DUE_DATE or VENDOR_NAME per
 * document, one set per ExpenseDocument and per result page), so every reader rule works on candidates.
 */
import type {
  AnalyzeExpenseResponse,
  ExpenseDocument,
  ExpenseField,
  GetExpenseAnalysisResponse,
} from '@aws-sdk/client-textract';
import type { ExtractedField } from '#shared/domain/documents/extracted-invoice.ts';
import { foldText } from '#shared/domain/documents/normalize.ts';

/** Either response shape; the SDK's `…CommandOutput` types are assignable to it. */
export type ExpenseResponse = AnalyzeExpenseResponse | GetExpenseAnalysisResponse;

/** One summary field as the mapper sees it. */
export interface FieldCandidate {
  /** Textract's normalised type: TOTAL, INVOICE_RECEIPT_ID, NAME, OTHER… */
  readonly type: string;
  /** The printed label next to the value ("Grand Total", "N° facture"), '' when Textract found none. */
  readonly label: string;
  readonly value: string;
  /** Textract's type and value confidences combined (both must be right), 0..1. */
  readonly confidence: number;
  readonly page: number;
  /** ISO code Textract attached to a monetary value, if any. */
  readonly currencyCode?: string;
  readonly currencyConfidence?: number;
  /** The group types the field belongs to (VENDOR, RECEIVER, BILL_TO, SHIP_TO, SUPPLIER…). */
  readonly groups: readonly string[];
}

/** A piece of text of the document with the OCR confidence it came with, for identifier patterns. */
export interface TextPiece {
  readonly text: string;
  readonly confidence: number;
}

/** Everything the mapper needs from one or several responses. */
export interface ExpenseContent {
  readonly fields: readonly FieldCandidate[];
  readonly texts: readonly TextPiece[];
  readonly pages: number;
  readonly documents: number;
}

/** Textract confidences are percentages; an absent one counts as fully uncertain rather than certain. */
function ratio(percent: number | undefined): number {
  if (percent === undefined || !Number.isFinite(percent)) return 0;
  return Math.min(1, Math.max(0, percent / 100));
}

function toCandidate(field: ExpenseField): FieldCandidate {
  const valueConfidence = ratio(field.ValueDetection?.Confidence);
  // A missing type confidence must not zero a well-read value: the value's own confidence stands alone then.
  const typeConfidence = field.Type?.Confidence === undefined ? 1 : ratio(field.Type.Confidence);
  // Only an ISO 4217 code is a currency; anything else Textract attaches is ignored (the symbols decide then).
  const code = field.Currency?.Code?.trim().toUpperCase();
  return {
    type: field.Type?.Text ?? 'OTHER',
    label: foldText(field.LabelDetection?.Text ?? ''),
    value: field.ValueDetection?.Text ?? '',
    confidence: typeConfidence * valueConfidence,
    page: field.PageNumber ?? 1,
    ...(code && /^[A-Z]{3}$/.test(code)
      ? { currencyCode: code, currencyConfidence: ratio(field.Currency?.Confidence ?? 100) }
      : {}),
    groups: (field.GroupProperties ?? []).flatMap((g) => g.Types ?? []).map((t) => t.toUpperCase()),
  };
}

function documentTexts(document: ExpenseDocument): TextPiece[] {
  const pieces: TextPiece[] = [];
  for (const block of document.Blocks ?? []) {
    if (block.BlockType === 'LINE' && block.Text)
      pieces.push({ text: block.Text, confidence: ratio(block.Confidence) });
  }
  for (const group of document.LineItemGroups ?? []) {
    for (const item of group.LineItems ?? []) {
      for (const field of item.LineItemExpenseFields ?? []) {
        if (field.Type?.Text === 'EXPENSE_ROW' && field.ValueDetection?.Text) {
          pieces.push({ text: field.ValueDetection.Text, confidence: ratio(field.ValueDetection.Confidence) });
        }
      }
    }
  }
  for (const field of document.SummaryFields ?? []) {
    const text = [field.LabelDetection?.Text, field.ValueDetection?.Text].filter(Boolean).join(' ');
    if (text) pieces.push({ text, confidence: ratio(field.ValueDetection?.Confidence) });
  }
  return pieces;
}

/**
 * Collects the summary fields and text of every ExpenseDocument of every response (a multi-page PDF may come back
 * as several ExpenseDocuments, and a GetExpenseAnalysis result as several NextToken pages).
 */
export function collectExpenseContent(responses: readonly ExpenseResponse[]): ExpenseContent {
  const fields: FieldCandidate[] = [];
  const texts: TextPiece[] = [];
  let pages = 0;
  let documents = 0;
  for (const response of responses) {
    pages = Math.max(pages, response.DocumentMetadata?.Pages ?? 0);
    for (const document of response.ExpenseDocuments ?? []) {
      documents += 1;
      for (const field of document.SummaryFields ?? []) fields.push(toCandidate(field));
      texts.push(...documentTexts(document));
    }
  }
  const lastFieldPage = fields.reduce((max, f) => Math.max(max, f.page), 0);
  return { fields, texts, pages: Math.max(pages, lastFieldPage, documents > 0 ? 1 : 0), documents };
}

/** How one candidate reads as a field value, with its preference rank (higher wins before confidence). */
export interface Reading<T> {
  readonly value: T;
  readonly rank: number;
}

/** The source string of a field read from a candidate: 'textract:TOTAL label "Grand Total"'. */
export function sourceOf(candidate: FieldCandidate): string {
  return candidate.label ? `textract:${candidate.type} label "${candidate.label}"` : `textract:${candidate.type}`;
}

/**
 * The best reading among candidates: the highest rank, then the highest confidence, then the earliest page.
 * Candidates whose value does not parse are dropped (their confidence is 0). When several candidates agree on
 * the chosen value, the field gets the best confidence among them: agreement is evidence.
 */
export function pickBest<T>(
  candidates: readonly FieldCandidate[],
  read: (candidate: FieldCandidate) => Reading<T> | undefined,
  same: (a: T, b: T) => boolean = (a, b) => a === b,
): ExtractedField<T> | undefined {
  const readings = candidates.flatMap((candidate) => {
    const reading = read(candidate);
    return reading ? [{ candidate, ...reading }] : [];
  });
  readings.sort(
    (a, b) => b.rank - a.rank || b.candidate.confidence - a.candidate.confidence || a.candidate.page - b.candidate.page,
  );
  const best = readings[0];
  if (!best) return undefined;
  const confidence = Math.max(...readings.filter((r) => same(r.value, best.value)).map((r) => r.candidate.confidence));
  return { value: best.value, confidence, source: sourceOf(best.candidate) };
}
