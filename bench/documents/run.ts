/**
 * Benchmark of the local invoice reader: reads every generated invoice PDF, compares the fields with the truth,
 * reports per-field accuracy (and how many wrong values were nonetheless confident, the errors that would slip
 * past the review queue) and milliseconds per page. Writes bench/results/documents.md.
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
}

async function readAll(corpus: readonly GeneratedInvoice[]): Promise<Reading[]> {
  // The first read loads pdf.js and the standard fonts; it is not what a page costs afterwards.
  const warmUp = corpus[0];
  if (warmUp) await readInvoicePdf(warmUp.pdf);
  const readings: Reading[] = [];
  for (const { pdf, truth } of corpus) {
    const started = performance.now();
    const outcome = await readInvoicePdf(pdf);
    const elapsed = performance.now() - started;
    const pages = outcome.kind === 'extracted' ? outcome.invoice.pages : truth.pages;
    readings.push({
      truth,
      msPerPage: elapsed / Math.max(1, pages),
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

function report(readings: readonly Reading[]): string {
  const rows: string[] = [];
  const misses: string[] = [];
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
    rows.push(
      `| ${check.name} | ${correct}/${relevant.length} | ${percent(correct, relevant.length)} | ${confidentWrong} | ${check.targeted ? `≥ ${TARGET * 100} %${accuracy >= TARGET ? ' ✓' : ' ✗'}` : '—'} |`,
    );
  }
  const times = readings.map((r) => r.msPerPage);
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  const pages = readings.reduce((n, r) => n + r.truth.pages, 0);
  const approvable = readings.filter((r) => r.invoice && isAutoApprovable(r.invoice)).length;
  const layouts = [...new Set(readings.map((r) => r.truth.layout))];
  const byLayout = layouts.map((layout) => {
    const docs = readings.filter((r) => r.truth.layout === layout);
    const perfect = docs.filter(
      (r) =>
        r.invoice &&
        CHECKS.filter((c) => c.targeted).every((c) => {
          const f = r.invoice && c.field(r.invoice);
          return f !== undefined && (c.same ?? ((a, b) => a === b))(f.value, c.expected(r.truth));
        }),
    ).length;
    return `| ${layout} | ${docs.length} | ${docs.filter((d) => d.truth.language === 'fr').length} fr / ${docs.filter((d) => d.truth.language === 'en').length} en | ${percent(perfect, docs.length)} |`;
  });
  return [
    '# Local invoice reader benchmark',
    '',
    `${readings.length} generated invoices (${pages} pages; ${readings.filter((r) => r.truth.pages > 1).length} multi-page; ` +
      `${readings.filter((r) => r.truth.dueDateSource === 'due_date').length} with a printed due date, ` +
      `${readings.filter((r) => r.truth.dueDateSource === 'payment_terms').length} with terms only, ` +
      `${readings.filter((r) => r.truth.dueDateSource === 'legal_default').length} with neither).`,
    '',
    '| Field | Correct | Accuracy | Wrong but confident | Target |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Auto-approvable (number, buyer, total, due date all ≥ ${DEFAULT_CONFIDENCE_THRESHOLD}): ${approvable}/${readings.length}.`,
    '',
    '| Layout | Invoices | Languages | Number, dates and total all right |',
    '|---|---|---|---|',
    ...byLayout,
    '',
    `Time per page: mean ${mean.toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (after one warm-up read).`,
    '',
    allMet ? 'All targets met.' : 'Some targets are NOT met.',
    '',
    ...(misses.length > 0
      ? ['## Misses', '', '| Invoice | Field | Expected | Read | Source |', '|---|---|---|---|---|', ...misses, '']
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
