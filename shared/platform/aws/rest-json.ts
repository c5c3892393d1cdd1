/**
 * AWS's REST-JSON protocol (SES v2, EventBridge Scheduler): the operation is a method and a path, its input a
 * JSON body (and some query parameters), its output JSON.
 */
import { type AwsHttpRequest, AwsService, type ClientOptions, type ServiceId } from './aws-service.ts';
import { toJson } from './json-protocol.ts';

export class RestJsonClient {
  readonly service: AwsService;

  constructor(id: ServiceId, options: ClientOptions) {
    this.service = new AwsService(id, options);
  }

  async call<O>(
    operation: string,
    input: object,
    request: Pick<AwsHttpRequest, 'method' | 'path' | 'query'> & { body?: object },
  ): Promise<O> {
    const res = await this.service.send(operation, input, {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.body ? { 'content-type': 'application/json' } : {},
      body: request.body ? toJson(request.body) : undefined,
    });
    const text = new TextDecoder().decode(res.body);
    return (text ? JSON.parse(text) : {}) as O;
  }
}

/** One path segment, encoded as AWS expects a label (RFC 3986 unreserved characters left as they are). */
export function pathLabel(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
