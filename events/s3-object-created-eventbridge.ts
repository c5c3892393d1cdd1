/**
 * S3 "Object Created" as EventBridge delivers it to a work queue: S3 sends the event to EventBridge, a rule on the
 * key prefix (inbox/, bank/) targets the queue, and each SQS record's body is the event as JSON. In EventBridge
 * events the object key is not URL-encoded, unlike S3 notification keys (s3-object-created.ts).
 */
import * as z from './zod.ts';

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
export const S3ObjectCreatedBody = z.pipe(z.jsonText('the body'), S3ObjectCreatedEventBridge);
