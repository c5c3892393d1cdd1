/**
 * SDK client factories. The same clients serve AWS and the local stack; only the endpoints differ
 * (AWS_ENDPOINT_URL_* locally). Create them once per process and pass them to adapters.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function documentClient(options: ClientOptions): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(options), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function s3Client(options: ClientOptions): S3Client {
  return new S3Client({
    ...options,
    forcePathStyle: Boolean(options.endpoint),
    // s3rver rejects the flexible checksums the SDK sends by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function sesClient(options: ClientOptions): SESv2Client {
  // A timed-out SendEmail may have been sent: the SDK must not retry it (SesMailer retries throttling only).
  return new SESv2Client({ maxAttempts: 1, ...options });
}
