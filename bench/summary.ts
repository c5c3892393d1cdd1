/**
 * BENCHMARKS.md from the benches' own reports (bench/results/*.md): pure, so it is unit-tested
 * (test/bench/summary.test.ts). Each bench gets a summary table — figure, this run, target, baseline measured in
 * the same run — read from its report:
 *  - a report that has a table headed `| figure | this run | target | baseline (same run) |` is taken as is (the
 *    convention: ingest and costs write one; any bench may);
 *  - otherwise the known layouts of the matching, documents, functions and dashboard reports are read by their
 *    column names; a report that matches none is linked without a table.
 * Benches not run this time keep the date of their last run, carried over from the previous BENCHMARKS.md in a
 * comment line.
 */

export interface Machine {
  cpuModel: string;
  cores: number;
  ramGb: number;
  node: string;
  os: string;
  /** 1, 5 and 15 minute load averages when the run started (others may share the machine). */
  loadAverage: readonly number[];
}

export interface BenchRun {
  /** The short name (`npm run bench -- <name>`). */
  name: string;
  title: string;
  /** The detailed report, relative to the repository root. */
  file: string;
  /** The report's text; undefined when there is none. */
  markdown?: string;
  /** Run by this invocation (else: the report is the one left by an earlier run). */
  ranNow: boolean;
  seconds?: number;
  /** Why it failed this time. */
  error?: string;
}

export interface SummaryRow {
  figure: string;
  result: string;
  target: string;
  baseline: string;
}

export interface Table {
  headers: string[];
  rows: string[][];
  /** The table's first line index in the markdown (to read the text around it). */
  line: number;
}

const NONE = '–';

/** Splits one markdown table row into trimmed cells (escaped pipes kept). */
export function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '\\' && inner[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

const isSeparator = (line: string) => /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line);

/** Every pipe table of a markdown text: a header row, a separator row, then rows until the first other line. */
export function parseTables(markdown: string): Table[] {
  const lines = markdown.split('\n');
  const tables: Table[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i] ?? '';
    if (!head.trim().startsWith('|') || !isSeparator(lines[i + 1] ?? '')) continue;
    const table: Table = { headers: splitRow(head), rows: [], line: i };
    let j = i + 2;
    for (; j < lines.length && (lines[j] ?? '').trim().startsWith('|'); j++) table.rows.push(splitRow(lines[j] ?? ''));
    tables.push(table);
    i = j - 1;
  }
  return tables;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const column = (t: Table, pattern: RegExp) => t.headers.findIndex((h) => pattern.test(h));
const cell = (row: readonly string[], i: number) => (i >= 0 ? (row[i] ?? '') : '');
const orNone = (s: string) => (s.trim() === '' || s.trim() === '—' ? NONE : s.trim());

export const STANDARD_HEADERS = ['figure', 'this run', 'target', 'baseline (same run)'];

function standard(tables: Table[]): SummaryRow[] | undefined {
  const t = tables.find((x) => x.headers.length === 4 && x.headers.every((h, i) => norm(h) === STANDARD_HEADERS[i]));
  return t?.rows.map((r) => ({
    figure: cell(r, 0),
    result: orNone(cell(r, 1)),
    target: orNone(cell(r, 2)),
    baseline: orNone(cell(r, 3)),
  }));
}

/** A table with a target column and a baseline column beside the figure (the matching report's layout). */
function targetAndBaseline(tables: Table[]): SummaryRow[] | undefined {
  const t = tables.find((x) => column(x, /target/i) > 0 && column(x, /baseline/i) > 0);
  if (!t) return undefined;
  const target = column(t, /target/i);
  const baseline = column(t, /baseline/i);
  const result = t.headers.findIndex((_, i) => i > 0 && i !== target && i !== baseline);
  return t.rows.map((r) => ({
    figure: cell(r, 0),
    result: orNone(cell(r, result)),
    target: orNone(cell(r, target)),
    baseline: orNone(cell(r, baseline)),
  }));
}

