/**
 * Issue #10, document readers: the Textract AnalyzeExpense / GetExpenseAnalysis mapper fed mutated copies of the
 * real responses (test/data/fixtures/textract), the local reader's layout heuristics fed mutated text items, and
 * the local PDF reader fed damaged PDF bytes.
 * Properties: the mapper never throws and answers an outcome whose fields are well formed; for responses that keep
 * the SDK's types (any field may be absent, strings and numbers may hold anything) it never falls back to its
 * "unreadable response" safety net, which would hide a crash and lose the document to a failure. The heuristics
 * never throw; the PDF reader always answers an outcome with a known failure code. FUZZ_RUNS multiplies the runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExpenseResponse, mapExpenseResponse } from '#shared/adapters/aws/textract/expense-mapper.ts';
import { extractInvoiceFields } from '#shared/adapters/local/pdf-reader/invoice-heuristics.ts';
import { readInvoicePdf } from '#shared/adapters/local/pdf-reader/read-invoice-pdf.ts';
import { layoutPage, type PositionedText } from '#shared/adapters/local/pdf-reader/text-layout.ts';
import { isIsoDate } from '#shared/domain/calendar-date.ts';
import type {
  ExtractedField,
  ExtractedInvoice,
  ExtractionOutcome,
} from '#shared/domain/documents/extracted-invoice.ts';
import type { Money } from '#shared/domain/money.ts';
import { invoicePdf } from '../support/invoice-pdf.ts';
import {
  byteFlips,
  flipBytes,
  mutatedJson,
  mutateText,
  nastyNumber,
  nastyString,
  PROPERTY_TIMEOUT,
  params,
  textMutation,
  typedJson,
} from './support/fuzz.ts';

const TEXTRACT = new URL('../data/fixtures/textract/', import.meta.url);

/** The responses without what the mapper never reads (geometry, WORD blocks): smaller seeds, faster mutations. */
function slim(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((v) => !(v && typeof v === 'object' && 'BlockType' in v && v.BlockType !== 'LINE')).map(slim);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !['Geometry', 'Relationships', 'Ids'].includes(k))
        .map(([k, v]) => [k, slim(v)]),
    );
  }
  return value;
}

const responses: unknown[] = readdirSync(TEXTRACT)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => slim(JSON.parse(readFileSync(new URL(f, TEXTRACT), 'utf8'))));

const FAILURE_CODES = ['encrypted', 'corrupt', 'too_large', 'no_text', 'unsupported', 'provider_failed'];

function wellFormedField(field: ExtractedField<unknown> | undefined): void {
  if (!field) return;
  expect(field.confidence).toBeGreaterThanOrEqual(0);
  expect(field.confidence).toBeLessThanOrEqual(1);
  expect(field.source).toEqual(expect.any(String));
}

function wellFormedOutcome(outcome: ExtractionOutcome): void {
  expect(['extracted', 'not_ready', 'failed']).toContain(outcome.kind);
  if (outcome.kind === 'failed') {
    expect(FAILURE_CODES).toContain(outcome.code);
    expect(outcome.reason).not.toBe('');
    return;
  }
  if (outcome.kind !== 'extracted') return;
  const invoice: ExtractedInvoice = outcome.invoice;
  expect(Number.isFinite(invoice.pages)).toBe(true);
  for (const field of Object.values(invoice)) {
    if (field && typeof field === 'object') wellFormedField(field as ExtractedField<unknown>);
  }
  for (const money of [invoice.total?.value, invoice.amountDue?.value] as (Money | undefined)[]) {
    if (!money) continue;
    expect(Number.isSafeInteger(money.amount)).toBe(true);
    expect(money.currency).toMatch(/^[A-Z]{3}$/);
  }
  if (invoice.currency) expect(invoice.currency.value).toMatch(/^[A-Z]{3}$/);
  for (const date of [invoice.issueDate?.value, invoice.dueDate?.value]) {
    if (date !== undefined) expect(isIsoDate(date)).toBe(true);
  }
}

// ---- Type-valid responses -----------------------------------------------------------------------------------------

