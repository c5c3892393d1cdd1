/** BENCHMARKS.md generation (bench/summary.ts): reading each report's tables, and the page itself. */
import { describe, expect, it } from 'vitest';
import {
  type BenchRun,
  type Machine,
  parseTables,
  previousRuns,
  renderBenchmarks,
  splitRow,
  summarize,
  verdicts,
} from '../../bench/summary.ts';

// Excerpts of the reports as the benches write them (bench/results/*.md).
const MATCHING = `# Payment matching benchmark

| Measure | Relance matcher | Naive baseline | Target |
|---|---|---|---|
| Wrong automatic matches / automatic applications | 0.00 % (0/8451) ✅ | 4.19 % (254/6068) | ≤ 0.1 % |
| Throughput (credits/s, one core, in-process) | 21,283 ✅ | 10,018 | ≥ 20,000 |
| Index build (ms) | 86 | 2 | – |

## Relance matcher by scenario

| Scenario | Credits | Auto, right | Auto, wrong | Review | First suggestion right |
|---|---|---|---|---|---|
| grouped/no-ref | 89 | 15.7 % | 0 | 80.9 % | 70.8 % |
`;

const DOCUMENTS = `# Local invoice reader benchmark

| Field | Correct | Accuracy | Wrong but confident | Target |
|---|---|---|---|---|
| number | 60/60 | 100.0 % | 0 | ≥ 95 % ✓ |
| due date | 57/60 | 95.0 % | 1 | ≥ 95 % ✓ |
| buyer name | 60/60 | 100.0 % | 0 | — |

Time per page: mean 5.9 ms, p95 12.0 ms (after one warm-up read).
`;

const FUNCTIONS = `# Lambda functions: bundle size and cold import

Bundled as the CDK construct does. Targets: ≤ 400 KB minified, ≤ 80 ms cold import (median of 5).

| function | bundle KB (minified) | SDK modules it imports (KB minified) | cold import ms (median) | runs ms |
|---|---|---|---|---|
| http-api | 4793.0 ❌ | client-s3 467.9 | 509 ❌ | 500, 454 |
| ses-events | 320.0 | client-dynamodb 386.2 | 60 | 61, 60 |
`;

const DASHBOARD = `# Dashboard rendering at size

Server-side rendering through \`app.request\`, on linux x64, Node v20.20.2. Target: < 300 ms.

| Page | Path | Median ms | p95 ms | HTML KB | Target |
|---|---|---:|---:|---:|---|
| home | \`/\` | 773 | 1151 | 17 | **missed** |
| invoice page | \`/invoices/inv_1\` | 7 | 15 | 9 | met |
`;

const STANDARD = `# Ingest

| figure | this run | target | baseline (same run) |
|---|---|---|---|
| sustained webhooks/s | 129 ✅ | ≥ 50 | 1,658 GET /health |
| p50 latency (ms) | 105 | – | 8.1 |

| run | requests |
|---|---|
| x | 1 |
`;

const machine: Machine = {
  cpuModel: 'Intel(R) Xeon(R) Processor',
  cores: 2,
  ramGb: 23.4,
  node: 'v20.20.2',
  os: 'Debian GNU/Linux 12 (bookworm) (Linux 6.1)',
  loadAverage: [1.5, 0.75, 0.25],
};

describe('reading the reports', () => {
  it('splits rows and finds every table', () => {
    expect(splitRow('| a | b \\| c | |')).toEqual(['a', 'b \\| c', '']);
    const tables = parseTables(MATCHING);
    expect(tables.map((t) => t.headers[0])).toEqual(['Measure', 'Scenario']);
    expect(tables[0]?.rows).toHaveLength(3);
    expect(parseTables('no | table here\n|---|')).toEqual([]);
  });

  it('takes a table in the standard layout as it is', () => {
    expect(summarize('ingest', STANDARD)).toEqual([
      { figure: 'sustained webhooks/s', result: '129 ✅', target: '≥ 50', baseline: '1,658 GET /health' },
      { figure: 'p50 latency (ms)', result: '105', target: '–', baseline: '8.1' },
    ]);
  });

  it('reads the matching report: ours, the naive baseline and the target', () => {
    const rows = summarize('matching', MATCHING);
    expect(rows?.[1]).toEqual({
      figure: 'Throughput (credits/s, one core, in-process)',
      result: '21,283 ✅',
      target: '≥ 20,000',
      baseline: '10,018',
    });
    expect(rows).toHaveLength(3);
  });

  it('reads the documents report: the naive reader time per page as the baseline when the report has one', () => {
    const withBaseline = `${DOCUMENTS}\nBaseline (naive reader), same documents, same text extraction, read right after ours: mean 4.5 ms, p95 8.8 ms per page.\n`;
    expect(summarize('documents', withBaseline)?.at(-1)).toEqual({
      figure: 'time per page',
      result: 'mean 5.9 ms, p95 12.0 ms (after one warm-up read)',
      target: '–',
      baseline: 'mean 4.5 ms, p95 8.8 ms',
    });
  });

  it('reads the documents report: targeted fields and the time per page, no baseline', () => {
    expect(summarize('documents', DOCUMENTS)).toEqual([
      { figure: 'number: accuracy', result: '100.0 % ✅ (60/60)', target: '≥ 95 %', baseline: '–' },
      { figure: 'due date: accuracy', result: '95.0 % ✅ (57/60)', target: '≥ 95 %', baseline: '–' },
      {
        figure: 'time per page',
        result: 'mean 5.9 ms, p95 12.0 ms (after one warm-up read)',
        target: '–',
        baseline: '–',
      },
    ]);
  });

  it('reads the functions report: size and cold import per function against the targets in its text', () => {
    const rows = summarize('functions', FUNCTIONS);
    expect(rows).toHaveLength(4);
    expect(rows?.[0]).toEqual({ figure: 'http-api: bundle KB', result: '4793.0 ❌', target: '≤ 400', baseline: '–' });
    expect(rows?.[3]).toEqual({ figure: 'ses-events: cold import ms', result: '60', target: '≤ 80', baseline: '–' });
  });

  it('uses a baseline column when a report grows one', () => {
    const withBaseline = FUNCTIONS.replace('| runs ms |', '| runs ms | baseline KB (unminified) |')
      .replace('|---|---|---|---|---|', '|---|---|---|---|---|---|')
      .replace('| 500, 454 |', '| 500, 454 | 9000.1 |');
    expect(summarize('functions', withBaseline)?.[0]?.baseline).toBe('9000.1');
  });

  it('reads the dashboard report: p95 per page with its verdict', () => {
    expect(summarize('dashboard', DASHBOARD)).toEqual([
      { figure: 'home: p95 ms', result: '1151 ❌ (median 773)', target: '< 300 ms (p95)', baseline: '–' },
      { figure: 'invoice page: p95 ms', result: '15 ✅ (median 7)', target: '< 300 ms (p95)', baseline: '–' },
    ]);
  });

  it('knows when it cannot read a report', () => {
    expect(summarize('dashboard', '# Nothing\n\nno tables')).toBeUndefined();
    expect(summarize('other', '| a | b |\n|---|---|\n| 1 | 2 |')).toBeUndefined();
  });

  it('counts the targets met and missed from the marks', () => {
    const rows = summarize('dashboard', DASHBOARD) ?? [];
    expect(verdicts(rows)).toEqual({ met: 1, missed: 1 });
  });
});

