/**
 * The environment variables of the Lambda entry points, as zod fragments: each handler declares exactly the ones
 * it needs (`loadConfig(z.object({ ...Table, ...Bucket }))`) and fails at cold start naming a missing or malformed
 * one. The CDK stack sets the same names (infra/stateless-stack.ts); test/infra checks each function's list.
 */
import * as z from '#shared/platform/zod.ts';

const nonEmpty = () => z.string().check(z.minLength(1));
const arn = () => z.string().check(z.startsWith('arn:'));

export const Region = { AWS_REGION: nonEmpty() };

/** The DynamoDB table (AppFunction.bindTable). */
export const Table = { ...Region, TABLE_NAME: nonEmpty() };

/** The bucket (AppFunction.bindBucket): invoice PDFs, documents, letters, statements. */
export const Bucket = { BUCKET_NAME: nonEmpty() };

/** The FIFO queue of customers to re-plan (`{customerId}`), fed by onCustomerChanged. */
export const Replan = { REPLAN_QUEUE_URL: z.url() };

/** The provider-events work queue: webhooks accepted by the API and the catch-up sync feed it. */
export const ProviderQueue = { PROVIDER_EVENTS_QUEUE_URL: z.url() };

/**
 * The reminder channels. E-mail is on when a configuration set is given (the stack sets it only with a sender
 * identity), SMS when an origination identity is.
 */
export const Messaging = {
  SES_CONFIGURATION_SET: z.optional(nonEmpty()),
  /** The account's maximum send rate, messages per second: 1 in the SES sandbox. */
  SES_SEND_RATE: z._default(z.coerce.number().check(z.positive()), 1),
  SMS_ORIGINATION_IDENTITY: z.optional(nonEmpty()),
  SMS_CONFIGURATION_SET: z.optional(nonEmpty()),
};

/** EventBridge Scheduler: the group, the role it assumes, its dead-letter queue, and the dispatch it invokes. */
export const Scheduling = {
  SCHEDULE_GROUP_NAME: nonEmpty(),
  SCHEDULER_ROLE_ARN: arn(),
  SCHEDULER_DEAD_LETTER_ARN: arn(),
  DISPATCH_FUNCTION_ARN: arn(),
};

/** Portal links in reminders: the signing key (a secret) and the public base URL of the app. */
export const Portal = { PORTAL_SECRET_ARN: arn(), PORTAL_BASE_URL: z.url() };

/** One JSON secret per provider (keys = the variable names of the README); a provider is off without one. */
export const ProviderSecrets = {
  SELLSY_SECRET_ARN: z.optional(arn()),
  QUICKBOOKS_SECRET_ARN: z.optional(arn()),
  CHARGEBEE_SECRET_ARN: z.optional(arn()),
};

/** Textract's asynchronous analysis (TextractNotifications.allowAnalysis). */
export const Textract = {
  TEXTRACT_SNS_TOPIC_ARN: arn(),
  TEXTRACT_ROLE_ARN: arn(),
  /** Textract's synchronous limit; larger files fail with a reason instead of being downloaded. */
  RELANCE_MAX_DOCUMENT_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 10 * 1024 * 1024),
};
