/**
 * The object an S3 "Object Created" EventBridge event announces, as a work queue delivers it (the SQS body is
 * the EventBridge event as JSON). EventBridge keys are not URL-encoded, unlike S3 notification keys. Only the
 * fields the consumers read are checked.
 */
import * as z from '#shared/platform/zod.ts';

const nonEmpty = () => z.string().check(z.minLength(1));

const ObjectCreated = z.object({
  id: nonEmpty(),
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  detail: z.object({
    bucket: z.object({ name: nonEmpty() }),
    object: z.object({ key: nonEmpty(), size: z.number().check(z.int(), z.nonnegative()) }),
  }),
});

/** The SQS body: JSON text of the event (a body that is no JSON is a zod issue too, not a SyntaxError). */
const ObjectCreatedBody = z.pipe(
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
  ObjectCreated,
);

/** The key and size of the created object when it is under `prefix` (and not a "folder"), else undefined. */
export function objectCreatedUnder(
  body: string,
  prefix: string,
): { eventId: string; key: string; size: number } | undefined {
  const event = ObjectCreatedBody.parse(body);
  const { key, size } = event.detail.object;
  if (!key.startsWith(prefix) || key.endsWith('/')) return undefined;
  return { eventId: event.id, key, size };
}
