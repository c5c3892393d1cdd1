/**
 * The bucket (S3 on AWS, s3rver locally) behind the BlobStore port: invoice PDFs, dropped documents,
 * statements, letters.
 */
import type { S3Objects } from '#shared/platform/aws/s3.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Objects,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.client.putObject({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType });
  }

  async get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined> {
    try {
      const res = await this.client.getObject({ Bucket: this.bucket, Key: key });
      return {
        body: res.Body,
        contentType: res.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return undefined;
      throw error;
    }
  }
}
