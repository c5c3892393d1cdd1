/**
 * Benchmark of the local invoice reader: reads every generated invoice PDF, compares the fields with the truth,
 * reports per-field accuracy (and how many wrong values were nonetheless confident, the errors that would slip
 * past the review queue) and milliseconds per page. The baseline, measured on the same documents in the same run,
 * is a naive regular-expression reader over the same extracted text (naive-reader.ts), for the four targeted
 * fields and the time per page. Writes bench/results/documents.md.
 * Run alone with `npx tsx bench/documents/run.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readInvoicePdf } from '#shared/adapters/local/pdf-reader/read-invoice-pdf.ts';
import {
  DEFAULT_CONFIDENCE_THRESHOLD,
  type ExtractedField,
  type ExtractedInvoice,
  isAutoApprovable,
} from '#shared/domain/documents/extracted-invoice.ts';
import { foldWord } from '#shared/domain/documents/normalize.ts';
import { type GeneratedInvoice, generateInvoices, type InvoiceTruth } from './generate-invoices.ts';
import { readInvoicePdfNaively } from './naive-reader.ts';

const INVOICE_COUNT = 60;
const TARGET = 0.95;

interface FieldCheck {
  readonly name: string;
  /** Fields with a target (number, dates, total) must reach 95 %. */
  readonly targeted: boolean;
  readonly applies: (truth: InvoiceTruth) => boolean;
  readonly field: (invoice: ExtractedInvoice) => ExtractedField<unknown> | undefined;
  readonly expected: (truth: InvoiceTruth) => unknown;
  readonly same?: (actual: unknown, expected: unknown) => boolean;
}

const sameName = (a: unknown, b: unknown) => foldWord(String(a)) === foldWord(String(b));

const CHECKS: readonly FieldCheck[] = [
  { name: 'number', targeted: true, applies: () => true, field: (i) => i.number, expected: (t) => t.number },
  { name: 'issue date', targeted: true, applies: () => true, field: (i) => i.issueDate, expected: (t) => t.issueDate },
  { name: 'due date', targeted: true, applies: () => true, field: (i) => i.dueDate, expected: (t) => t.dueDate },
  {
    name: 'total',
    targeted: true,
    applies: () => true,
    field: (i) => i.total,
    expected: (t) => t.total,
    same: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  },
  {
    name: 'buyer name',
    targeted: false,
    applies: () => true,
    field: (i) => i.buyerName,
    expected: (t) => t.buyerName,
    same: sameName,
  },
  { name: 'currency', targeted: false, applies: () => true, field: (i) => i.currency, expected: (t) => t.currency },
  {
    name: 'seller name',
    targeted: false,
    applies: () => true,
    field: (i) => i.sellerName,
    expected: (t) => t.sellerName,
    same: sameName,
  },
  {
    name: 'SIRET',
    targeted: false,
    applies: (t) => t.siret !== undefined,
    field: (i) => i.siret,
    expected: (t) => t.siret,
  },
  {
    name: 'IBAN',
    targeted: false,
    applies: (t) => t.iban !== undefined,
    field: (i) => i.iban,
    expected: (t) => t.iban,
  },
];

interface Reading {
  readonly truth: InvoiceTruth;
  readonly invoice?: ExtractedInvoice;
  readonly failure?: string;
  readonly msPerPage: number;
  /** What the naive baseline reader found in the same PDF (naive-reader.ts). */
  readonly baseline: ExtractedInvoice;
  readonly baselineMsPerPage: number;
}

async function readAll(corpus: readonly GeneratedInvoice[]): Promise<Reading[]> {
  // The first read loads pdf.js and the standard fonts; it is not what a page costs afterwards.
  const warmUp = corpus[0];
  if (warmUp) {
    await readInvoicePdf(warmUp.pdf);
    await readInvoicePdfNaively(warmUp.pdf);
  }
  const readings: Reading[] = [];
  for (const { pdf, truth } of corpus) {
    // Ours, then the baseline on the same bytes: both see the same machine load.
    const started = performance.now();
    const outcome = await readInvoicePdf(pdf);
    const elapsed = performance.now() - started;
    const pages = outcome.kind === 'extracted' ? outcome.invoice.pages : truth.pages;
    const baselineStarted = performance.now();
    const baseline = await readInvoicePdfNaively(pdf);
    const baselineElapsed = performance.now() - baselineStarted;
    readings.push({
      truth,
      msPerPage: elapsed / Math.max(1, pages),
      baseline,
      baselineMsPerPage: baselineElapsed / Math.max(1, baseline.pages),
      ...(outcome.kind === 'extracted'
        ? { invoice: outcome.invoice }
        : { failure: outcome.kind === 'failed' ? outcome.reason : outcome.kind }),
    });
  }
  return readings;
}

