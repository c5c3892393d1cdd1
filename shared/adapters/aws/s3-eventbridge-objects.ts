/**
 * The object an S3 "Object Created" EventBridge event announces, as a work queue delivers it: the event contract
 * of events/s3-object-created-eventbridge.ts, and the object's size, which document intake needs.
 */
import { S3ObjectCreatedBody } from '#events/s3-object-created-eventbridge.ts';
import * as z from '#shared/platform/zod.ts';

/** The SQS body, with the object's size required (a body that is no JSON is a zod issue too, not a SyntaxError). */
const ObjectCreatedBody = z.pipe(
  S3ObjectCreatedBody,
  z.transform((event, ctx) => {
    const { key, size } = event.detail.object;
    if (size === undefined) {
      ctx.issues.push({ code: 'custom', message: 'detail.object.size is missing', input: event, path: ['detail'] });
      return z.NEVER;
    }
    return { eventId: event.id, key, size };
  }),
);

/** The key and size of the created object when it is under `prefix` (and not a "folder"), else undefined. */
export function objectCreatedUnder(
  body: string,
  prefix: string,
): { eventId: string; key: string; size: number } | undefined {
  const object = ObjectCreatedBody.parse(body);
  if (!object.key.startsWith(prefix) || object.key.endsWith('/')) return undefined;
  return object;
}