/** The documents report: accuracy per field with a target, and the time per page. */
function documents(markdown: string, tables: Table[]): SummaryRow[] | undefined {
  const t = tables.find((x) => column(x, /^field$/i) === 0 && column(x, /accuracy/i) > 0);
  if (!t) return undefined;
  const accuracy = column(t, /accuracy/i);
  const correct = column(t, /^correct$/i);
  const target = column(t, /target/i);
  const baseline = column(t, /baseline/i);
  const rows: SummaryRow[] = t.rows
    .filter((r) => orNone(cell(r, target)) !== NONE)
    .map((r) => {
      // The report marks the verdict in its target cell: moved beside the figure.
      const goal = cell(r, target);
      const mark = /✓|✅/.test(goal) ? ' ✅' : /✗|❌/.test(goal) ? ' ❌' : '';
      return {
        figure: `${cell(r, 0)}: accuracy`,
        result: `${cell(r, accuracy)}${mark}${correct >= 0 ? ` (${cell(r, correct)})` : ''}`,
        target: orNone(goal.replace(/\s*[✓✗✅❌]\s*/gu, ' ')),
        baseline: orNone(cell(r, baseline)),
      };
    });
  const time = /Time per page: ([^\n]+?)\.?\s*$/m.exec(markdown)?.[1];
  const baselineTime = /^Baseline[^:\n]*:\s*(mean [^\n]+?)(?: per page)?\.?\s*$/m.exec(markdown)?.[1];
  if (time)
    rows.push({ figure: 'time per page', result: time.trim(), target: NONE, baseline: orNone(baselineTime ?? '') });
  return rows;
}

/** The functions report: per function, the bundle size and the cold import against the targets in its text. */
function functions(markdown: string, tables: Table[]): SummaryRow[] | undefined {
  const t = tables.find((x) => column(x, /^function$/i) === 0 && column(x, /bundle/i) > 0);
  if (!t) return undefined;
  const size = column(t, /bundle/i);
  const cold = column(t, /cold import/i);
  const sizeTarget = /≤\s*([\d.,]+)\s*KB/i.exec(markdown)?.[1];
  const coldTarget = /≤\s*([\d.,]+)\s*ms cold import/i.exec(markdown)?.[1];
  const baselineFor = (unit: RegExp) =>
    t.headers.findIndex((h, i) => i !== size && i !== cold && /baseline|previous|unminified/i.test(h) && unit.test(h));
  const sizeBase = baselineFor(/KB/i);
  const coldBase = baselineFor(/ms/i);
  const rows: SummaryRow[] = [];
  for (const r of t.rows) {
    rows.push({
      figure: `${cell(r, 0)}: bundle KB`,
      result: orNone(cell(r, size)),
      target: sizeTarget ? `≤ ${sizeTarget}` : NONE,
      baseline: orNone(cell(r, sizeBase)),
    });
    if (cold >= 0)
      rows.push({
        figure: `${cell(r, 0)}: cold import ms`,
        result: orNone(cell(r, cold)),
        target: coldTarget ? `≤ ${coldTarget}` : NONE,
        baseline: orNone(cell(r, coldBase)),
      });
  }
  return rows;
}

/** The dashboard report: p95 (and median) render time per page against the target in its text. */
function dashboard(markdown: string, tables: Table[]): SummaryRow[] | undefined {
  const t = tables.find((x) => column(x, /^page$/i) === 0 && column(x, /p95/i) > 0);
  if (!t) return undefined;
  const p95 = column(t, /p95/i);
  const median = column(t, /median/i);
  const status = column(t, /target/i);
  const baseline = column(t, /baseline/i);
  const target = /Target:\s*([<≤]\s*[\d.,]+\s*ms)/i.exec(markdown)?.[1];
  return t.rows.map((r) => {
    const verdict = norm(cell(r, status).replace(/\*/g, ''));
    const mark = verdict === 'met' ? ' ✅' : verdict === 'missed' ? ' ❌' : '';
    return {
      figure: `${cell(r, 0)}: p95 ms`,
      result: `${cell(r, p95)}${mark}${median >= 0 ? ` (median ${cell(r, median)})` : ''}`,
      target: target ? `${target.replace(/\s+/g, ' ')} (p95)` : NONE,
      baseline: orNone(cell(r, baseline)),
    };
  });
}

/** The summary rows of one bench's report, or undefined when its layout is unknown. */
export function summarize(name: string, markdown: string): SummaryRow[] | undefined {
  const tables = parseTables(markdown);
  const own = standard(tables);
  if (own) return own;
  switch (name) {
    case 'documents':
      return documents(markdown, tables);
    case 'functions':
      return functions(markdown, tables);
    case 'dashboard':
      return dashboard(markdown, tables);
    default:
      return targetAndBaseline(tables);
  }
}

/** Targets met and missed among the rows, from the marks the reports put on their figures. */
export function verdicts(rows: readonly SummaryRow[]): { met: number; missed: number } {
  let met = 0;
  let missed = 0;
  for (const r of rows) {
    if (/✅|✓/.test(r.result)) met++;
    else if (/❌|✗/.test(r.result)) missed++;
  }
  return { met, missed };
}

export interface PreviousRun {
  measuredAt: string;
  seconds?: number;
}

const MARKER = /^<!-- bench:([a-z0-9-]+) measured=(\S+)(?: seconds=(\d+(?:\.\d+)?))? -->$/gm;

