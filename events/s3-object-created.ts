/**
 * S3 ObjectCreated notifications as S3 delivers them to a function (and as s3rver emits them locally): only the
 * fields the intake reads are checked; the rest passes through.
 */
import * as z from './zod.ts';

export const S3ObjectCreatedRecord = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string().check(z.startsWith('ObjectCreated:')),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({
      /** URL-encoded, spaces as "+" (decode before use): a key that does not decode is refused here. */
      key: z.string().check(
        z.minLength(1),
        z.refine((key) => decodable(key), { message: 'is not a URL-encoded object key' }),
      ),
      size: z.number().check(z.int(), z.nonnegative()),
      eTag: z.optional(z.string()),
      sequencer: z.optional(z.string()),
    }),
  }),
});

export const S3ObjectCreatedEvent = z.object({ Records: z.array(S3ObjectCreatedRecord).check(z.minLength(1)) });

export type S3ObjectCreatedEvent = z.infer<typeof S3ObjectCreatedEvent>;

function decodable(key: string): boolean {
  try {
    decodeS3Key(key);
    return true;
  } catch {
    return false;
  }
}

/** The object key as stored (S3 event keys are URL-encoded with "+" for spaces). */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
