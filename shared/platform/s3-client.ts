/** The S3 client factory (one module per client, so a handler loads only the SDK clients it uses). */
import { S3Client } from '@aws-sdk/client-s3';
import type { ClientOptions } from './client-options.ts';

export function s3Client(options: ClientOptions): S3Client {
  return new S3Client({
    ...options,
    forcePathStyle: Boolean(options.endpoint),
    // s3rver rejects the flexible checksums the SDK sends by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
