/**
 * The objects an S3 ObjectCreated notification announces under a prefix, keys decoded: the one reading of the
 * S3 event shared by the intake function on AWS and the local stack's s3rver router.
 */
import { decodeS3Key, S3ObjectCreatedEvent } from '#events/s3-object-created.ts';

export const INBOX_PREFIX = 'inbox/';

export function createdObjects(event: unknown, prefix = INBOX_PREFIX): { key: string; size: number }[] {
  return S3ObjectCreatedEvent.parse(event)
    .Records.map((r) => ({ key: decodeS3Key(r.s3.object.key), size: r.s3.object.size }))
    .filter((o) => o.key.startsWith(prefix) && !o.key.endsWith('/'));
}