// Every AWS SDK field is optional: deleting a key keeps the type; strings stay strings, numbers numbers.
const typedResponse = typedJson(responses).map((r) => r as ExpenseResponse);
const stringValue = nastyString;
const numberValue = nastyNumber;

/** A field Textract could send: the mapper's favourite types with nasty texts, labels, currencies and groups. */
const expenseField = fc.record(
  {
    Type: fc.record({
      Text: fc.constantFrom(
        'TOTAL',
        'AMOUNT_DUE',
        'INVOICE_RECEIPT_ID',
        'INVOICE_RECEIPT_DATE',
        'DUE_DATE',
        'PAYMENT_TERMS',
        'VENDOR_NAME',
        'RECEIVER_NAME',
        'VENDOR_VAT_NUMBER',
        'RECEIVER_VAT_NUMBER',
        'TAX_PAYER_ID',
        'NAME',
        'OTHER',
        'SUBTOTAL',
      ),
      Confidence: numberValue,
    }),
    LabelDetection: fc.record({ Text: stringValue, Confidence: numberValue }),
    ValueDetection: fc.record({ Text: stringValue, Confidence: numberValue }),
    Currency: fc.record({ Code: stringValue, Confidence: numberValue }),
    GroupProperties: fc.array(fc.record({ Types: fc.array(stringValue, { maxLength: 2 }), Id: fc.string() }), {
      maxLength: 2,
    }),
    PageNumber: numberValue,
  },
  { requiredKeys: [] },
);

