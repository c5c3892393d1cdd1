/**
 * A stand-in AWS endpoint on 127.0.0.1 (port 0) for the services with no emulator (Scheduler, Textract, SQS,
 * Secrets Manager, End User Messaging SMS): it records each request as it reached the wire — the service from the
 * SigV4 credential scope, the operation from `X-Amz-Target` (JSON protocols) or the method and path (REST-JSON),
 * the decoded JSON body — and answers what the test set for that operation (a recorded real answer, or an AWS
 * error). Point a client at it with `endpoint`, or every client of a handler with AWS_ENDPOINT_URL.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The SigV4 signing name → the name the clients give the service (shared/platform/aws). */
const SERVICE_NAMES: Record<string, string> = {
  dynamodb: 'DynamoDB',
  s3: 'S3',
  sqs: 'SQS',
  ses: 'SESv2',
  scheduler: 'Scheduler',
  secretsmanager: 'SecretsManager',
  textract: 'Textract',
  'sms-voice': 'PinpointSMSVoiceV2',
};

/** REST-JSON operations by method and path. */
const REST_ROUTES: { service: string; method: string; path: RegExp; operation: string }[] = [
  { service: 'Scheduler', method: 'POST', path: /^\/schedules\/[^/]+$/, operation: 'CreateSchedule' },
  { service: 'Scheduler', method: 'DELETE', path: /^\/schedules\/[^/]+$/, operation: 'DeleteSchedule' },
  { service: 'SESv2', method: 'POST', path: /^\/v2\/email\/outbound-emails$/, operation: 'SendEmail' },
];

export interface RecordedCall {
  /** `Scheduler.CreateSchedule`, `SecretsManager.GetSecretValue`… */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  /** The JSON body, decoded (undefined when there was none). */
  readonly body: Record<string, unknown> | undefined;
  /** The credential scope's region. */
  readonly region: string;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeHandler = (call: RecordedCall) => FakeReply | Promise<FakeReply>;

/** An AWS error answer as the JSON protocols and REST-JSON both read it (`__type` and `x-amzn-ErrorType`). */
export function awsError(status: number, type: string, message = type): FakeReply {
  return { status, body: { __type: type, message }, headers: { 'x-amzn-errortype': type } };
}

export interface FakeAws {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  /** Answers `name` (`Service.Operation`) with `reply`, or with what `reply` returns for each call. */
  on(name: string, reply: FakeReply | FakeHandler): void;
  /** The recorded calls of one operation, in order. */
  callsOf(name: string): RecordedCall[];
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeAws(): Promise<FakeAws> {
  const calls: RecordedCall[] = [];
  const handlers = new Map<string, FakeHandler>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
    const service = SERVICE_NAMES[scope?.[2] ?? ''] ?? scope?.[2] ?? 'unsigned';
    const target = req.headers['x-amz-target'];
    const operation =
      typeof target === 'string'
        ? (target.split('.').pop() ?? target)
        : (REST_ROUTES.find((r) => r.service === service && r.method === req.method && r.path.test(url.pathname))
            ?.operation ?? `${req.method} ${url.pathname}`);
    const call: RecordedCall = {
      name: `${service}.${operation}`,
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      region: scope?.[1] ?? '',
    };
    calls.push(call);
    const handler = handlers.get(call.name);
    const reply = handler
      ? await handler(call)
      : awsError(400, 'UnknownOperationException', `the fake has no answer for ${call.name}`);
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    on(name, reply) {
      handlers.set(name, typeof reply === 'function' ? reply : () => reply);
    },
    callsOf: (name) => calls.filter((c) => c.name === name),
    reset() {
      calls.length = 0;
      handlers.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
