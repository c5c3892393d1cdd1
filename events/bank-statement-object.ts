/**
 * A statement file dropped under the bucket's bank/ prefix, as the statement-import function receives it: S3
 * sends "Object Created" to EventBridge, a rule (bank/ prefix) targets the import queue, and each SQS record's
 * body is the EventBridge event (JSON). In EventBridge events the object key is not URL-encoded.
 */
import { S3ObjectCreatedBody } from './s3-object-created-eventbridge.ts';
import * as z from './zod.ts';

export const BANK_PREFIX = 'bank/';

const nonEmpty = () => z.string().check(z.minLength(1));

export { S3ObjectCreatedEventBridge } from './s3-object-created-eventbridge.ts';

/** An SQS record body carrying the EventBridge event of a statement drop. */
export const StatementObjectBody = S3ObjectCreatedBody;

/** The SQS event the statement-import function receives (only what it reads). */
export const StatementObjectSqsEvent = z.object({
  Records: z
    .array(z.object({ messageId: nonEmpty(), eventSource: z.literal('aws:sqs'), body: StatementObjectBody }))
    .check(z.minLength(1)),
});
