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
import { ASSUMPTIONS, PRICES, priceTable } from './prices.ts';
import { runScenario, type ScenarioResult } from './scenario.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VOLUMES = [100, 1_000, 10_000] as const;
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
export function scenarioUsage(result: ScenarioResult, facts: InfraFacts): Usage {
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

function report(result: ScenarioResult, facts: InfraFacts): { markdown: string; totals: number[] } {
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
  const md = [
    '# Cost model: AWS per month at 100, 1 000 and 10 000 invoices',
    '',
    `Measured by \`npm run bench\` (bench/costs): one month of ${invoices} invoices run on the local stack (the same use cases and adapters as on AWS), every AWS SDK call, Lambda-equivalent invocation, queue message, schedule fired and Textract page counted, then turned into eu-west-3 list prices (USD, bench/costs/prices.ts).`,
    '',
    '## The scenario',
    '',
    `${invoices} invoices, ${result.customers} customers (${ASSUMPTIONS.invoicesPerCustomer} invoices each), recorded over 20 days, due 15 days after issue; the clock moved day by day for ${result.days} days (09:05 Paris). Sources: ${result.bySource.api} API, ${result.bySource.webhook} "webhook" (recorded through the API as well), ${result.bySource.pdf} PDFs dropped into \`inbox/\` (${result.pdfConverted} became invoices; documents by state: ${JSON.stringify(result.documentStates)}). ${result.paid} paid after 0–3 reminders, ${result.unpaid} unpaid through the call task, the formal notice (registered letter PDF) and the decision task. ${result.sesEvents} SES events replayed (Send + Delivery for each e-mail). Ran in ${result.seconds.toFixed(0)} s.`,
    '',
    '## Calls per invoice lifecycle',
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
    '- "Webhook" invoices are recorded through `POST /api/invoices`; the real webhook path adds one API request, one provider-events SQS message and invocation and a stored raw event per webhook (not measured). Each non-PDF invoice\'s PDF is stored by a provider-events invocation (one SQS message).',
    '- Payments arrive as invoice updates from the source tool (`amountPaid`); bank statement imports are not in the scenario.',
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
  const { markdown } = report(result, readInfraFacts());
  const out = join(ROOT, 'bench', 'results', 'costs.md');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${markdown}\n`);
  return markdown;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
