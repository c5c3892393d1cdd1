/**
 * `npm run bench`: runs every benchmark in turn, prints its table and writes it under bench/results/.
 * Benchmarks measure; tests never assert timings.
 */
const BENCHES: [name: string, load: () => Promise<{ run(): Promise<string> }>][] = [
  ['bank matching (ours vs naive baseline)', () => import('./matching/run.ts')],
  ['documents (local PDF reader)', () => import('./documents/run.ts')],
  ['functions (bundle size, cold import)', () => import('./functions/run.ts')],
  ['costs (AWS per month from counted calls)', () => import('./costs/run.ts')],
  ['dashboard (server-side rendering at 5 000 customers / 100 000 invoices)', () => import('./dashboard/run.ts')],
];

for (const [name, load] of BENCHES) {
  process.stdout.write(`\n## ${name}\n\n`);
  const { run } = await load();
  process.stdout.write(`${await run()}\n`);
}