/** When each bench last ran, from the markers of a previous BENCHMARKS.md. */
export function previousRuns(markdown: string | undefined): Map<string, PreviousRun> {
  const out = new Map<string, PreviousRun>();
  for (const m of (markdown ?? '').matchAll(MARKER)) {
    const [, name, measuredAt, seconds] = m;
    if (name && measuredAt) out.set(name, { measuredAt, ...(seconds ? { seconds: Number(seconds) } : {}) });
  }
  return out;
}

const escapeCell = (s: string) => s.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const duration = (s: number) => (s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

/** The whole BENCHMARKS.md. */
export function renderBenchmarks(input: {
  date: Date;
  machine: Machine;
  runs: readonly BenchRun[];
  /** The BENCHMARKS.md being replaced, for the dates of benches not run this time. */
  previous?: string;
}): string {
  const { date, machine, runs } = input;
  const previous = previousRuns(input.previous);
  const now = date.toISOString();
  const ranNames = runs.filter((r) => r.ranNow).map((r) => r.name);
  const measured = (r: BenchRun): PreviousRun | undefined =>
    r.ranNow && !r.error
      ? { measuredAt: now, ...(r.seconds !== undefined ? { seconds: r.seconds } : {}) }
      : previous.get(r.name);
  const summaries = new Map(runs.map((r) => [r.name, r.markdown ? summarize(r.name, r.markdown) : undefined]));

  const out: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts) from the detailed reports in [bench/results/](bench/results/); regenerated on every run, not edited by hand. \`npm run bench -- <name>\` runs one bench (${runs.map((r) => `\`${r.name}\``).join(', ')}) and refreshes this file with the others' last results.`,
    '',
    `Last run: ${when(now)}, ${ranNames.length === runs.length ? 'every bench' : ranNames.length === 0 ? 'no bench' : `only ${ranNames.join(', ')}`}.`,
    '',
    '## Machine',
    '',
    '| CPU | cores | RAM | Node | OS | load average at start (1, 5, 15 min) |',
    '|---|---|---|---|---|---|',
    `| ${escapeCell(machine.cpuModel)} | ${machine.cores} | ${machine.ramGb.toFixed(0)} GB | ${machine.node} | ${escapeCell(machine.os)} | ${machine.loadAverage.map((l) => l.toFixed(2)).join(', ')} |`,
    '',
    'Timings depend on the machine and on what else runs on it: a load average above the core count means the benches shared the CPU.',
    '',
    '## Overview',
    '',
    '| bench | measured | took | targets met | details |',
    '|---|---|---|---|---|',
  ];
  for (const r of runs) {
    const m = measured(r);
    const rows = summaries.get(r.name);
    const v = rows ? verdicts(rows) : undefined;
    const status = r.error
      ? `**failed this run**${m ? `; last good ${when(m.measuredAt)}` : ''}`
      : m
        ? `${when(m.measuredAt)}${r.ranNow ? '' : ' (earlier run)'}`
        : r.markdown
          ? 'earlier run (date unknown)'
          : 'never';
    const took = r.ranNow && r.seconds !== undefined ? duration(r.seconds) : m?.seconds ? duration(m.seconds) : NONE;
    const targets = v && v.met + v.missed > 0 ? `${v.met} / ${v.met + v.missed}` : NONE;
    out.push(`| ${r.name} | ${status} | ${took} | ${targets} | [${r.file}](${r.file}) |`);
  }
  out.push('');

  for (const r of runs) {
    const m = measured(r);
    out.push(`## ${r.title}`, '');
    if (m)
      out.push(
        `<!-- bench:${r.name} measured=${m.measuredAt}${m.seconds ? ` seconds=${m.seconds.toFixed(0)}` : ''} -->`,
      );
    if (r.error) out.push(`**Failed in this run:** ${escapeCell(r.error)}`, '');
    if (!r.markdown) {
      out.push(`No report yet (${r.file} is missing).`, '');
      continue;
    }
    out.push(
      `${r.ranNow && !r.error ? 'Measured in this run' : 'From an earlier run'}${m ? ` (${when(m.measuredAt)})` : ''}. Details: [${r.file}](${r.file}); alone: \`npm run bench -- ${r.name}\`.`,
      '',
    );
    const rows = summaries.get(r.name);
    if (!rows || rows.length === 0) {
      out.push('The report has no table this summary knows how to read: see the details.', '');
      continue;
    }
    out.push('| figure | result | target | baseline (same run) |', '|---|---|---|---|');
    for (const row of rows)
      out.push(
        `| ${escapeCell(row.figure)} | ${escapeCell(row.result)} | ${escapeCell(row.target)} | ${escapeCell(row.baseline)} |`,
      );
    if (rows.every((row) => row.baseline === NONE)) out.push('', 'No baseline is measured by this bench yet.');
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
