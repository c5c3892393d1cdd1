/**
 * AWS list prices for eu-west-3 (Paris), in USD, in ONE place. Each constant names the page it comes from;
 * [U] marks a figure that is not verified here (from memory or a us-east-1 figure; the development machines
 * have no internet access) — check it on the page before quoting a bill. [V]/[S] as in INTEGRATIONS.md.
 * Free tiers are listed apart (FREE_TIER) and never subtracted from the totals by default.
 */

export interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
  readonly tag: 'V' | 'S' | 'U';
}

const p = (usd: number, per: string, source: string, tag: Price['tag']): Price => ({ usd, per, source, tag });

export const PRICES = {
  lambdaGbSecondArm: p(0.0000133334, 'GB-second (arm64)', 'aws.amazon.com/lambda/pricing', 'U'),
  lambdaRequests: p(0.2, 'million requests', 'aws.amazon.com/lambda/pricing', 'U'),
  httpApiRequests: p(1.0, 'million requests (first 300 M)', 'aws.amazon.com/api-gateway/pricing', 'U'),
  dynamoWrite: p(0.7425, 'million write request units (on-demand)', 'aws.amazon.com/dynamodb/pricing/on-demand', 'U'),
  dynamoRead: p(0.1485, 'million read request units (on-demand)', 'aws.amazon.com/dynamodb/pricing/on-demand', 'U'),
  dynamoStorage: p(0.297, 'GB-month (Standard table class)', 'aws.amazon.com/dynamodb/pricing/on-demand', 'U'),
  dynamoPitr: p(0.2376, 'GB-month (point-in-time recovery)', 'aws.amazon.com/dynamodb/pricing/on-demand', 'U'),
  schedulerInvocations: p(1.0, 'million invocations (after 14 M free)', 'INTEGRATIONS.md §6', 'S'),
  sesMessages: p(0.1, '1,000 e-mails', 'aws.amazon.com/ses/pricing', 'U'),
  sesAttachments: p(0.12, 'GB of attachments', 'aws.amazon.com/ses/pricing', 'U'),
  sqsStandard: p(0.4, 'million requests (standard)', 'aws.amazon.com/sqs/pricing', 'U'),
  sqsFifo: p(0.5, 'million requests (FIFO)', 'aws.amazon.com/sqs/pricing', 'U'),
  s3Put: p(0.0053, '1,000 PUT/COPY/POST/LIST', 'aws.amazon.com/s3/pricing', 'U'),
  s3Get: p(0.00042, '1,000 GET/SELECT', 'aws.amazon.com/s3/pricing', 'U'),
  s3Storage: p(0.024, 'GB-month (Standard)', 'aws.amazon.com/s3/pricing', 'U'),
  textractExpensePage: p(0.01, 'page (AnalyzeExpense, first 1 M pages)', 'INTEGRATIONS.md §4', 'U'),
  secretMonth: p(0.4, 'secret-month', 'aws.amazon.com/secrets-manager/pricing', 'U'),
  secretCalls: p(0.05, '10,000 API calls', 'aws.amazon.com/secrets-manager/pricing', 'U'),
  logsIngestion: p(0.57, 'GB ingested (CloudWatch Logs, standard)', 'aws.amazon.com/cloudwatch/pricing', 'U'),
  logsStorage: p(0.0306, 'GB-month archived', 'aws.amazon.com/cloudwatch/pricing', 'U'),
  alarmMonth: p(0.1, 'standard-resolution alarm-month', 'aws.amazon.com/cloudwatch/pricing', 'U'),
  dashboardMonth: p(3.0, 'dashboard-month (beyond 3 free)', 'aws.amazon.com/cloudwatch/pricing', 'U'),
  xrayTraces: p(5.0, 'million traces recorded', 'aws.amazon.com/xray/pricing', 'U'),
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

/** What the free tiers cover each month (always-free unless "first 12 months" / "first 3 months" is said). */
export const FREE_TIER = {
  lambdaRequests: { amount: 1_000_000, note: 'always free' },
  lambdaGbSeconds: { amount: 400_000, note: 'always free' },
  httpApiRequests: { amount: 1_000_000, note: 'first 12 months' },
  dynamoStorageGb: { amount: 25, note: 'always free' },
  schedulerInvocations: { amount: 14_000_000, note: 'always free' },
  sesMessages: { amount: 3_000, note: 'first 12 months (message charges)' },
  sqsRequests: { amount: 1_000_000, note: 'always free (standard + FIFO)' },
  s3StorageGb: { amount: 5, note: 'first 12 months' },
  s3Puts: { amount: 2_000, note: 'first 12 months' },
  s3Gets: { amount: 20_000, note: 'first 12 months' },
  textractPages: { amount: 100, note: 'first 3 months (AnalyzeExpense)' },
  logsGb: { amount: 5, note: 'always free (ingestion + storage)' },
  alarms: { amount: 10, note: 'always free' },
  xrayTraces: { amount: 100_000, note: 'always free' },
} as const;

/**
 * Assumptions that are not prices but turn counts into a bill; each is stated in bench/results/costs.md.
 */
export const ASSUMPTIONS = {
  /** Months of data kept, for storage (S3 PDFs, table items): the bill after a year of use. */
  retentionMonths: 12,
  /** Share of invocations that start a new container (at these volumes most do; init is billed since 2025). */
  coldStartShare: 0.5,
  /** Lambda platform lines per invocation (START, END, REPORT with the X-Ray trace id). */
  platformLogBytesPerInvocation: 350,
  /** One API Gateway access-log line per request. */
  accessLogBytesPerRequest: 300,
  /** Secrets read at a cold start by a function that binds them (API token, portal key, provider secrets). */
  secretsReadPerColdStart: 2,
  /** Secrets in the stateful stack (API token, portal signing key, one per provider: Sellsy, QuickBooks, Chargebee). */
  secrets: 5,
  /** CloudWatch dashboards (one per stage); the first three of an account are free. */
  dashboards: 1,
  /** Lambda event-source mappings on SQS poll even when idle: long polls of 20 s by this many pollers each [U]. */
  idlePollersPerQueue: 5,
  /** Daily catch-up schedules (one per provider), each one SQS message and one provider-events invocation. */
  catchUpSchedulesPerDay: 3,
  daysPerMonth: 30,
  /** Invoices per customer and month in the scenario (one reminder covers all of a customer's open invoices). */
  invoicesPerCustomer: 5,
} as const;

/** One line of the price table for the report. */
export function priceTable(): string[] {
  return Object.entries(PRICES).map(
    ([name, price]) =>
      `| ${name} | ${price.usd} | ${price.per} | ${price.source} | ${price.tag === 'U' ? '[U]' : `[${price.tag}]`} |`,
  );
}
