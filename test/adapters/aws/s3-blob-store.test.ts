import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { type RunningS3, startS3 } from '#shared/adapters/local/emulators.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';

describe('S3 blob store (against s3rver)', () => {
  let dir: string;
  let s3: RunningS3;
  let store: S3BlobStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-s3-'));
    s3 = await startS3({ directory: dir, buckets: ['relance'] });
    const client = new S3Objects({
      region: 'eu-west-3',
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    store = new S3BlobStore(client, 'relance');
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores and reads back bytes exactly, with their content type', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0a]);
    await store.put('invoices/inv_1.pdf', bytes, 'application/pdf');
    const back = await store.get('invoices/inv_1.pdf');
    expect(back?.contentType).toBe('application/pdf');
    expect(Buffer.from(back!.body).equals(Buffer.from(bytes))).toBe(true);
  });

  it('answers undefined for a missing key', async () => {
    expect(await store.get('invoices/missing.pdf')).toBeUndefined();
  });
});
