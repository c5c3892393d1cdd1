/**
 * A statement file dropped under the bucket's bank/ prefix, as the statement-import function receives it: S3
 * sends "Object Created" to EventBridge, a rule (bank/ prefix) targets the import queue, and each SQS record's
 * body is the EventBridge event (JSON). In EventBridge events the object key is not URL-encoded.
 */
import { z } from 'zod';

export const BANK_PREFIX = 'bank/';

export const S3ObjectCreatedEventBridge = z.object({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  time: z.string(),
  region: z.string().min(1),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      etag: z.string().optional(),
      sequencer: z.string().optional(),
    }),
    reason: z.string().optional(),
  }),
});

export type S3ObjectCreatedEventBridge = z.infer<typeof S3ObjectCreatedEventBridge>;

/** An SQS record body carrying the EventBridge event. */
export const StatementObjectBody = z
  .string()
  .transform((body, ctx) => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'the body is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(S3ObjectCreatedEventBridge);

/** The SQS event the statement-import function receives (only what it reads). */
export const StatementObjectSqsEvent = z.object({
  Records: z
    .array(z.object({ messageId: z.string().min(1), eventSource: z.literal('aws:sqs'), body: StatementObjectBody }))
    .min(1),
});
