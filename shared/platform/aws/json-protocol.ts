/**
 * AWS's JSON protocols (awsJson1_0 and awsJson1_1): every operation is a POST to `/` naming its target in the
 * `X-Amz-Target` header (`DynamoDB_20120810.PutItem`), input and output as JSON. DynamoDB, SQS, Secrets Manager,
 * Textract and End User Messaging SMS speak it.
 */
import { AwsService, type ClientOptions, type ServiceId } from './aws-service.ts';

export class JsonProtocolClient {
  readonly service: AwsService;

  constructor(
    id: ServiceId,
    options: ClientOptions,
    private readonly protocol: { targetPrefix: string; version: '1.0' | '1.1' },
  ) {
    this.service = new AwsService(id, options);
  }

  async call<O>(operation: string, input: object, encoded: object = input): Promise<O> {
    const res = await this.service.send(operation, input, {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': `application/x-amz-json-${this.protocol.version}`,
        'x-amz-target': `${this.protocol.targetPrefix}.${operation}`,
      },
      body: toJson(encoded),
    });
    const text = new TextDecoder().decode(res.body);
    return (text ? JSON.parse(text) : {}) as O;
  }
}

/** JSON as AWS's JSON protocols carry it: blobs (Uint8Array, Buffer) as base64 strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, encoded: unknown) {
    // `encoded` is after toJSON (a Buffer becomes {type, data}); the holder still has the bytes themselves.
    const raw = this[key];
    return raw instanceof Uint8Array
      ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64')
      : encoded;
  });
}
