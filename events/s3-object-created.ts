/**
 * S3 ObjectCreated notifications as S3 delivers them to a function (and as s3rver emits them locally): only the
 * fields the intake reads are checked; the rest passes through.
 */
import { z } from 'zod';

export const S3ObjectCreatedRecord = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string().startsWith('ObjectCreated:'),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      /** URL-encoded, spaces as "+" (decode before use). */
      key: z.string().min(1),
      size: z.number().int().nonnegative(),
      eTag: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});

export const S3ObjectCreatedEvent = z.object({ Records: z.array(S3ObjectCreatedRecord).min(1) });

export type S3ObjectCreatedEvent = z.infer<typeof S3ObjectCreatedEvent>;

/** The object key as stored (S3 event keys are URL-encoded with "+" for spaces). */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