const builtResponse = fc
  .record({
    JobStatus: fc.constantFrom(undefined, 'SUCCEEDED', 'PARTIAL_SUCCESS'),
    DocumentMetadata: fc.record({ Pages: numberValue }),
    ExpenseDocuments: fc.array(
      fc.record({
        ExpenseIndex: fc.nat(),
        SummaryFields: fc.array(expenseField, { maxLength: 8 }),
        Blocks: fc.array(fc.record({ BlockType: fc.constant('LINE'), Text: stringValue, Confidence: numberValue }), {
          maxLength: 4,
        }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map((r) => JSON.parse(JSON.stringify(r)) as ExpenseResponse);

describe('Textract expense mapper', () => {
  it(
    'never throws on mutated responses of any shape',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            mutatedJson(responses),
            fc.array(mutatedJson(responses), { minLength: 1, maxLength: 3 }),
            fc.jsonValue({ maxDepth: 3 }),
          ),
          (response) => {
            // Of a shape the SDK never returns, only this is promised: an outcome, never an exception.
            const outcome = mapExpenseResponse(response as ExpenseResponse);
            expect(['extracted', 'not_ready', 'failed']).toContain(outcome.kind);
            if (outcome.kind === 'failed') expect(FAILURE_CODES).toContain(outcome.code);
          },
        ),
        params(0x7e47, 1000),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'maps every type-valid response (fields missing, texts and numbers mangled) without its safety net',
    () => {
      const kinds = { extracted: 0, not_ready: 0, failed: 0 };
      fc.assert(
        fc.property(
          fc.oneof(
            { weight: 3, arbitrary: typedResponse },
            { weight: 1, arbitrary: fc.array(typedResponse, { minLength: 1, maxLength: 3 }) },
            { weight: 2, arbitrary: builtResponse },
          ),
          (response) => {
            const outcome = mapExpenseResponse(response);
            wellFormedOutcome(outcome);
            kinds[outcome.kind]++;
            if (outcome.kind === 'failed') expect(outcome.reason).not.toMatch(/^unreadable Textract response/);
          },
        ),
        params(0x7e48, 1000),
      );
      expect(kinds.extracted).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );
});

// ---- The local reader --------------------------------------------------------------------------------------------

/** The French invoice of test/support/invoice-pdf.ts as pdf.js reports it (y from the bottom of an A4 page). */
const FRENCH_ITEMS: PositionedText[] = (
  [
    ['Atelier Numérique SAS', 50, 50, 15],
    ['12 rue des Lilas, 69003 Lyon', 50, 72, 9],
    ['SIRET : 443 061 841 00047', 50, 84, 9],
    ['N° TVA intracom. FR 64 443 061 841', 50, 96, 9],
    ['FACTURE N° F-2026-0042', 330, 50, 16],
    ['Date :', 330, 80, 9],
    ['15/01/2026', 430, 80, 9],
    ['Échéance :', 330, 93, 9],
    ['14 février 2026', 430, 93, 9],
    ['Client :', 330, 160, 10],
    ['Librairie Papillon SARL', 330, 175, 10],
    ['factures@papillon.fr', 330, 212, 9],
    ['Conditions de paiement : 30 jours fin de mois', 50, 300, 9],
    ['Total HT', 330, 330, 10],
    ['1\u00a0200,00 €', 480, 330, 10],
    ['TVA 20 %', 330, 346, 10],
    ['240,00 €', 480, 346, 10],
    ['Total TTC', 330, 362, 10],
    ['1\u00a0440,00 €', 480, 362, 10],
    ['IBAN : FR76 3000 6000 0112 3456 7890 189 — BIC BNPAFRPP', 50, 420, 8],
    ['Référence à rappeler : RF18 5390 0754 7034', 50, 432, 8],
  ] as const
).map(([text, x, top, size]) => ({ text, x, y: 842 - top, width: text.length * size * 0.5, size }));

const coordinate = fc.oneof(
  fc.double({ min: -2000, max: 2000, noNaN: true }),
  fc.constantFrom(0, -0, 1e9, -1e9, 0.0001),
);

const mutatedItems = fc
  .tuple(
    fc.array(
      fc.record({
        at: fc.nat(),
        op: fc.constantFrom('text', 'text', 'mutateText', 'x', 'y', 'size', 'width', 'delete', 'duplicate', 'add'),
        text: stringValue,
        mutations: fc.array(textMutation, { minLength: 1, maxLength: 3 }),
        number: coordinate,
      }),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(([ops]) => {
    const items = FRENCH_ITEMS.map((i) => ({ ...i }));
    for (const op of ops) {
      const i = op.at % Math.max(1, items.length);
      const item = items[i];
      if (op.op === 'add' || !item) {
        items.push({ text: op.text, x: op.number, y: 400, width: 50, size: 10 });
        continue;
      }
      if (op.op === 'text') item.text = op.text;
      else if (op.op === 'mutateText') item.text = mutateText(item.text, op.mutations);
      else if (op.op === 'x') item.x = op.number;
      else if (op.op === 'y') item.y = op.number;
      else if (op.op === 'size') item.size = Math.abs(op.number);
      else if (op.op === 'width') item.width = op.number;
      else if (op.op === 'delete') items.splice(i, 1);
      else items.push({ ...item });
    }
    return items;
  });

describe('local PDF reader', () => {
  it(
    'reads mutated text layouts into a well-formed invoice, never throwing',
    () => {
      fc.assert(
        fc.property(mutatedItems, fc.array(mutatedItems, { maxLength: 1 }), (page1, more) => {
          const pages = [page1, ...more].map((items, i) => layoutPage(i + 1, 595, 842, items));
          wellFormedOutcome({ kind: 'extracted', invoice: extractInvoiceFields(pages) });
        }),
        params(0x9df1, 1000),
      );
    },
    PROPERTY_TIMEOUT,
  );

  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await invoicePdf({ number: 'F-FUZZ-1' });
  });

  it(
    'answers an outcome with a known code for damaged PDF bytes, never throwing',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            // Text-level damage inside the PDF's structure (object syntax, xref offsets, stream lengths).
            fc
              .array(textMutation, { minLength: 1, maxLength: 3 })
              .map((ms) => new Uint8Array(Buffer.from(mutateText(Buffer.from(pdf).toString('latin1'), ms), 'latin1'))),
            byteFlips.map((flips) => flipBytes(pdf, flips.length ? flips : [[pdf.length >> 1, 0]])),
            fc.nat({ max: pdf.length }).map((n) => pdf.slice(0, n)),
            fc.uint8Array({ maxLength: 200 }).map((tail) => new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...tail])),
          ),
          async (bytes) => {
            const outcome = await readInvoicePdf(bytes);
            wellFormedOutcome(outcome);
          },
        ),
        params(0x9df2, 120),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
