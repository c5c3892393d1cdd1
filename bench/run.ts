/**
 * `npm run bench`: runs every benchmark in turn, prints its table and writes it under bench/results/, then
 * writes BENCHMARKS.md at the repository root (bench/summary.ts): the machine, the date, and per bench its
 * figures beside their targets and the baseline measured in the same run.
 * `npm run bench -- ingest costs` runs only the benches named (the others keep their last results).
 * Benchmarks measure; tests never assert timings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRun, type Machine, renderBenchmarks } from './summary.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Bench {
  name: string;
  title: string;
  load: () => Promise<{ run(): Promise<string> }>;
}

const BENCHES: Bench[] = [
  { name: 'matching', title: 'bank matching (ours vs naive baseline)', load: () => import('./matching/run.ts') },
  { name: 'documents', title: 'documents (local PDF reader)', load: () => import('./documents/run.ts') },
  { name: 'functions', title: 'functions (bundle size, cold import)', load: () => import('./functions/run.ts') },
  { name: 'costs', title: 'costs (AWS per month from counted calls)', load: () => import('./costs/run.ts') },
  {
    name: 'dashboard',
    title: 'dashboard (server-side rendering at 5 000 customers / 100 000 invoices)',
    load: () => import('./dashboard/run.ts'),
  },
  {
    name: 'ingest',
    title: 'ingest (provider webhooks on the local stack vs GET /health)',
    load: () => import('./ingest/run.ts'),
  },
];

const resultsFile = (name: string) => `bench/results/${name}.md`;

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty) return `${pretty} (${type()} ${release()})`;
  } catch {
    // not Linux
  }
  return `${type()} ${release()}`;
}

function machine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGb: totalmem() / 1024 ** 3,
    node: process.version,
    os: osName(),
    loadAverage: loadavg(),
  };
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const unknown = args.filter((a) => !BENCHES.some((b) => b.name === a));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')} (known: ${BENCHES.map((b) => b.name).join(', ')})\n`);
  process.exit(2);
}
const selected = args.length === 0 ? BENCHES : BENCHES.filter((b) => args.includes(b.name));
const date = new Date();
const host = machine();
const runs: BenchRun[] = [];
for (const bench of BENCHES) {
  const file = resultsFile(bench.name);
  const run: BenchRun = { name: bench.name, title: bench.title, file, ranNow: false };
  if (selected.includes(bench)) {
    run.ranNow = true;
    process.stdout.write(`\n## ${bench.title}\n\n`);
    const started = performance.now();
    try {
      const { run: measure } = await bench.load();
      process.stdout.write(`${await measure()}\n`);
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        `${bench.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
      );
      process.exitCode = 1;
    }
    run.seconds = (performance.now() - started) / 1000;
  }
  const path = join(ROOT, file);
  if (existsSync(path)) run.markdown = readFileSync(path, 'utf8');
  runs.push(run);
}

const target = join(ROOT, 'BENCHMARKS.md');
const previous = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
await writeFile(target, renderBenchmarks({ date, machine: host, runs, previous }));
process.stdout.write(`\nBENCHMARKS.md written (${selected.map((b) => b.name).join(', ')} measured in this run).\n`);
