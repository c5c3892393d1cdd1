/**
 * The object an S3 "Object Created" EventBridge event announces, as a work queue delivers it (the SQS body is
 * the EventBridge event as JSON). EventBridge keys are not URL-encoded, unlike S3 notification keys. Only the
 * fields the consumers read are checked.
 */
import { z } from 'zod';

const ObjectCreated = z.object({
  id: z.string().min(1),
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative() }),
  }),
});

/** The key and size of the created object when it is under `prefix` (and not a "folder"), else undefined. */
export function objectCreatedUnder(
  body: string,
  prefix: string,
): { eventId: string; key: string; size: number } | undefined {
  const event = ObjectCreated.parse(JSON.parse(body));
  const { key, size } = event.detail.object;
  if (!key.startsWith(prefix) || key.endsWith('/')) return undefined;
  return { eventId: event.id, key, size };
}
