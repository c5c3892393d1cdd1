/**
 * The arithmetic of the cost bench, pure: usage quantities × prices, per service; per-invoice usage scaled to a
 * monthly volume; fixed monthly items added. No I/O, no timing: test/bench/costs.test.ts checks it.
 */
import { FREE_TIER, PRICES } from './prices.ts';

/** Billable quantities, per invoice lifecycle or per month. */
export interface Usage {
  lambdaRequests: number;
  lambdaGbSeconds: number;
  httpApiRequests: number;
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  /** GB-months (table, with PITR billed on the same size). */
  dynamoStorageGbMonths: number;
  schedulerInvocations: number;
  sesMessages: number;
  sesAttachmentGb: number;
  sqsStandardRequests: number;
  sqsFifoRequests: number;
  s3Puts: number;
  s3Gets: number;
  s3StorageGbMonths: number;
  textractPages: number;
  secretCalls: number;
  logsGb: number;
  xrayTraces: number;
}

export const USAGE_KEYS = [
  'lambdaRequests',
  'lambdaGbSeconds',
  'httpApiRequests',
  'dynamoReadUnits',
  'dynamoWriteUnits',
  'dynamoStorageGbMonths',
  'schedulerInvocations',
  'sesMessages',
  'sesAttachmentGb',
  'sqsStandardRequests',
  'sqsFifoRequests',
  's3Puts',
  's3Gets',
  's3StorageGbMonths',
  'textractPages',
  'secretCalls',
  'logsGb',
  'xrayTraces',
] as const satisfies readonly (keyof Usage)[];

export const zeroUsage = (): Usage => Object.fromEntries(USAGE_KEYS.map((k) => [k, 0])) as unknown as Usage;

export function scaleUsage(usage: Usage, factor: number): Usage {
  return Object.fromEntries(USAGE_KEYS.map((k) => [k, usage[k] * factor])) as unknown as Usage;
}

export function addUsage(a: Usage, b: Usage): Usage {
  return Object.fromEntries(USAGE_KEYS.map((k) => [k, a[k] + b[k]])) as unknown as Usage;
}

/** Monthly items that do not depend on the number of invoices. */
export interface FixedItems {
  secrets: number;
  alarms: number;
  dashboards: number;
  /** Usage that happens every month whatever the volume (idle queue polling, daily catch-up schedules). */
  usage: Usage;
}

export interface CostLine {
  service: string;
  usd: number;
  /** What the free tier would take off this line (not subtracted from usd). */
  freeTierUsd: number;
}

export const SERVICES = [
  'Lambda',
  'API Gateway (HTTP API)',
  'DynamoDB (on-demand)',
  'EventBridge Scheduler',
  'SES',
  'SQS',
  'S3',
  'Textract',
  'Secrets Manager',
  'CloudWatch',
  'X-Ray',
] as const;

const perMillion = (n: number, usd: number) => (n / 1_000_000) * usd;
const perThousand = (n: number, usd: number) => (n / 1_000) * usd;
/** Cost of `n` at `price(n)`, and what a free allowance of `free` units would take off it. */
const withFree = (n: number, free: number, price: (n: number) => number) => ({
  usd: price(n),
  free: price(n) - price(Math.max(0, n - free)),
});

