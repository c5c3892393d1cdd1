import type { BlobStore } from '#shared/ports/blob-store.ts';

/** An in-memory bucket for use-case and web tests; the S3 adapter itself is tested against s3rver. */
export class MemoryBlobs implements BlobStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(key: string, body: Uint8Array, contentType: string) {
    this.objects.set(key, { body, contentType });
  }
  async get(key: string) {
    return this.objects.get(key);
  }
}
