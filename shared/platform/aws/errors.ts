/**
 * An AWS error answer as an Error whose `name` is the service's error code (`ConditionalCheckFailedException`,
 * `NoSuchKey`, `TooManyRequestsException`…), as the SDK names its exceptions, so callers test `error.name`.
 *
 * Where the code is: the JSON protocols put it in `__type` (`com.amazonaws.dynamodb.v20120810#ResourceNotFound…`
 * or the bare name) or the `x-amzn-ErrorType` header (`Name:http://internal…`), REST-JSON services sometimes in
 * `code`; S3 in the XML body's `<Code>`, and not at all for a HEAD (then the status names it).
 */
export class AwsServiceError extends Error {
  constructor(
    name: string,
    message: string,
    readonly service: string,
    readonly operation: string,
    readonly statusCode: number,
    /** The request id AWS answered with, for support cases; never personal data. */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = name;
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  429: 'TooManyRequestsException',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

export function errorFromResponse(
  service: string,
  operation: string,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
): AwsServiceError {
  const text = new TextDecoder().decode(body);
  let code: string | undefined = headers['x-amzn-errortype'];
  let message: string | undefined;
  if (text.trimStart().startsWith('<')) {
    code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? code;
    message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  } else if (text) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const type = json.__type ?? json.code ?? json.Code;
      if (typeof type === 'string') code = type;
      const said = json.message ?? json.Message;
      if (typeof said === 'string') message = said;
    } catch {
      // Not JSON (a proxy's HTML page): the status names it below.
    }
  }
  const name = normalizeCode(code) ?? STATUS_NAMES[status] ?? `Http${status}`;
  const requestId = headers['x-amzn-requestid'] ?? headers['x-amz-request-id'];
  return new AwsServiceError(
    name,
    message ?? `${service} ${operation} failed with HTTP ${status}`,
    service,
    operation,
    status,
    requestId,
  );
}

/** `ns#Name`, `Name:http://…` or `Name` → `Name`. */
function normalizeCode(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const name = code.split('#').pop()?.split(':')[0]?.trim();
  return name || undefined;
}
