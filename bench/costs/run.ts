/**
 * Cost model: runs the scenario once on the local stack (scenario.ts), turns what count-calls.ts counted into
 * billable usage per invoice lifecycle, and multiplies out for 100, 1 000 and 10 000 invoices a month (linear
 * per-invoice usage + fixed monthly items) at the eu-west-3 prices of prices.ts. Writes bench/results/costs.md.
 * Run alone with `npx tsx bench/costs/run.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CostLine,
  costAtVolume,
  type FixedItems,
  SERVICES,
  total,
  totalFree,
  USAGE_KEYS,
  type Usage,
  usd,
  zeroUsage,
} from './cost-model.ts';
import { type Counts, callsByService } from './count-calls.ts';
import { type LifecycleResult, PAID_AFTER_THREE, PAID_BEFORE_ANY, runLifecycle } from './lifecycle.ts';
import { ASSUMPTIONS, PRICES, priceTable } from './prices.ts';
import { runScenario, type ScenarioResult } from './scenario.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VOLUMES = [100, 1_000, 10_000] as const;
/** Lifecycles run side by side (one customer each) in the lifecycle measurement. */
const LIFECYCLE_INVOICES = 10;
const GB = 1024 ** 3;
/** Queues whose messages are FIFO on AWS (the re-plan queue). */
const FIFO_QUEUES = new Set(['dunning']);

/** Facts read from the infrastructure code, so the model follows it. */
export interface InfraFacts {
  memoryMb: number;
  functions: number;
  workQueues: number;
  coldInitMs: number;
}