/** The bill of one month of `usage` plus the fixed items, per service. */
export function monthlyCost(usage: Usage, fixed: FixedItems): CostLine[] {
  const u = addUsage(usage, fixed.usage);
  const lambdaReq = withFree(u.lambdaRequests, FREE_TIER.lambdaRequests.amount, (n) =>
    perMillion(n, PRICES.lambdaRequests.usd),
  );
  const lambdaGbs = withFree(
    u.lambdaGbSeconds,
    FREE_TIER.lambdaGbSeconds.amount,
    (n) => n * PRICES.lambdaGbSecondArm.usd,
  );
  const api = withFree(u.httpApiRequests, FREE_TIER.httpApiRequests.amount, (n) =>
    perMillion(n, PRICES.httpApiRequests.usd),
  );
  const dynamoRequests =
    perMillion(u.dynamoReadUnits, PRICES.dynamoRead.usd) + perMillion(u.dynamoWriteUnits, PRICES.dynamoWrite.usd);
  const dynamoStorage = withFree(
    u.dynamoStorageGbMonths,
    FREE_TIER.dynamoStorageGb.amount,
    (n) => n * PRICES.dynamoStorage.usd,
  );
  const pitr = u.dynamoStorageGbMonths * PRICES.dynamoPitr.usd;
  const scheduler = withFree(u.schedulerInvocations, FREE_TIER.schedulerInvocations.amount, (n) =>
    perMillion(n, PRICES.schedulerInvocations.usd),
  );
  const ses = withFree(u.sesMessages, FREE_TIER.sesMessages.amount, (n) => perThousand(n, PRICES.sesMessages.usd));
  const sesAttachments = u.sesAttachmentGb * PRICES.sesAttachments.usd;
  // The SQS free million covers standard and FIFO requests together: taken from standard first.
  const sqsStd = perMillion(u.sqsStandardRequests, PRICES.sqsStandard.usd);
  const sqsFifo = perMillion(u.sqsFifoRequests, PRICES.sqsFifo.usd);
  const freeStd = Math.min(u.sqsStandardRequests, FREE_TIER.sqsRequests.amount);
  const freeFifo = Math.min(u.sqsFifoRequests, FREE_TIER.sqsRequests.amount - freeStd);
  const sqsFree = perMillion(freeStd, PRICES.sqsStandard.usd) + perMillion(freeFifo, PRICES.sqsFifo.usd);
  const s3Put = withFree(u.s3Puts, FREE_TIER.s3Puts.amount, (n) => perThousand(n, PRICES.s3Put.usd));
  const s3Get = withFree(u.s3Gets, FREE_TIER.s3Gets.amount, (n) => perThousand(n, PRICES.s3Get.usd));
  const s3Storage = withFree(u.s3StorageGbMonths, FREE_TIER.s3StorageGb.amount, (n) => n * PRICES.s3Storage.usd);
  const textract = withFree(u.textractPages, FREE_TIER.textractPages.amount, (n) => n * PRICES.textractExpensePage.usd);
  const secrets = fixed.secrets * PRICES.secretMonth.usd + (u.secretCalls / 10_000) * PRICES.secretCalls.usd;
  const logs = withFree(
    u.logsGb,
    FREE_TIER.logsGb.amount,
    (n) => n * (PRICES.logsIngestion.usd + PRICES.logsStorage.usd),
  );
  const alarms = withFree(fixed.alarms, FREE_TIER.alarms.amount, (n) => n * PRICES.alarmMonth.usd);
  const dashboards = withFree(fixed.dashboards, 3, (n) => n * PRICES.dashboardMonth.usd);
  const xray = withFree(u.xrayTraces, FREE_TIER.xrayTraces.amount, (n) => perMillion(n, PRICES.xrayTraces.usd));
  const lines: [string, number, number][] = [
    ['Lambda', lambdaReq.usd + lambdaGbs.usd, lambdaReq.free + lambdaGbs.free],
    ['API Gateway (HTTP API)', api.usd, api.free],
    ['DynamoDB (on-demand)', dynamoRequests + dynamoStorage.usd + pitr, dynamoStorage.free],
    ['EventBridge Scheduler', scheduler.usd, scheduler.free],
    ['SES', ses.usd + sesAttachments, ses.free],
    ['SQS', sqsStd + sqsFifo, sqsFree],
    ['S3', s3Put.usd + s3Get.usd + s3Storage.usd, s3Put.free + s3Get.free + s3Storage.free],
    ['Textract', textract.usd, textract.free],
    ['Secrets Manager', secrets, 0],
    ['CloudWatch', logs.usd + alarms.usd + dashboards.usd, logs.free + alarms.free + dashboards.free],
    ['X-Ray', xray.usd, xray.free],
  ];
  return lines.map(([service, usd, freeTierUsd]) => ({ service, usd, freeTierUsd }));
}

/** The month at `invoices` invoices: per-invoice usage × invoices, plus the fixed items. */
export function costAtVolume(perInvoice: Usage, invoices: number, fixed: FixedItems): CostLine[] {
  return monthlyCost(scaleUsage(perInvoice, invoices), fixed);
}

export const total = (lines: readonly CostLine[]) => lines.reduce((n, l) => n + l.usd, 0);
export const totalFree = (lines: readonly CostLine[]) => lines.reduce((n, l) => n + l.freeTierUsd, 0);

/** "$1.23" with more digits for small amounts, so a per-invoice cent is not shown as 0.00. */
export function usd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.01) return `$${amount.toFixed(4)}`;
  if (amount < 100) return `$${amount.toFixed(2)}`;
  return `$${amount.toFixed(0)}`;
}
