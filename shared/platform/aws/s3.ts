/**
 * The two S3 operations Relance makes: PutObject and GetObject, over S3's REST protocol. Path-style addressing
 * when an endpoint is given (s3rver), virtual-hosted style on AWS. The payload's SHA-256 is signed (not
 * UNSIGNED-PAYLOAD), so S3 refuses a body altered on the way.
 */
import { createHash } from 'node:crypto';
import { AwsService, type ClientOptions } from './aws-service.ts';
import { pathLabel } from './rest-json.ts';

export interface PutObjectInput {
  Bucket: string;
  Key: string;
  Body: Uint8Array | string;
  ContentType?: string;
}

export interface GetObjectOutput {
  Body: Uint8Array;
  ContentType?: string;
  ETag?: string;
}

export class S3Objects {
  readonly service: AwsService;

  constructor(options: ClientOptions) {
    this.service = new AwsService({ name: 'S3', signingName: 's3', endpointPrefix: 's3', envKey: 'S3' }, options);
  }

  async putObject(input: PutObjectInput): Promise<{ ETag?: string }> {
    const body = typeof input.Body === 'string' ? new TextEncoder().encode(input.Body) : input.Body;
    const res = await this.service.send('PutObject', input, {
      method: 'PUT',
      ...this.location(input.Bucket, input.Key),
      headers: {
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
        // Always one: the signer would otherwise add a form content type.
        'content-type': input.ContentType ?? 'application/octet-stream',
      },
      body,
    });
    return { ETag: res.headers.etag };
  }

  /** The object, or a thrown AwsServiceError named `NoSuchKey` when there is none. */
  async getObject(input: { Bucket: string; Key: string }): Promise<GetObjectOutput> {
    const res = await this.service.send('GetObject', input, {
      method: 'GET',
      ...this.location(input.Bucket, input.Key),
      headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
    });
    return {
      Body: res.body,
      ContentType: res.headers['content-type'],
      ETag: res.headers.etag,
    };
  }

  private location(bucket: string, key: string): { path: string; endpoint?: string } {
    return objectLocation(bucket, key, this.service.isDefaultEndpoint() ? this.service.options.region : undefined);
  }
}

/**
 * Where an object is. On AWS (`awsRegion` given): virtual-hosted style (`https://bucket.s3.region.amazonaws.com/key`,
 * the style AWS recommends and the SDK uses) for bucket names valid in a host name without dots (TLS wildcards
 * cover one label). On an emulator, which has one host, and for other names: path style (`/bucket/key`) on the
 * client's endpoint.
 */
export function objectLocation(bucket: string, key: string, awsRegion?: string): { path: string; endpoint?: string } {
  const encodedKey = key.split('/').map(pathLabel).join('/');
  if (awsRegion && /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket))
    return { endpoint: `https://${bucket}.s3.${awsRegion}.amazonaws.com`, path: `/${encodedKey}` };
  return { path: `/${pathLabel(bucket)}/${encodedKey}` };
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
