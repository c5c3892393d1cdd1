/**
 * The one way Relance calls AWS: a request signed with Signature V4 (aws4), sent with Node's http/https modules,
 * retried on throttling and transient failures with capped exponential back-off and full jitter (the SDK's
 * "standard" retry mode), its error answer turned into an AwsServiceError named by the service's error code.
 *
 * Why not the AWS SDK v3 clients: bundled, each function carried 220–510 KB of SDK (its schemas, endpoint rule
 * sets, serde for protocols we never use) and spent 40 ms importing it; left to the Lambda runtime, loading it
 * from node_modules took ~90 ms for two clients. The functions' targets are 400 KB and 80 ms. Relance calls
 * 17 operations across 8 services, all over AWS's plain JSON, REST-JSON or S3 protocols, so the clients in this
 * folder are small typed wrappers over this class, checked against the real emulators (dynalite, s3rver,
 * aws-ses-v2-local) and, for the services with none, against recorded requests and answers.
 * Why not fetch: its first use (and the first `Headers`) loads Node's bundled undici, ~20 ms of every cold start
 * that calls AWS during its import; http/https load in a few.
 *
 * Endpoints: `endpoint` when given (the local emulators), else `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`
 * as the SDK reads them, else the service's regional endpoint. Credentials: given, else the environment (on
 * Lambda the execution role's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN), read at each call.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import aws4 from 'aws4';
import { AwsServiceError, errorFromResponse } from './errors.ts';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What every client in this folder takes: the region, and an endpoint and credentials for the local emulators. */
export interface ClientOptions {
  region: string;
  endpoint?: string;
  credentials?: AwsCredentials;
  /** Attempts per call, the first included (3, as the SDK's standard mode). 1 for calls that must not repeat. */
  maxAttempts?: number;
  /** Per-attempt time limit in ms (default 30 s). */
  timeoutMs?: number;
}

/** One call as the code made it: the service, the operation and its input, before it is encoded. */
export interface AwsCall {
  readonly service: string;
  readonly operation: string;
  readonly input: unknown;
}

/**
 * Runs before each call is sent (once per call, not per attempt); may throw or wait. For tests and the cost
 * bench (fault injection, call counting); production code adds none.
 */
export type AwsInterceptor = (call: AwsCall) => void | Promise<void>;

export interface AwsHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Path after the endpoint, already encoded, starting with `/`. */
  path: string;
  /** Another base URL than the client's endpoint (S3's virtual-hosted bucket names). */
  endpoint?: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface AwsHttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

/** How a service is named: its SigV4 signing name, its endpoint prefix and its SDK service id (for env names). */
export interface ServiceId {
  /** As errors and interceptors name it: "DynamoDB", "S3", "SESv2"… (the cost bench's labels). */
  readonly name: string;
  readonly signingName: string;
  readonly endpointPrefix: string;
  /** `AWS_ENDPOINT_URL_<envKey>`: the SDK's service id, upper-cased, spaces as underscores. */
  readonly envKey: string;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const TRANSIENT_CODES = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalError', 'InternalFailure']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
/** The SDK's standard mode: 100 ms base, 20 s cap. */
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 20_000;

/** Connection failures Node reports by code: no answer came, so the request may be sent again. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** Whether a failed attempt may be tried again: throttling, a transient server error, or no answer at all. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AwsServiceError)
    return THROTTLING.has(error.name) || TRANSIENT_CODES.has(error.name) || TRANSIENT_STATUS.has(error.statusCode);
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || CONNECTION_ERRORS.has((error as NodeJS.ErrnoException).code ?? '');
}

const globalInterceptors: AwsInterceptor[] = [];

/** Adds an interceptor to every client of the process (the cost bench's call counter); returns its remover. */
export function interceptAllAwsCalls(interceptor: AwsInterceptor): () => void {
  globalInterceptors.push(interceptor);
  return () => {
    const at = globalInterceptors.indexOf(interceptor);
    if (at >= 0) globalInterceptors.splice(at, 1);
  };
}

export class AwsService {
  private readonly interceptors: AwsInterceptor[] = [];

  constructor(
    readonly id: ServiceId,
    readonly options: ClientOptions,
    private readonly deps: { sleep?: (ms: number) => Promise<void>; random?: () => number } = {},
  ) {}

  /** Adds an interceptor to this client's calls; returns a switch to remove it. */
  intercept(interceptor: AwsInterceptor): { off(): void } {
    this.interceptors.push(interceptor);
    return {
      off: () => {
        const at = this.interceptors.indexOf(interceptor);
        if (at >= 0) this.interceptors.splice(at, 1);
      },
    };
  }

  /** Whether the endpoint is the service's own (not an emulator's or a proxy's, given or from the env). */
  isDefaultEndpoint(): boolean {
    return (
      !this.options.endpoint && !process.env[`AWS_ENDPOINT_URL_${this.id.envKey}`] && !process.env.AWS_ENDPOINT_URL
    );
  }

  endpoint(): string {
    // An empty variable counts as unset, as isDefaultEndpoint reads it.
    const fromEnv = process.env[`AWS_ENDPOINT_URL_${this.id.envKey}`] || process.env.AWS_ENDPOINT_URL || undefined;
    const endpoint =
      this.options.endpoint ?? fromEnv ?? `https://${this.id.endpointPrefix}.${this.options.region}.amazonaws.com`;
    return endpoint.replace(/\/+$/, '');
  }

  /** Sends one operation, retried as the class comment says; a non-2xx answer throws an AwsServiceError. */
  async send(operation: string, input: unknown, request: AwsHttpRequest): Promise<AwsHttpResponse> {
    for (const interceptor of [...globalInterceptors, ...this.interceptors])
      await interceptor({ service: this.id.name, operation, input });
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(operation, request);
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryable(error)) throw error;
        const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
        await (this.deps.sleep ?? defaultSleep)((this.deps.random ?? Math.random)() * cap);
      }
    }
  }

  private async attempt(operation: string, request: AwsHttpRequest): Promise<AwsHttpResponse> {
    const url = new URL((request.endpoint ?? this.endpoint()) + request.path);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const signed = aws4.sign(
      {
        host: url.host,
        path: url.pathname + url.search,
        method: request.method,
        headers: { ...request.headers },
        body,
        service: this.id.signingName,
        region: this.options.region,
      },
      this.options.credentials ?? credentialsFromEnv(),
    );
    const res = await send(url, {
      method: request.method,
      headers: signed.headers as Record<string, string>,
      body,
      timeoutMs: this.options.timeoutMs ?? 30_000,
    });
    if (res.status >= 200 && res.status < 300) return res;
    throw errorFromResponse(this.id.name, operation, res.status, res.headers, res.body);
  }
}

/** One HTTP exchange; rejects with a TimeoutError when the whole of it takes longer than `timeoutMs`. */
function send(
  url: URL,
  init: { method: string; headers: Record<string, string>; body: Buffer | undefined; timeoutMs: number },
): Promise<AwsHttpResponse> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, { method: init.method, headers: init.headers }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('aborted', () => fail(Object.assign(new Error('the answer broke off'), { code: 'ECONNRESET' })));
      res.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers))
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    const timer = setTimeout(() => {
      const timeout = new Error(`no answer from ${url.host} within ${init.timeoutMs} ms`);
      timeout.name = 'TimeoutError';
      req.destroy(timeout);
      fail(timeout);
    }, init.timeoutMs);
    req.on('error', fail);
    req.end(init.body);
  });
}

function credentialsFromEnv(): AwsCredentials {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new Error('no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
  };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
