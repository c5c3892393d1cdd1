/**
 * Ingest load: provider webhooks against the whole local stack (dynalite, s3rver, the SES emulator and the Hono
 * app on 127.0.0.1, the in-process queue and its worker), as `npm start` runs it, with Chargebee and Sellsy
 * switched on and pointed at fake provider APIs.
 *
 * A separate process (load-client.ts) sends properly authenticated deliveries — Chargebee with HTTP Basic and
 * the invoice in the event, Sellsy on its secret path with a notification the worker follows up through the
 * API — for new invoices, exact redeliveries and updates (plan.ts), with bounded concurrency, until a time or a
 * count is reached. The same load against GET /health of the same server, in the same run, is the baseline:
 * the HTTP ceiling of this server on this machine. Afterwards the queues are drained and the stored invoices,
 * listed through the repository's by-state index (no scan), are checked against the distinct invoices sent.
 *
 * Environment (defaults in brackets): INGEST_DURATION_S [20], INGEST_MAX_DELIVERIES [5000], INGEST_CONCURRENCY
 * [16], INGEST_WARMUP [100], INGEST_DUPLICATE_SHARE [0.1], INGEST_UPDATE_SHARE [0.1], INGEST_SEED [10].
 * Writes bench/results/ingest.md. Run alone with `npx tsx bench/ingest/run.ts` (or `npm run bench -- ingest`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { INVOICE_STATES } from '#shared/domain/invoice-lifecycle.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { startLocalStack, TABLE_NAME } from '../../local/stack.ts';
import { CB_PASSWORD, CB_USER } from '../../test/connectors/chargebee-fixtures.ts';
import { CLIENT_ID, CLIENT_SECRET, SECRET } from '../../test/connectors/sellsy-fixtures.ts';
import type { ClientReply, ClientRequest } from './load-client.ts';
import {
  DEFAULT_PLAN,
  expectedInvoices,
  kindsSent,
  type LoadStats,
  loadStats,
  type PlanOptions,
  planDeliveries,
  type StoredInvoice,
  type Verification,
  verifyStored,
} from './plan.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', 'results', 'ingest.md');

/** Targets proposed with this bench (the issue sets none): see the notes in the report. */
export const TARGETS = { perSecond: 50, p99Ms: 3_000 } as const;