const percent = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)} %`);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const BASELINE_HEADER = 'Baseline (naive reader)';

/** Whether `invoice` has the right value for `check`. */
function isRight(check: FieldCheck, invoice: ExtractedInvoice | undefined, truth: InvoiceTruth): boolean {
  const field = invoice ? check.field(invoice) : undefined;
  return field !== undefined && (check.same ?? ((a, b) => a === b))(field.value, check.expected(truth));
}

function timeLine(times: readonly number[]): string {
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  return `mean ${mean.toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`;
}

function report(readings: readonly Reading[]): string {
  const rows: string[] = [];
  const misses: string[] = [];
  const baselineMisses: string[] = [];
  let allMet = true;
  for (const check of CHECKS) {
    const relevant = readings.filter((r) => check.applies(r.truth));
    let correct = 0;
    let confidentWrong = 0;
    for (const r of relevant) {
      const field = r.invoice ? check.field(r.invoice) : undefined;
      const expected = check.expected(r.truth);
      const ok = field !== undefined && (check.same ?? ((a, b) => a === b))(field.value, expected);
      if (ok) correct += 1;
      else {
        if (field && field.confidence >= DEFAULT_CONFIDENCE_THRESHOLD) confidentWrong += 1;
        misses.push(
          `| ${r.truth.id} | ${check.name} | ${JSON.stringify(expected)} | ${field ? JSON.stringify(field.value) : (r.failure ?? '—')} | ${field?.source ?? ''} |`,
        );
      }
    }
    const accuracy = relevant.length === 0 ? 1 : correct / relevant.length;
    if (check.targeted && accuracy < TARGET) allMet = false;
    // The naive reader only looks for the four targeted fields.
    let baselineCorrect = 0;
    for (const r of check.targeted ? relevant : []) {
      if (isRight(check, r.baseline, r.truth)) baselineCorrect += 1;
      else {
        const field = check.field(r.baseline);
        baselineMisses.push(
          `| ${r.truth.id} | ${check.name} | ${JSON.stringify(check.expected(r.truth))} | ${field ? JSON.stringify(field.value) : '—'} | ${field?.source ?? ''} |`,
        );
      }
    }
    const baseline = check.targeted
      ? `${percent(baselineCorrect, relevant.length)} (${baselineCorrect}/${relevant.length})`
      : '—';
    rows.push(
      `| ${check.name} | ${correct}/${relevant.length} | ${percent(correct, relevant.length)} | ${confidentWrong} | ${check.targeted ? `≥ ${TARGET * 100} %${accuracy >= TARGET ? ' ✓' : ' ✗'}` : '—'} | ${baseline} |`,
    );
  }
  const pages = readings.reduce((n, r) => n + r.truth.pages, 0);
  const approvable = readings.filter((r) => r.invoice && isAutoApprovable(r.invoice)).length;
  const layouts = [...new Set(readings.map((r) => r.truth.layout))];
  const byLayout = layouts.map((layout) => {
    const docs = readings.filter((r) => r.truth.layout === layout);
    const targeted = CHECKS.filter((c) => c.targeted);
    const perfect = docs.filter((r) => targeted.every((c) => isRight(c, r.invoice, r.truth))).length;
    const baselinePerfect = docs.filter((r) => targeted.every((c) => isRight(c, r.baseline, r.truth))).length;
    return `| ${layout} | ${docs.length} | ${docs.filter((d) => d.truth.language === 'fr').length} fr / ${docs.filter((d) => d.truth.language === 'en').length} en | ${percent(perfect, docs.length)} | ${percent(baselinePerfect, docs.length)} |`;
  });
  return [
    '# Local invoice reader benchmark',
    '',
    `${readings.length} generated invoices (${pages} pages; ${readings.filter((r) => r.truth.pages > 1).length} multi-page; ` +
      `${readings.filter((r) => r.truth.dueDateSource === 'due_date').length} with a printed due date, ` +
      `${readings.filter((r) => r.truth.dueDateSource === 'payment_terms').length} with terms only, ` +
      `${readings.filter((r) => r.truth.dueDateSource === 'legal_default').length} with neither).`,
    '',
    `| Field | Correct | Accuracy | Wrong but confident | Target | ${BASELINE_HEADER} |`,
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Auto-approvable (number, buyer, total, due date all ≥ ${DEFAULT_CONFIDENCE_THRESHOLD}): ${approvable}/${readings.length}.`,
    '',
    `| Layout | Invoices | Languages | Number, dates and total all right | ${BASELINE_HEADER} |`,
    '|---|---|---|---|---|',
    ...byLayout,
    '',
    `Time per page: ${timeLine(readings.map((r) => r.msPerPage))} (after one warm-up read).`,
    `${BASELINE_HEADER}, same documents, same text extraction, read right after ours: ` +
      `${timeLine(readings.map((r) => r.baselineMsPerPage))} per page.`,
    '',
    'The baseline (bench/documents/naive-reader.ts) is the regular-expression reader one writes in an hour over the ' +
      'same text: the token after "Facture"/"Invoice"/"N°" (else the first token with digits and a dash or a slash), the first ' +
      'date as issue date, the second as due date (else issue date + 30 days), the largest amount as the total.',
    '',
    allMet ? 'All targets met.' : 'Some targets are NOT met.',
    '',
    ...(misses.length > 0
      ? ['## Misses', '', '| Invoice | Field | Expected | Read | Source |', '|---|---|---|---|---|', ...misses, '']
      : []),
    ...(baselineMisses.length > 0
      ? [
          '## Baseline misses',
          '',
          'What the naive reader got wrong, to judge whether it is a fair baseline.',
          '',
          '| Invoice | Field | Expected | Read | Source |',
          '|---|---|---|---|---|',
          ...baselineMisses,
          '',
        ]
      : []),
  ].join('\n');
}

/** Runs the benchmark, writes bench/results/documents.md and returns the markdown. */
export async function run(): Promise<string> {
  const corpus = await generateInvoices(INVOICE_COUNT);
  const markdown = report(await readAll(corpus));
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'documents.md');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${markdown}\n`);
  return markdown;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