export function readInfraFacts(root = ROOT): InfraFacts {
  const appFunction = readFileSync(join(root, 'infra', 'constructs', 'app-function.ts'), 'utf8');
  const memoryMb = Number(/memorySize:\s*props\.memorySize\s*\?\?\s*(\d+)/.exec(appFunction)?.[1] ?? 512);
  const functions = readdirSync(join(root, 'functions')).filter((f) => f.endsWith('.handler.ts')).length;
  const stack = readFileSync(join(root, 'infra', 'stateless-stack.ts'), 'utf8');
  const list = /export const WORK_QUEUE_NAMES = \[([\s\S]*?)\] as const/.exec(stack)?.[1] ?? '';
  const workQueues = (list.replace(/\/\*[\s\S]*?\*\//g, '').match(/'[A-Za-z]+'/g) ?? []).length || 6;
  // Cold import of the bundles, as measured by bench/functions (median column), when that result exists.
  let coldInitMs = 700;
  try {
    const functionsMd = readFileSync(join(root, 'bench', 'results', 'functions.md'), 'utf8');
    const medians = [...functionsMd.matchAll(/^\| [a-z-]+ \|[^|]*\|[^|]*\| (\d+)/gm)].map((m) => Number(m[1]));
    if (medians.length > 0) coldInitMs = medians.reduce((a, b) => a + b, 0) / medians.length;
  } catch {
    // keep the default
  }
  return { memoryMb, functions, workQueues, coldInitMs };
}

/** Billable usage of the whole scenario (before dividing by its invoices). */
export function scenarioUsage(
  result: Pick<ScenarioResult, 'counts' | 'tableBytes' | 'bucketBytes'>,
  facts: InfraFacts,
): Usage {
  const { counts } = result;
  const usage = zeroUsage();
  const memoryGb = facts.memoryMb / 1024;
  // Start-up and bench lines (counts.unattributedLogBytes) are not Lambda's.
  let logBytes = 0;
  for (const stats of counts.invocations.values()) {
    usage.lambdaRequests += stats.count;
    const billedMs = stats.totalMs + stats.count * ASSUMPTIONS.coldStartShare * facts.coldInitMs;
    usage.lambdaGbSeconds += (billedMs / 1000) * memoryGb;
    logBytes += stats.logBytes + stats.count * ASSUMPTIONS.platformLogBytesPerInvocation;
  }
  usage.httpApiRequests = counts.invocations.get('http-api')?.count ?? 0;
  logBytes += usage.httpApiRequests * ASSUMPTIONS.accessLogBytesPerRequest;
  usage.dynamoReadUnits = counts.dynamo.readRequestUnits;
  usage.dynamoWriteUnits = counts.dynamo.writeRequestUnits;
  usage.dynamoStorageGbMonths = (result.tableBytes / GB) * ASSUMPTIONS.retentionMonths;
  usage.schedulerInvocations = counts.schedulerInvocations;
  usage.sesMessages = counts.sesMessages;
  usage.sesAttachmentGb = counts.sesAttachmentBytes / GB;
  for (const [queue, messages] of counts.queueMessages) {
    // Each message: SendMessage, ReceiveMessage (Lambda's poller) and DeleteMessage.
    if (FIFO_QUEUES.has(queue)) usage.sqsFifoRequests += 3 * messages;
    else usage.sqsStandardRequests += 3 * messages;
  }
  for (const [call, n] of counts.sdkCalls) {
    if (/^S3\.(Put|Copy|List|CreateMultipart|UploadPart|CompleteMultipart)/.test(call)) usage.s3Puts += n;
    else if (/^S3\.(Get|Head)/.test(call)) usage.s3Gets += n;
  }
  usage.s3StorageGbMonths = (result.bucketBytes / GB) * ASSUMPTIONS.retentionMonths;
  usage.textractPages = counts.textractPages;
  usage.secretCalls = usage.lambdaRequests * ASSUMPTIONS.coldStartShare * ASSUMPTIONS.secretsReadPerColdStart;
  usage.logsGb = logBytes / GB;
  usage.xrayTraces = usage.lambdaRequests;
  return usage;
}

export function perInvoice(usage: Usage, invoices: number): Usage {
  return Object.fromEntries(USAGE_KEYS.map((k) => [k, usage[k] / invoices])) as unknown as Usage;
}

/** The monthly items that do not grow with invoices. */
export function fixedItems(facts: InfraFacts, meanInvocationMs: number): FixedItems {
  const usage = zeroUsage();
  const minutes = ASSUMPTIONS.daysPerMonth * 24 * 60;
  // Idle long polling: 3 ReceiveMessage a minute per poller (20 s long polls), on every queue a function reads.
  usage.sqsStandardRequests = facts.workQueues * ASSUMPTIONS.idlePollersPerQueue * 3 * minutes;
  const catchUps = ASSUMPTIONS.catchUpSchedulesPerDay * ASSUMPTIONS.daysPerMonth;
  usage.schedulerInvocations = catchUps;
  usage.sqsStandardRequests += 3 * catchUps;
  usage.lambdaRequests = catchUps;
  usage.lambdaGbSeconds =
    (catchUps * (meanInvocationMs + ASSUMPTIONS.coldStartShare * facts.coldInitMs) * (facts.memoryMb / 1024)) / 1000;
  usage.xrayTraces = catchUps;
  return {
    secrets: ASSUMPTIONS.secrets,
    // Errors + throttles per function, one per dead-letter queue (work queues + Scheduler's), API 5xx.
    alarms: 2 * facts.functions + facts.workQueues + 1 + 1,
    dashboards: ASSUMPTIONS.dashboards,
    usage,
  };
}

const fmt = (n: number, digits = 2) =>
  n === 0 ? '0' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(digits) : n.toPrecision(3);

/** The two lifecycles of lifecycle.ts: three reminders, and the baseline paid before any reminder. */
export interface Lifecycles {
  reminded: LifecycleResult;
  baseline: LifecycleResult;
}

/** Calls per invoice of one lifecycle, by AWS service. */
function perLifecycle(counts: Counts, invoices: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [service, n] of callsByService(counts.sdkCalls)) out[service] = n / invoices;
  return out;
}

const SERVICE_COLUMNS = [
  ['DynamoDB', 'DynamoDB'],
  ['S3', 'S3'],
  ['SES', 'SESv2'],
  ['Scheduler', 'Scheduler'],
] as const;

const precise = (n: number) => (n === 0 ? '$0' : `$${n.toPrecision(3)}`);

/** The lifecycle section of the report and its summary rows. */
function lifecycleReport(
  l: Lifecycles,
  facts: InfraFacts,
  fixed: FixedItems,
): { section: string[]; summary: string[]; costs: { reminded: number; baseline: number } } {
  const cost = (r: LifecycleResult) => {
    const each = perInvoice(scenarioUsage(r, facts), r.invoices);
    const none: FixedItems = { secrets: 0, alarms: 0, dashboards: 0, usage: zeroUsage() };
    return { one: total(costAtVolume(each, 1, none)), at10k: total(costAtVolume(each, 10_000, fixed)) };
  };
  const a = cost(l.reminded);
  const b = cost(l.baseline);
  const n = l.reminded.invoices;
  const row = (name: string, counts: Counts, invoices: number) => {
    const per = perLifecycle(counts, invoices);
    let invocations = 0;
    for (const s of counts.invocations.values()) invocations += s.count;
    let messages = 0;
    for (const m of counts.queueMessages.values()) messages += m;
    return `| ${name} | ${SERVICE_COLUMNS.map(([, key]) => fmt(per[key] ?? 0, 1)).join(' | ')} | ${fmt(invocations / invoices, 1)} | ${fmt(messages / invoices, 1)} |`;
  };
  const ops = new Set([...l.reminded.counts.sdkCalls.keys(), ...l.baseline.counts.sdkCalls.keys()]);
  const opRows = [...ops]
    .sort()
    .map(
      (op) =>
        `| ${op} | ${fmt((l.reminded.counts.sdkCalls.get(op) ?? 0) / n, 1)} | ${fmt((l.baseline.counts.sdkCalls.get(op) ?? 0) / l.baseline.invoices, 1)} |`,
    );
  const whole = (r: LifecycleResult) => perLifecycle(r.counts, r.invoices);
  const ra = whole(l.reminded);
  const rb = whole(l.baseline);
  const remindersOk = l.reminded.emails === 3 * n && l.reminded.paid === n && l.reminded.emailsAfterPaid === 0;
  const section = [
    '## One invoice lifecycle: webhook → three reminders → payment matched → paid',
    '',
    `${n} invoices, one per customer (so each e-mail is one invoice's), go through exactly this lifecycle side by side on the local stack (bench/costs/lifecycle.ts): a Chargebee \`invoice_generated\` webhook (the real route, stored raw, queued, the provider-events worker records the customer and the invoice and stores its PDF fetched from a fake Chargebee), the default plan's first three e-mails (with their SES events), then a camt.053 dropped under \`bank/\` whose credits quote the invoice numbers: statement-import matches them and the invoices are paid. The clock then runs to due + 60 days. Every figure is per invoice (÷ ${n}). Baseline, measured the same way in the same run: the same lifecycle paid (and matched) 7 days before the due date, before any reminder.`,
    '',
    '| step (per invoice) | DynamoDB calls | S3 calls | SES calls | Scheduler calls | Lambda invocations | SQS messages |',
    '|---|---|---|---|---|---|---|',
    ...l.reminded.steps.map((s) => row(s.name, s.counts, n)),
    row('**whole lifecycle**', l.reminded.counts, n),
    row('baseline: paid before any reminder, whole lifecycle', l.baseline.counts, l.baseline.invoices),
    '',
    `Checks: ${l.reminded.emails / n} e-mails per invoice (expected 3), ${l.reminded.emailsAfterPaid} after the payment, ${l.reminded.paid}/${n} paid at the end; baseline ${l.baseline.emails} e-mails, ${l.baseline.paid}/${l.baseline.invoices} paid. ${remindersOk ? 'As expected.' : '**Not as expected.**'} The payment row holds the import's calls (and the day's capacity and messages); the paid row the re-plan it causes (reminder-dispatch). Scheduler calls are the dispatch's CreateSchedule of the next step (deterministic names: asking twice is harmless); a schedule that fires after the payment finds nothing due and sends nothing.`,
    '',
    '| call (per invoice, whole lifecycle) | three reminders | baseline |',
    '|---|---|---|',
    ...opRows,
    '',
    `Fed into the same cost model (usage per invoice from these counts, Lambda and storage as below): one lifecycle costs ${precise(a.one)} in usage (baseline ${precise(b.one)}); 10,000 invoices a month that all follow it would cost ${usd(a.at10k)} with the fixed items (baseline ${usd(b.at10k)}). The month scenario below mixes paths (0–3 reminders, unpaid ones going on to letters and tasks, payments reported by the source tool) and is what the monthly figures use.`,
    '',
  ];
  const cmp = (key: string) => `${fmt(ra[key] ?? 0, 1)}`;
  const summary = [
    `| DynamoDB calls per invoice lifecycle (webhook → 3 reminders → matched → paid) | ${cmp('DynamoDB')} | – | ${fmt(rb.DynamoDB ?? 0, 1)} (paid before any reminder) |`,
    `| S3 calls per lifecycle | ${cmp('S3')} | – | ${fmt(rb.S3 ?? 0, 1)} |`,
    `| SES calls per lifecycle | ${cmp('SESv2')} ${l.reminded.emails === 3 * n ? '✅' : '❌'} | 3 (one e-mail per reminder) | ${fmt(rb.SESv2 ?? 0, 1)} |`,
    `| Scheduler calls per lifecycle | ${cmp('Scheduler')} | – | ${fmt(rb.Scheduler ?? 0, 1)} |`,
    `| e-mails after the payment | ${l.reminded.emailsAfterPaid} ${l.reminded.emailsAfterPaid === 0 ? '✅' : '❌'} | 0 | ${l.baseline.emailsAfterPaid} |`,
    `| AWS usage cost per lifecycle (list prices) | ${precise(a.one)} | – | ${precise(b.one)} |`,
  ];
  return { section, summary, costs: { reminded: a.one, baseline: b.one } };
}

function report(
  result: ScenarioResult,
  facts: InfraFacts,
  lifecycles: Lifecycles,
): { markdown: string; totals: number[] } {
  const { counts, invoices } = result;
  const usage = scenarioUsage(result, facts);
  const each = perInvoice(usage, invoices);
  let invocations = 0;
  let invocationMs = 0;
  for (const s of counts.invocations.values()) {
    invocations += s.count;
    invocationMs += s.totalMs;
  }
  const meanMs = invocations === 0 ? 0 : invocationMs / invocations;
  const fixed = fixedItems(facts, meanMs);
  const monthly: CostLine[][] = VOLUMES.map((v) => costAtVolume(each, v, fixed));
  const totals = monthly.map(total);

  const callRows: string[] = [];
  const row = (what: string, n: number, note = '') =>
    callRows.push(`| ${what} | ${fmt(n)} | ${fmt(n / invoices, 3)} | ${note} |`);
  for (const [name, s] of [...counts.invocations].sort()) {
    row(
      `Lambda ${name}`,
      s.count,
      `mean ${fmt(s.totalMs / Math.max(1, s.count), 1)} ms in-process; ${fmt(s.logBytes / Math.max(1, s.count), 0)} log bytes/invocation`,
    );
  }
  row('API Gateway requests', usage.httpApiRequests);
  for (const [call, n] of [...counts.sdkCalls].sort()) row(call, n);
  row('DynamoDB read request units', counts.dynamo.readRequestUnits, 'dynalite ConsumedCapacity (TOTAL)');
  row(
    'DynamoDB write request units',
    counts.dynamo.writeRequestUnits,
    `of which GSI ${fmt(counts.dynamo.gsiWriteRequestUnits)} (derived), failed conditions ${fmt(counts.dynamo.failedConditionalWriteUnits)}`,
  );
  for (const [queue, n] of [...counts.queueMessages].sort())
    row(`SQS messages ${queue}${FIFO_QUEUES.has(queue) ? ' (FIFO)' : ''}`, n, '× 3 requests (send, receive, delete)');
  row('Scheduler invocations', counts.schedulerInvocations);
  row('Textract pages (AnalyzeExpense)', counts.textractPages, `${counts.textractDocuments} documents`);
  row(
    'SES e-mails',
    counts.sesMessages,
    `${fmt(counts.sesAttachmentBytes / Math.max(1, counts.sesMessages) / 1024, 0)} KB attachments each`,
  );
  row('SES events replayed', result.sesEvents, 'Send + Delivery per e-mail');
  row('S3 bytes written', result.bucketBytes);
  row('Table bytes at the end (items + index copies)', result.tableBytes);

  const usageRows = USAGE_KEYS.map((k) => `| ${k} | ${fmt(usage[k], 3)} | ${fmt(each[k], 4)} |`);
  const monthlyRows = SERVICES.map(
    (service) =>
      `| ${service} | ${monthly.map((lines) => usd(lines.find((l) => l.service === service)?.usd ?? 0)).join(' | ')} |`,
  );
  const fixedOnly = costAtVolume(zeroUsage(), 0, fixed);
  const lifecycle = lifecycleReport(lifecycles, facts, fixed);
  const md = [
    '# Cost model: AWS per month at 100, 1 000 and 10 000 invoices',
    '',
    `Measured by \`npm run bench\` (bench/costs): one month of ${invoices} invoices run on the local stack (the same use cases and adapters as on AWS), every AWS call, Lambda-equivalent invocation, queue message, schedule fired and Textract page counted, then turned into eu-west-3 list prices (USD, bench/costs/prices.ts). The calls are counted by an interceptor that every AWS client of the process runs before each call (\`interceptAllAwsCalls\`, shared/platform/aws; the clients the stack builds included), with the context of the function making them.`,
    '',
    '## Summary',
    '',
    '| figure | this run | target | baseline (same run) |',
    '|---|---|---|---|',
    ...lifecycle.summary,
    `| AWS per month at ${VOLUMES.map((v) => v.toLocaleString('en')).join(' / ')} invoices (month scenario) | ${totals.map(usd).join(' / ')} | – | ${usd(total(fixedOnly))} (fixed items alone: an idle deployment) |`,
    '',
    ...lifecycle.section,
    '## The month scenario',
    '',
    `${invoices} invoices, ${result.customers} customers (${ASSUMPTIONS.invoicesPerCustomer} invoices each), recorded over 20 days, due 15 days after issue; the clock moved day by day for ${result.days} days (09:05 Paris). Sources: ${result.bySource.api} API, ${result.bySource.webhook} "webhook" (recorded through the API as well), ${result.bySource.pdf} PDFs dropped into \`inbox/\` (${result.pdfConverted} became invoices; documents by state: ${JSON.stringify(result.documentStates)}). ${result.paid} paid after 0–3 reminders, ${result.unpaid} unpaid through the call task, the formal notice (registered letter PDF) and the decision task. ${result.sesEvents} SES events replayed (Send + Delivery for each e-mail). Ran in ${result.seconds.toFixed(0)} s.`,
    '',
    '## Calls per invoice, month average',
    '',
    '| what | in the scenario | per invoice | note |',
    '|---|---|---|---|',
    ...callRows,
    '',
    '## Billable usage',
    '',
    `Lambda: ${facts.memoryMb} MB arm64 (AppFunction default), billed duration = measured in-process duration + ${ASSUMPTIONS.coldStartShare * 100} % cold starts × ${fmt(facts.coldInitMs, 0)} ms init (bench/functions cold import). Storage in GB-months after ${ASSUMPTIONS.retentionMonths} months of data.`,
    '',
    '| usage | scenario | per invoice |',
    '|---|---|---|',
    ...usageRows,
    '',
    '## Per month',
    '',
    `Per-invoice usage × volume + fixed items (${ASSUMPTIONS.secrets} secrets, ${fixed.alarms} alarms, ${fixed.dashboards} dashboard, idle SQS polling of ${facts.workQueues} queues, ${ASSUMPTIONS.catchUpSchedulesPerDay} catch-up schedules a day). Fixed items alone: ${usd(total(fixedOnly))} a month. Free tiers are NOT subtracted; the last line says what they would take off.`,
    '',
    `| service | ${VOLUMES.map((v) => `${v.toLocaleString('en')} invoices`).join(' | ')} |`,
    `|---|${VOLUMES.map(() => '---').join('|')}|`,
    ...monthlyRows,
    `| **total** | ${totals.map((t) => `**${usd(t)}**`).join(' | ')} |`,
    `| per invoice | ${totals.map((t, i) => usd(t / (VOLUMES[i] ?? 1))).join(' | ')} |`,
    `| free tier would cover | ${monthly.map((lines) => usd(totalFree(lines))).join(' | ')} |`,
    '',
    '## Assumptions',
    '',
    `- Volume scales linearly per invoice at ${ASSUMPTIONS.invoicesPerCustomer} invoices per customer a month: one reminder e-mail lists all of a customer's open invoices, so fewer invoices per customer means more e-mails per invoice.`,
    '- In the month scenario, "webhook" invoices are recorded through `POST /api/invoices`; the real webhook path (one API request, a stored raw event, one provider-events SQS message and invocation per webhook) is measured in the lifecycle section above. Each non-PDF invoice\'s PDF is stored by a provider-events invocation (one SQS message).',
    '- In the month scenario, payments arrive as invoice updates from the source tool (`amountPaid`); the lifecycle section measures a payment matched from a bank statement instead.',
    '- SES events: the configuration set publishes Send and Delivery (and bounces, complaints …), not Open: two events per e-mail, each EventBridge (free for AWS service events) → SQS → ses-events.',
    '- Every SQS message is one invocation (no batching: at these volumes messages arrive apart) and 3 requests; idle Lambda pollers long-poll each queue (' +
      `${ASSUMPTIONS.idlePollersPerQueue} pollers × 3 requests a minute) [U].`,
    "- Local durations are in-process with dynalite/s3rver on 127.0.0.1 as a proxy for Lambda's; DynamoDB from Lambda is a few ms per call, so they may be short. Lambda is a small line either way.",
    `- Secrets Manager: ${ASSUMPTIONS.secretsReadPerColdStart} secrets read per cold start (Powertools caches them 5 minutes). X-Ray: active tracing, one trace per invocation.`,
    `- Logs: the Powertools lines measured per invocation + ${ASSUMPTIONS.platformLogBytesPerInvocation} bytes of platform lines + ${ASSUMPTIONS.accessLogBytesPerRequest} bytes of API access log per request; ingestion + one month's storage.`,
    "- DynamoDB capacity: dynalite's ConsumedCapacity for the table (1 WRU per started KB written, 1 RRU per started 4 KB read strongly consistent, 0.5 eventually); GSI writes derived from each written item's index keys (projection ALL: one write of the item's size per index it is in, a removal from a sparse index one write); a failed conditional write 1 WRU. PITR billed on the table size.",
    "- Textract: one-page PDFs → AnalyzeExpense, billed per page; the local reader's pages are counted as Textract's.",
    '- Not included: Cognito (optional), SNS alarm e-mails, data transfer out, KMS, S3 versions kept 90 days after an overwrite, SMS, Qonto polling.',
    '',
    '## Prices (eu-west-3, USD)',
    '',
    '| name | USD | per | source | tag |',
    '|---|---|---|---|---|',
    ...priceTable(),
    '',
    "[U]: not verified here (no internet on the development machines): check the page before relying on it. The Scheduler price is [S] (INTEGRATIONS.md §6); Textract's is the us-east-1 list price of INTEGRATIONS.md §4.",
    '',
    `Free tiers (not subtracted): ${Object.entries(PRICES).length} prices; Lambda 1 M requests and 400 000 GB-s, SQS 1 M requests, DynamoDB 25 GB, Scheduler 14 M invocations, CloudWatch 10 alarms, 3 dashboards and 5 GB logs, X-Ray 100 000 traces (always free); API Gateway 1 M requests, S3 5 GB, SES 3 000 messages (first 12 months); Textract 100 pages (first 3 months).`,
  ].join('\n');
  return { markdown: md, totals };
}

/** Runs the scenario, writes bench/results/costs.md and returns the markdown. */
export async function run(): Promise<string> {
  const result = await runScenario({ invoices: 100, invoicesPerCustomer: ASSUMPTIONS.invoicesPerCustomer });
  const lifecycles: Lifecycles = {
    reminded: await runLifecycle({ invoices: LIFECYCLE_INVOICES, payDay: PAID_AFTER_THREE }),
    baseline: await runLifecycle({ invoices: LIFECYCLE_INVOICES, payDay: PAID_BEFORE_ANY }),
  };
  const { markdown } = report(result, readInfraFacts(), lifecycles);
  const out = join(ROOT, 'bench', 'results', 'costs.md');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${markdown}\n`);
  return markdown;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