export interface IngestOptions {
  durationS: number;
  maxDeliveries: number;
  concurrency: number;
  warmup: number;
  duplicateShare: number;
  updateShare: number;
  seed: number;
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): IngestOptions {
  const num = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number in [${min}, ${max}]`);
    return n;
  };
  return {
    durationS: num('INGEST_DURATION_S', 20, 1, 3600),
    maxDeliveries: Math.floor(num('INGEST_MAX_DELIVERIES', 5000, 1, 1_000_000)),
    concurrency: Math.floor(num('INGEST_CONCURRENCY', 16, 1, 1000)),
    warmup: Math.floor(num('INGEST_WARMUP', 100, 0, 100_000)),
    duplicateShare: num('INGEST_DUPLICATE_SHARE', DEFAULT_PLAN.duplicateShare, 0, 0.5),
    updateShare: num('INGEST_UPDATE_SHARE', DEFAULT_PLAN.updateShare, 0, 0.5),
    seed: Math.floor(num('INGEST_SEED', DEFAULT_PLAN.seed, 0, 2 ** 31)),
  };
}

/** The load generator's process, spoken to over IPC one request at a time. */
class LoadClient {
  private readonly child: ChildProcess;
  private readonly replies: ClientReply[] = [];
  private waiting: ((r: ClientReply) => void) | undefined;
  private exited: Error | undefined;

  constructor() {
    this.child = fork(join(HERE, 'load-client.ts'), [], {
      cwd: join(HERE, '..', '..'),
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m) => {
      const r = m as ClientReply;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(r);
      } else this.replies.push(r);
    });
    this.child.on('exit', (code) => {
      this.exited = new Error(`the load client exited (${code})`);
      this.waiting?.({ type: 'failed', message: this.exited.message });
    });
  }

  async ask<T extends ClientReply['type']>(
    request: ClientRequest,
    expect: T,
  ): Promise<Extract<ClientReply, { type: T }>> {
    if (this.exited) throw this.exited;
    this.child.send(request);
    const reply = this.replies.shift() ?? (await new Promise<ClientReply>((resolve) => (this.waiting = resolve)));
    if (reply.type === 'failed') throw new Error(`load client: ${reply.message}`);
    if (reply.type !== expect) throw new Error(`load client answered ${reply.type}, expected ${expect}`);
    return reply as Extract<ClientReply, { type: T }>;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' } satisfies ClientRequest);
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    if (!this.exited) this.child.kill();
  }
}

/** Powertools writes one JSON line per log call on stdout: kept out of the bench's output while it runs. */
function muteJsonLogs(): () => void {
  const original = process.stdout.write;
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : '';
    if (text.startsWith('{') && text.includes('"level"')) {
      (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
      return true;
    }
    return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}

/** Sets the variables for the run and returns how to put the previous values back. */
function withEnv(vars: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export interface IngestResult {
  options: IngestOptions;
  baseline: LoadStats;
  webhooks: LoadStats;
  statuses: { baseline: Record<string, number>; webhooks: Record<string, number> };
  /** Deliveries sent in all (warm-up included) and by kind. */
  sent: number;
  kinds: ReturnType<typeof kindsSent>;
  /** What the routes answered: events stored as new, and deliveries recognised as duplicates. */
  answered: { received: number; duplicates: number; timedReceived: number };
  drainSeconds: number;
  /** From the first timed delivery to empty queues. */
  pipelineSeconds: number;
  verification: Verification;
  failedEvents: number;
  deadLetters: number;
  listQueries: number;
  startedAt: Date;
}

export async function measureIngest(options: IngestOptions = optionsFromEnv()): Promise<IngestResult> {
  const startedAt = new Date();
  const planOptions: PlanOptions = {
    deliveries: options.warmup + options.maxDeliveries,
    seed: options.seed,
    duplicateShare: options.duplicateShare,
    updateShare: options.updateShare,
  };
  const plan = planDeliveries(planOptions);
  const client = new LoadClient();
  const dir = await mkdtemp(join(tmpdir(), 'relance-ingest-'));
  const unmute = muteJsonLogs();
  let restoreEnv: (() => void) | undefined;
  try {
    // Issued today (the stack's clock is real time in a fresh data folder): reminders are planned, none due.
    const dates = { issuedAt: Math.floor(Date.now() / 1000) - 3600 };
    const fakes = await client.ask({ type: 'start', plan: planOptions, dates }, 'ready');
    restoreEnv = withEnv({
      CHARGEBEE_WEBHOOK_USER: CB_USER,
      CHARGEBEE_WEBHOOK_PASSWORD: CB_PASSWORD,
      CHARGEBEE_API_KEY: 'bench_key',
      CHARGEBEE_SITE_URL: fakes.chargebeeUrl,
      SELLSY_WEBHOOK_SECRET: SECRET,
      SELLSY_CLIENT_ID: CLIENT_ID,
      SELLSY_CLIENT_SECRET: CLIENT_SECRET,
      SELLSY_API_URL: `${fakes.sellsyApiUrl}/v2`,
      SELLSY_TOKEN_URL: `${fakes.sellsyApiUrl}/oauth2/access-tokens`,
    });
    const stack = await startLocalStack(loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir }));
    const db = new DynamoDocuments({
      region: 'eu-west-3',
      endpoint: stack.endpoints.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      // The catch-up sync at start (empty fakes) settles first.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await stack.queue.drain();
      const load = (target: 'health' | 'webhooks', maxRequests: number, durationMs: number, from?: number) =>
        client.ask(
          { type: 'load', target, url: stack.url, concurrency: options.concurrency, durationMs, maxRequests, from },
          'loaded',
        );
      const timed = options.durationS * 1000;
      await load('health', Math.max(200, options.warmup), 60_000);
      const baseline = await load('health', options.maxDeliveries, timed);
      const warm = await load('webhooks', options.warmup, 600_000, 0);
      const t0 = performance.now();
      const run = await load('webhooks', options.maxDeliveries, timed, warm.next);
      const loadEnd = performance.now();
      const progress = setInterval(() => {
        process.stderr.write(`ingest: draining the queues, ${((performance.now() - loadEnd) / 1000).toFixed(0)} s\n`);
      }, 30_000);
      try {
        await stack.queue.drain();
      } finally {
        clearInterval(progress);
      }
      const drained = performance.now();

      // Every stored invoice, listed by state through the gsi2 index.
      const stored: StoredInvoice[] = [];
      let listQueries = 0;
      for (const state of INVOICE_STATES) {
        let cursor: string | undefined;
        do {
          const page = await stack.deps.invoices.listByState(state, { limit: 1000, cursor });
          listQueries++;
          for (const inv of page.items)
            stored.push({ id: inv.id, source: inv.source, externalId: inv.externalId, amountPaid: inv.amountPaid });
          cursor = page.cursor;
        } while (cursor);
      }
      const failed = await new DynamoWebhookEventStore(db, TABLE_NAME).listFailed({ limit: 1000 });
      const sent = run.next;
      const verification = verifyStored(expectedInvoices(plan, sent), stored);
      return {
        options,
        baseline: loadStats(baseline.latencies, baseline.errors, baseline.seconds),
        webhooks: loadStats(run.latencies, run.errors, run.seconds),
        statuses: { baseline: baseline.statuses, webhooks: mergeCounts(warm.statuses, run.statuses) },
        sent,
        kinds: kindsSent(plan, sent),
        answered: {
          received: warm.received + run.received,
          duplicates: warm.duplicates + run.duplicates,
          timedReceived: run.received,
        },
        drainSeconds: (drained - loadEnd) / 1000,
        pipelineSeconds: (drained - t0) / 1000,
        verification,
        failedEvents: failed.items.length,
        deadLetters: stack.queue.deadLetters.length,
        listQueries,
        startedAt,
      };
    } finally {
      await stack.close();
    }
  } finally {
    unmute();
    restoreEnv?.();
    await client.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function mergeCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : n.toFixed(0));
const mark = (ok: boolean) => (ok ? '✅' : '❌');

export function report(r: IngestResult): string {
  const o = r.options;
  const v = r.verification;
  const ratio = r.baseline.perSecond > 0 ? r.webhooks.perSecond / r.baseline.perSecond : 0;
  const noErrors = r.webhooks.errors === 0;
  const throughputOk = r.webhooks.perSecond >= TARGETS.perSecond;
  const p99Ok = r.webhooks.p99 <= TARGETS.p99Ms;
  const statusList = (s: Record<string, number>) =>
    Object.entries(s)
      .sort()
      .map(([k, n]) => `${k} × ${int(n)}`)
      .join(', ');
  const loadRow = (what: string, s: LoadStats, statuses: Record<string, number>) =>
    `| ${what} | ${int(s.requests)} | ${s.seconds.toFixed(1)} | ${int(s.perSecond)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${statusList(statuses)} |`;
  const cpu = cpus();
  return [
    '# Ingest: provider webhooks on the local stack',
    '',
    `Measured by \`npm run bench\` (bench/ingest) on ${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, Node ${process.version}.`,
    '',
    `The whole local stack in one process (dynalite, s3rver, the SES emulator, the Hono app on 127.0.0.1, the in-process queue and its worker), Chargebee and Sellsy switched on against fake APIs. A separate process sends the load over ${o.concurrency} keep-alive connections, for ${o.durationS} s or ${int(o.maxDeliveries)} requests, whichever comes first, after a warm-up (${int(Math.max(200, o.warmup))} GET /health, then ${int(o.warmup)} webhooks that count in the checks but not in the timings). Baseline: the same load against \`GET /health\` of the same server, just before — the HTTP ceiling of this server here.`,
    '',
    '## Summary',
    '',
    '| figure | this run | target | baseline (same run) |',
    '|---|---|---|---|',
    `| sustained webhooks/s | ${int(r.webhooks.perSecond)} ${mark(throughputOk)} | ≥ ${TARGETS.perSecond} | ${int(r.baseline.perSecond)} GET /health (webhooks at ${(ratio * 100).toFixed(1)} % of it) |`,
    `| p50 latency (ms) | ${ms(r.webhooks.p50)} | – | ${ms(r.baseline.p50)} |`,
    `| p99 latency (ms) | ${ms(r.webhooks.p99)} ${mark(p99Ok)} | ≤ ${int(TARGETS.p99Ms)} | ${ms(r.baseline.p99)} |`,
    `| failed deliveries (non-2xx) | ${int(r.webhooks.errors)} ${mark(noErrors)} | 0 | ${int(r.baseline.errors)} |`,
    `| invoices lost | ${int(v.lost)} ${mark(v.lost === 0)} | 0 | – |`,
    `| invoices duplicated | ${int(v.duplicated)} ${mark(v.duplicated === 0)} | 0 | – |`,
    `| invoices stored / distinct invoices sent | ${int(v.stored)} / ${int(v.distinctSent)} ${mark(v.stored === v.distinctSent && v.unexpected === 0)} | equal | – |`,
    `| updates lost (amount paid not the newest sent) | ${int(v.stale)} ${mark(v.stale === 0)} | 0 | – |`,
    `| queues drained after the load (s) | ${r.drainSeconds.toFixed(1)} | – | – |`,
    '',
    '## Load',
    '',
    '| run | requests | s | 2xx/s | p50 ms | p99 ms | max ms | answers |',
    '|---|---|---|---|---|---|---|---|',
    loadRow('baseline: GET /health', r.baseline, r.statuses.baseline),
    loadRow('webhooks (timed part)', r.webhooks, r.statuses.webhooks),
    '',
    `Latency is from the first byte sent to the last byte of the answer, at the client. The answers column of the webhook row includes the warm-up.`,
    '',
    '## Deliveries and what was stored',
    '',
    `${int(r.sent)} deliveries in all (warm-up included), half Chargebee, half Sellsy by invoice: ${int(r.kinds.new)} new invoices, ${int(r.kinds.update)} updates (a newer version: a partial payment), ${int(r.kinds.duplicate)} exact redeliveries (${(o.duplicateShare * 100).toFixed(0)} % / ${(o.updateShare * 100).toFixed(0)} % planned, seed ${o.seed}, bench/ingest/plan.ts). The routes stored ${int(r.answered.received)} events as new and answered ${int(r.answered.duplicates)} as duplicates (expected: ${int(r.kinds.new + r.kinds.update)} and ${int(r.kinds.duplicate)}).`,
    '',
    `After the load the queues (provider events, then the re-plans they cause) took ${r.drainSeconds.toFixed(1)} s to empty; from the first timed delivery to empty queues: ${r.pipelineSeconds.toFixed(1)} s, so the worker processed about ${(r.answered.timedReceived / Math.max(0.001, r.pipelineSeconds)).toFixed(1)} events/s (the ${int(r.answered.timedReceived)} events of the timed part; one worker, serial, in the same process as the routes, while on AWS a Lambda behind SQS scales out).`,
    '',
    '| check (after the queues drained) | result |',
    '|---|---|',
    `| distinct invoices sent | ${int(v.distinctSent)} |`,
    `| invoices stored (listed by state through the gsi2 index: ${r.listQueries} queries, no scan) | ${int(v.stored)} |`,
    `| lost / duplicated / never sent | ${v.lost} / ${v.duplicated} / ${v.unexpected} |`,
    `| amount paid differs from the newest version sent | ${v.stale} |`,
    `| events stored as failed (listFailed) | ${r.failedEvents} |`,
    `| dead-lettered queue messages | ${r.deadLetters} |`,
    ...(v.examples.length > 0 ? ['', `Examples: ${v.examples.join('; ')}.`] : []),
    '',
    '## Notes',
    '',
    `- Targets are proposed with this bench (the issue sets none): p99 ≤ ${int(TARGETS.p99Ms)} ms because QuickBooks wants a 200 within 3 s (the strictest of the three providers, shared/web/webhooks/routes.ts); ≥ ${TARGETS.perSecond} webhooks/s absorbs the cost model's largest month (10 000 invoices) with an update each as one burst in under 7 minutes.`,
    '- A webhook is authenticated, parsed, stored raw with a conditional put (the deduplication) and queued; a duplicate not yet processed is queued again, and the worker skips what it already processed. The worker records the invoice and its customer, fetches and stores the PDF, and the customer is re-planned.',
    '- The worker runs in the same process during the load: its work competes with the routes for the CPU, which the baseline does not pay. Client and server share the machine too.',
    '- Chargebee deliveries carry the invoice and its customer; the worker fetches only the PDF. Sellsy notifications name the invoice only: the worker reads the invoice, the company and its contact, the invoice again (a fresh PDF link) and the file.',
    '',
  ].join('\n');
}

/** Runs the bench, writes bench/results/ingest.md and returns its markdown. */
export async function run(): Promise<string> {
  const markdown = report(await measureIngest());
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, markdown);
  return markdown;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
