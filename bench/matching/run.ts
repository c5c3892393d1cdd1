/**
 * Matching benchmark: generates the labelled dataset, runs our matcher and the naive baseline on the same
 * credits, and reports wrong automatic matches, automatic coverage, first-suggestion accuracy and
 * single-thread throughput. `npx tsx bench/matching/run.ts` runs it alone; `run()` is the entry point
 * for `npm run bench`. Figures are written to bench/results/matching.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { defaultMatcherConfig, matchCredit } from '#shared/domain/matching/matcher.ts';
import { buildMatchingIndex, recordAllocations } from '#shared/domain/matching/matching-index.ts';
import type { IncomingCredit, MatchCandidate, MatchDecision } from '#shared/domain/matching/matching-types.ts';
import { money } from '#shared/domain/money.ts';
import { baselineMatch, buildBaselineIndex, recordBaselineAllocations } from './baseline.ts';
import { type CreditTruth, type DatasetOptions, generateDataset, type MatchingDataset } from './generate-dataset.ts';

const RESULTS = new URL('../results/matching.md', import.meta.url);
const TIMED_REPLAYS = 3;
const TARGETS = { wrongAuto: 0.001, autoShare: 0.9, firstRight: 0.98, throughput: 20_000 };

interface Outcome {
  auto: boolean;
  autoWrong: boolean;
  firstRight: boolean;
  matchable: boolean;
  review: boolean;
}

interface Measured {
  name: string;
  outcomes: Outcome[];
  creditsPerSecond: number;
  buildMs: number;
}

function invoiceSet(decisionInvoices: readonly string[]): string {
  return [...decisionInvoices].sort().join(',');
}

function judge(decision: MatchDecision, truth: CreditTruth): Outcome {
  const first =
    decision.kind === 'auto' ? decision.candidate : decision.kind === 'review' ? decision.candidates[0] : undefined;
  const firstSet = first === undefined ? undefined : invoiceSet(first.allocations.map((a) => a.invoiceId));
  const truthSet = truth.kind === 'payment' ? invoiceSet(truth.invoiceIds) : undefined;
  const right = firstSet !== undefined && firstSet === truthSet;
  return {
    auto: decision.kind === 'auto',
    autoWrong: decision.kind === 'auto' && !right,
    firstRight: right,
    matchable: truth.kind === 'payment',
    review: decision.kind === 'review',
  };
}

/** A matcher under test: a fresh index per replay, a match function, and how applied payments update it. */
interface Contender<I> {
  name: string;
  build: () => I;
  match: (index: I, credit: IncomingCredit) => MatchDecision;
  record: (index: I, allocations: MatchCandidate['allocations']) => void;
}

/** What the reviewer applies when a credit was not applied automatically: the labelled truth. */
function truthAllocations(
  credit: IncomingCredit,
  truth: CreditTruth,
  balanceOf: (invoiceId: string) => number,
): MatchCandidate['allocations'] {
  if (truth.kind !== 'payment') return [];
  let remaining = credit.amount.amount;
  const allocations: MatchCandidate['allocations'] = [];
  for (const invoiceId of truth.invoiceIds) {
    const amount = Math.min(remaining, balanceOf(invoiceId));
    if (amount <= 0) continue;
    allocations.push({ invoiceId, amount: money(amount, credit.amount.currency) });
    remaining -= amount;
  }
  return allocations;
}

/**
 * Replays the month day by day, as the product runs: each day's credits are matched against the open
 * invoices of that morning; in the evening, automatic matches are applied as decided and the reviewer
 * applies the true allocation of every other invoice payment. Only `match` calls are timed.
 */
function replay<I>(contender: Contender<I>, dataset: MatchingDataset): Measured {
  let start = performance.now();
  const index = contender.build();
  const buildMs = performance.now() - start;
  const balances = new Map(dataset.invoices.map((i) => [i.id, i.balance.amount]));
  const credits = dataset.credits;
  const outcomes: Outcome[] = new Array(credits.length);
  let matchMs = 0;
  for (let from = 0; from < credits.length; ) {
    let to = from;
    while (to < credits.length && credits[to]!.credit.bookingDate === credits[from]!.credit.bookingDate) to++;
    const decisions: MatchDecision[] = [];
    start = performance.now();
    for (let i = from; i < to; i++) decisions.push(contender.match(index, credits[i]!.credit));
    matchMs += performance.now() - start;
    for (let i = from; i < to; i++) {
      const { credit, truth } = credits[i]!;
      const decision = decisions[i - from]!;
      outcomes[i] = judge(decision, truth);
      const applied =
        decision.kind === 'auto'
          ? decision.candidate.allocations
          : truthAllocations(credit, truth, (id) => balances.get(id) ?? 0);
      contender.record(index, applied);
      for (const { invoiceId, amount } of applied) {
        balances.set(invoiceId, (balances.get(invoiceId) ?? 0) - amount.amount);
      }
    }
    from = to;
  }
  return { name: contender.name, outcomes, creditsPerSecond: credits.length / (matchMs / 1000), buildMs };
}

/**
 * Replays once to warm the JIT up, then times TIMED_REPLAYS more on fresh indexes and keeps the fastest:
 * the decisions are identical each time, the fastest run is the one least disturbed by other processes.
 */
function measure<I>(contender: Contender<I>, dataset: MatchingDataset): Measured {
  replay(contender, dataset);
  let best = replay(contender, dataset);
  for (let i = 1; i < TIMED_REPLAYS; i++) {
    const next = replay(contender, dataset);
    if (next.creditsPerSecond > best.creditsPerSecond) best = next;
  }
  return best;
}

