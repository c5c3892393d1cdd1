/**
 * `npm run bench`: runs every benchmark in turn, prints its table and writes it under bench/results/.
 * Benchmarks measure; tests never assert timings.
 */
const BENCHES: [name: string, load: () => Promise<{ run(): Promise<string> }>][] = [
  ['documents (local PDF reader)', () => import('./documents/run.ts')],
];

for (const [name, load] of BENCHES) {
  process.stdout.write(`\n## ${name}\n\n`);
  const { run } = await load();
  process.stdout.write(`${await run()}\n`);
}
