/**
 * A statement file dropped under the bucket's bank/ prefix, as the statement-import function receives it: S3
 * sends "Object Created" to EventBridge, a rule (bank/ prefix) targets the import queue, and each SQS record's
 * body is the EventBridge event (JSON). In EventBridge events the object key is not URL-encoded.
 */
import * as z from './zod.ts';

export const BANK_PREFIX = 'bank/';

const nonEmpty = () => z.string().check(z.minLength(1));

export const S3ObjectCreatedEventBridge = z.object({
  version: z.string(),
  id: nonEmpty(),
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  time: z.string(),
  region: nonEmpty(),
  detail: z.object({
    bucket: z.object({ name: nonEmpty() }),
    object: z.object({
      key: nonEmpty(),
      size: z.optional(z.number().check(z.int(), z.nonnegative())),
      etag: z.optional(z.string()),
      sequencer: z.optional(z.string()),
    }),
    reason: z.optional(z.string()),
  }),
});

export type S3ObjectCreatedEventBridge = z.infer<typeof S3ObjectCreatedEventBridge>;

/** An SQS record body carrying the EventBridge event. */
export const StatementObjectBody = z.pipe(
  z.pipe(
    z.string(),
    z.transform((body: string, ctx) => {
      try {
        return JSON.parse(body) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'the body is not JSON', input: body });
        return z.NEVER;
      }
    }),
  ),
  S3ObjectCreatedEventBridge,
);

/** The SQS event the statement-import function receives (only what it reads). */
export const StatementObjectSqsEvent = z.object({
  Records: z
    .array(z.object({ messageId: nonEmpty(), eventSource: z.literal('aws:sqs'), body: StatementObjectBody }))
    .check(z.minLength(1)),
});