const pct = (n: number, d: number, digits = 1) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(digits)} %`);

function summary(m: Measured) {
  const autos = m.outcomes.filter((o) => o.auto);
  const matchable = m.outcomes.filter((o) => o.matchable);
  return {
    autos: autos.length,
    wrong: autos.filter((o) => o.autoWrong).length,
    matchable: matchable.length,
    autoMatchable: matchable.filter((o) => o.auto).length,
    autoMatchableRight: matchable.filter((o) => o.auto && !o.autoWrong).length,
    firstRight: matchable.filter((o) => o.firstRight).length,
    review: m.outcomes.filter((o) => o.review).length,
  };
}

function mark(ok: boolean): string {
  return ok ? '✅' : '❌';
}

function report(dataset: MatchingDataset, ours: Measured, baseline: Measured): string {
  const a = summary(ours);
  const b = summary(baseline);
  const row = (label: string, ourValue: string, baseValue: string, target: string, ok: boolean) =>
    `| ${label} | ${ourValue} ${mark(ok)} | ${baseValue} | ${target} |`;
  const lines = [
    '# Payment matching benchmark',
    '',
    `Dataset: ${dataset.invoices.length} open invoices, ${dataset.payers.length} customers, ${dataset.credits.length} credits ` +
      `(${a.matchable} invoice payments, ${dataset.credits.length - a.matchable} credits that pay no invoice); seeded generator ` +
      '`bench/matching/generate-dataset.ts`. Both matchers run on the same data in the same process, single thread.',
    '',
    "The month is replayed day by day: each day's credits are matched against the invoices still open that morning;",
    'automatic matches are then applied as decided and the reviewer applies the true allocation of every other invoice',
    `payment. Throughput counts only the matching calls (one index per replay, updated as payments are applied; best of ${TIMED_REPLAYS} timed replays after a warm-up).`,
    '',
    '| Measure | Relance matcher | Naive baseline | Target |',
    '|---|---|---|---|',
    row(
      'Wrong automatic matches / automatic applications',
      `${pct(a.wrong, a.autos, 2)} (${a.wrong}/${a.autos})`,
      `${pct(b.wrong, b.autos, 2)} (${b.wrong}/${b.autos})`,
      '≤ 0.1 %',
      a.wrong <= TARGETS.wrongAuto * a.autos,
    ),
    row(
      'Matchable credits applied automatically',
      `${pct(a.autoMatchable, a.matchable)} (${a.autoMatchableRight} right)`,
      `${pct(b.autoMatchable, b.matchable)} (${b.autoMatchableRight} right)`,
      '≥ 90 %',
      a.autoMatchable >= TARGETS.autoShare * a.matchable,
    ),
    row(
      'Right invoice(s) as first suggestion',
      pct(a.firstRight, a.matchable),
      pct(b.firstRight, b.matchable),
      '≥ 98 %',
      a.firstRight >= TARGETS.firstRight * a.matchable,
    ),
    row(
      'Throughput (credits/s, one core, in-process)',
      Math.round(ours.creditsPerSecond).toLocaleString('en-US'),
      Math.round(baseline.creditsPerSecond).toLocaleString('en-US'),
      '≥ 20,000',
      ours.creditsPerSecond >= TARGETS.throughput,
    ),
    `| Index build (ms) | ${ours.buildMs.toFixed(0)} | ${baseline.buildMs.toFixed(0)} | – |`,
    `| Sent to review / no candidate | ${a.review} / ${dataset.credits.length - a.autos - a.review} | ${b.review} / ${dataset.credits.length - b.autos - b.review} | – |`,
    '',
    '"Right" means the set of invoices allocated equals the labelled set. A wrong automatic match is any automatic',
    'application whose invoice set differs from the truth, including one applied to a credit that pays no invoice.',
    '',
    '## Relance matcher by scenario',
    '',
    '| Scenario | Credits | Auto, right | Auto, wrong | Review | First suggestion right |',
    '|---|---|---|---|---|---|',
  ];
  const byScenario = new Map<string, Outcome[]>();
  dataset.credits.forEach((c, i) => {
    const list = byScenario.get(c.scenario) ?? [];
    list.push(ours.outcomes[i]!);
    byScenario.set(c.scenario, list);
  });
  for (const [scenario, outcomes] of [...byScenario].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const n = outcomes.length;
    const autoRight = outcomes.filter((o) => o.auto && !o.autoWrong).length;
    const autoWrong = outcomes.filter((o) => o.autoWrong).length;
    const review = outcomes.filter((o) => o.review).length;
    const first = outcomes[0]?.matchable ? pct(outcomes.filter((o) => o.firstRight).length, n) : '–';
    lines.push(`| ${scenario} | ${n} | ${pct(autoRight, n)} | ${autoWrong} | ${pct(review, n)} | ${first} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Measures both matchers on a dataset generated with `options` and returns the markdown report. */
export function benchmarkMatching(options: DatasetOptions = {}): string {
  const dataset = generateDataset(options);
  const config = defaultMatcherConfig('EUR');

  const ours = measure(
    {
      name: 'relance',
      build: () => buildMatchingIndex(dataset.invoices, dataset.payers),
      match: (index, credit) => matchCredit(index, credit, config),
      record: recordAllocations,
    },
    dataset,
  );
  const baseline = measure(
    {
      name: 'baseline',
      build: () => buildBaselineIndex(dataset.invoices),
      match: baselineMatch,
      record: recordBaselineAllocations,
    },
    dataset,
  );

  return report(dataset, ours, baseline);
}

/** Runs the benchmark on the default dataset, writes bench/results/matching.md and returns its markdown. */
export async function run(): Promise<string> {
  const markdown = benchmarkMatching();
  await mkdir(new URL('.', RESULTS), { recursive: true });
  await writeFile(RESULTS, markdown);
  return markdown;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((markdown) => process.stdout.write(markdown));
}