describe('BENCHMARKS.md', () => {
  const runs = (ranNow: boolean): BenchRun[] => [
    {
      name: 'matching',
      title: 'bank matching',
      file: 'bench/results/matching.md',
      markdown: MATCHING,
      ranNow,
      seconds: 42,
    },
    { name: 'ingest', title: 'ingest', file: 'bench/results/ingest.md', markdown: STANDARD, ranNow: true, seconds: 95 },
    { name: 'dashboard', title: 'dashboard', file: 'bench/results/dashboard.md', ranNow: false },
  ];
  const first = renderBenchmarks({ date: new Date('2026-11-23T13:50:00Z'), machine, runs: runs(true) });

  it('names the machine and the date, and links every detailed report', () => {
    expect(first).toContain(
      '| Intel(R) Xeon(R) Processor | 2 | 23 GB | v20.20.2 | Debian GNU/Linux 12 (bookworm) (Linux 6.1) | 1.50, 0.75, 0.25 |',
    );
    expect(first).toContain('Last run: 2026-11-23 13:50 UTC, only matching, ingest.');
    expect(first).toContain('[bench/results/matching.md](bench/results/matching.md)');
    expect(first).toContain('No report yet (bench/results/dashboard.md is missing).');
  });

  it('puts each figure beside its target and the baseline of the same run', () => {
    expect(first).toContain('| figure | result | target | baseline (same run) |');
    expect(first).toContain('| Throughput (credits/s, one core, in-process) | 21,283 ✅ | ≥ 20,000 | 10,018 |');
    expect(first).toContain('| sustained webhooks/s | 129 ✅ | ≥ 50 | 1,658 GET /health |');
    expect(first).toMatch(/\| matching \| 2026-11-23 13:50 UTC \| 42 s \| 2 \/ 2 \|/);
  });

  it('keeps the date of a bench not run this time from the previous page', () => {
    expect(previousRuns(first).get('matching')).toEqual({ measuredAt: '2026-11-23T13:50:00.000Z', seconds: 42 });
    const second = renderBenchmarks({
      date: new Date('2026-11-24T08:00:00Z'),
      machine,
      runs: runs(false),
      previous: first,
    });
    expect(second).toContain('| matching | 2026-11-23 13:50 UTC (earlier run) | 42 s |');
    expect(second).toContain('From an earlier run (2026-11-23 13:50 UTC).');
    expect(second).toContain('<!-- bench:matching measured=2026-11-23T13:50:00.000Z seconds=42 -->');
    expect(second).toContain('<!-- bench:ingest measured=2026-11-24T08:00:00.000Z seconds=95 -->');
  });

  it('says when a bench failed and when a bench has no baseline', () => {
    const page = renderBenchmarks({
      date: new Date('2026-11-24T08:00:00Z'),
      machine,
      runs: [
        {
          name: 'documents',
          title: 'documents',
          file: 'bench/results/documents.md',
          markdown: DOCUMENTS,
          ranNow: true,
        },
        { name: 'costs', title: 'costs', file: 'bench/results/costs.md', ranNow: true, error: 'dynalite | crashed' },
      ],
    });
    expect(page).toContain('No baseline is measured by this bench yet.');
    expect(page).toContain('**Failed in this run:** dynalite \\| crashed');
    expect(page).toContain('| costs | **failed this run** | – | – |');
  });
});
