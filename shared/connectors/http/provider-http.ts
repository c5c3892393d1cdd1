/**
 * The one way connectors call provider APIs (Node's global fetch): bounded retries with full jitter on 5xx,
 * timeouts and connection errors; 429 honoured with Retry-After (or the provider's documented wait, e.g.
 * QuickBooks' 60 s); a wait longer than the caller accepts is not slept through but handed back as
 * SourceUnavailableError, so the queue redelivers later instead of a Lambda idling. Every other 4xx is a
 * ProviderHttpError (permanent).
 * Error messages name the provider, method, path and status only: never query strings, bodies or secrets.
 */
import type * as z from '#shared/platform/zod.ts';
import { SourceRecordError, SourceUnavailableError } from '#shared/ports/invoice-source.ts';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Back-off base and cap for 5xx/timeouts (full jitter: a random wait up to base·2^attempt). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Wait after a 429 that carries no Retry-After. */
  rateLimitWaitMs: number;
  /** The longest single wait accepted in-process; a longer one gives up (the queue retries later). */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  rateLimitWaitMs: 2_000,
  maxWaitMs: 60_000,
};

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A provider answered a 4xx other than 429: our request or the record is wrong, retrying will not help. */
export class ProviderHttpError extends SourceRecordError {
  constructor(
    readonly status: number,
    message: string,
    /** The provider's error code when it gives one (e.g. QuickBooks' `invalid_grant`). */
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'ProviderHttpError';
  }
}

export type QueryValue = string | number | boolean | Date | null | undefined;
/** Query parameters: `undefined`/`null` are left out, an array gives `key[]=a&key[]=b`, a Date its ISO form. */
export type QueryParams = Readonly<Record<string, QueryValue | readonly QueryValue[]>>;
/** json: the body parsed when it is JSON, else its text (also for error answers); arraybuffer: a Buffer. */
export type ResponseType = 'json' | 'arraybuffer' | 'text';

/** What every request of one ProviderHttp shares; a request's own values win (headers: name by name). */
export interface HttpDefaults {
  /** Prefix of relative urls, whose path the url is appended to (`…/v2` + `/invoices` → `…/v2/invoices`). */
  baseURL?: string;
  headers?: Readonly<Record<string, string>>;
  /** HTTP Basic credentials; they replace any Authorization header. */
  auth?: { username: string; password: string };
  /** Deadline of the whole exchange (connection, answer and body) in ms; 0 or none: no deadline. */
  timeout?: number;
  /** How the answer's body is read; `json` when not said. */
  responseType?: ResponseType;
}

export interface ProviderRequest extends HttpDefaults {
  /** `GET` when not said. */
  method?: string;
  /** Relative to baseURL, or absolute (`https://…`: baseURL is then ignored). */
  url: string;
  params?: QueryParams;
  /** The body, at most one of: JSON (Content-Type application/json unless given) … */
  json?: unknown;
  /** … a form (application/x-www-form-urlencoded unless given) … */
  form?: URLSearchParams | Readonly<Record<string, string>>;
  /** … or text/bytes sent as they are. */
  body?: string | Uint8Array;
}

export interface ProviderResponse<T = unknown> {
  status: number;
  /** The answer's headers (`get` is case-insensitive). */
  headers: Headers;
  data: T;
}

export interface ProviderHttpOptions {
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
  random?: () => number;
  /** Called with every successful (2xx) answer, before it is handed back (e.g. to read quota headers). */
  onResponse?: (response: ProviderResponse) => void;
  /** The wait a 429 without Retry-After asks for, read from its headers; the policy's rateLimitWaitMs if none. */
  rateLimitWait?: (headers: Headers) => number | undefined;
  /** Stands in for the global fetch (tests). */
  fetch?: typeof fetch;
}

const TRANSIENT_CODES = new Set([
  'ECONNABORTED',
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ERR_NETWORK',
  'EPIPE',
]);

/** undici's own error codes, as the Node http client names the same failures. */
const UNDICI_CODES: Record<string, string> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ECONNABORTED',
  UND_ERR_BODY_TIMEOUT: 'ECONNABORTED',
};

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || !header.trim()) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/** A relative url is appended to the base path (new URL(url, base) would drop the base path); an absolute one stays. */
export function joinUrl(baseURL: string | undefined, url: string): string {
  if (!baseURL || ABSOLUTE_URL.test(url)) return url;
  if (!url) return baseURL;
  return `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

const encodeQuery = (value: string) =>
  encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+');
const queryText = (value: string | number | boolean | Date) =>
  value instanceof Date ? value.toISOString() : String(value);

/** The query string of `params` (`a=1&b%5B%5D=x`), encoded as before the move to fetch (whose URL parser then escapes `'`). */
export function serializeParams(params: QueryParams): string {
  const pairs: string[] = [];
  for (const [rawKey, value] of Object.entries(params)) {
    const key = rawKey.trim();
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const name = `${key.endsWith('[]') ? key.slice(0, -2) : key}[]`;
      for (const item of value as readonly QueryValue[]) {
        if (item !== undefined && item !== null) pairs.push(`${encodeQuery(name)}=${encodeQuery(queryText(item))}`);
      }
    } else {
      pairs.push(`${encodeQuery(key)}=${encodeQuery(queryText(value as string | number | boolean | Date))}`);
    }
  }
  return pairs.join('&');
}

function describe(provider: string, config: { method?: string; url: string; baseURL?: string }): string {
  const raw = config.url;
  let path: string;
  try {
    path = new URL(joinUrl(config.baseURL, raw)).pathname;
  } catch {
    path = raw.split('?')[0] ?? '';
  }
  return `${provider} ${(config.method ?? 'get').toUpperCase()} ${path}`;
}

function errorCode(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  for (const key of ['error', 'api_error_code', 'code']) if (typeof d[key] === 'string') return d[key] as string;
  // QuickBooks: {"Fault": {"Error": [{"code": "610", …}]}}
  const fault = (d.Fault as { Error?: { code?: unknown }[] } | undefined)?.Error?.[0]?.code;
  return typeof fault === 'string' ? fault : undefined;
}

function parseJson(text: string): unknown {
  if (!text) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A request ready to send: everything but the (per-attempt) deadline. */
interface Prepared {
  href: string;
  init: RequestInit;
  timeout: number;
  responseType: ResponseType;
}

/** One attempt: an answer (any status), or a transport failure with its error code when known. */
type Attempt = { response: ProviderResponse; ok: boolean } | { failure: string | undefined };

const isTimeout = (error: unknown) => error instanceof Error && error.name === 'TimeoutError';

/** The code of a failed fetch (connection, TLS, DNS…), or undefined when `error` is not one. */
function transportCode(error: unknown): { code: string | undefined } | undefined {
  if (isTimeout(error)) return { code: 'ECONNABORTED' };
  if (!(error instanceof TypeError) || error.cause === undefined) return undefined;
  const cause = error.cause as { code?: unknown; errors?: { code?: unknown }[] };
  const code = typeof cause?.code === 'string' ? cause.code : cause?.errors?.[0]?.code;
  return { code: typeof code === 'string' ? (UNDICI_CODES[code] ?? code) : undefined };
}

export class ProviderHttp {
  private readonly policy: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: () => number;

  constructor(
    readonly provider: string,
    readonly defaults: HttpDefaults = {},
    private readonly options: ProviderHttpOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  async request<T = unknown>(config: ProviderRequest): Promise<ProviderResponse<T>> {
    const what = describe(this.provider, { ...config, baseURL: config.baseURL ?? this.defaults.baseURL });
    const prepared = this.prepare(config, what);
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      let reason: string;
      const result = await this.attempt(prepared);
      if ('failure' in result) {
        const code = result.failure;
        if (!TRANSIENT_CODES.has(code ?? '')) {
          throw new SourceUnavailableError(`${what} failed (${code ?? 'network error'})`);
        }
        wait = this.backoff(attempt);
        reason = `${what} failed (${code})`;
      } else {
        const { response } = result;
        if (result.ok) {
          this.options.onResponse?.(response);
          return response as ProviderResponse<T>;
        }
        const status = response.status;
        if (status === 429) {
          const header = response.headers.get('retry-after');
          wait =
            (header === null ? this.options.rateLimitWait?.(response.headers) : retryAfterMs(header)) ??
            this.policy.rateLimitWaitMs;
          reason = `${what} was rate-limited (429)`;
        } else if (status >= 500) {
          wait = this.backoff(attempt);
          reason = `${what} failed (${status})`;
        } else {
          throw new ProviderHttpError(status, `${what} was refused (${status})`, errorCode(response.data));
        }
      }
      if (attempt >= this.policy.maxRetries || wait > this.policy.maxWaitMs) {
        throw new SourceUnavailableError(`${reason}; gave up after ${attempt + 1} attempts`, wait);
      }
      await this.sleep(wait);
    }
  }

  /** Full jitter: a random wait up to base·2^attempt, capped. */
  private backoff(attempt: number): number {
    const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** attempt);
    return Math.round(this.random() * cap);
  }

  private prepare(config: ProviderRequest, what: string): Prepared {
    const defaults = this.defaults;
    const url = joinUrl(config.baseURL ?? defaults.baseURL, config.url);
    if (/^https?:(?!\/\/)/i.test(url.trim())) throw new SourceUnavailableError(`${what} failed (ERR_INVALID_URL)`);
    const target = new URL(url);
    if (!['http:', 'https:', 'data:'].includes(target.protocol)) {
      throw new SourceUnavailableError(`${what} failed (ERR_BAD_REQUEST)`);
    }
    target.hash = '';
    const query = config.params ? serializeParams(config.params) : '';
    if (query) target.search = `${target.search}${target.search ? '&' : '?'}${query}`;

    const headers = new Headers(defaults.headers);
    for (const [name, value] of Object.entries(config.headers ?? {})) headers.set(name, value);
    const auth = config.auth ?? defaults.auth;
    if (auth) {
      headers.set('Authorization', `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`);
    }
    const bodies = [config.json, config.form, config.body].filter((b) => b !== undefined).length;
    if (bodies > 1) throw new TypeError('provider request: give at most one of json, form and body');
    let body: string | Uint8Array | undefined = config.body;
    if (config.json !== undefined) {
      body = JSON.stringify(config.json);
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    } else if (config.form !== undefined) {
      body = (config.form instanceof URLSearchParams ? config.form : new URLSearchParams(config.form)).toString();
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/x-www-form-urlencoded');
    }
    return {
      href: target.href,
      init: { method: (config.method ?? 'GET').toUpperCase(), headers, body, redirect: 'follow' },
      timeout: config.timeout ?? defaults.timeout ?? 0,
      responseType: config.responseType ?? defaults.responseType ?? 'json',
    };
  }

  private async attempt(prepared: Prepared): Promise<Attempt> {
    const fetcher = this.options.fetch ?? globalThis.fetch;
    const signal = prepared.timeout > 0 ? AbortSignal.timeout(prepared.timeout) : undefined;
    let res: Response;
    try {
      res = await fetcher(prepared.href, { ...prepared.init, signal });
    } catch (error) {
      const transport = transportCode(error);
      if (!transport) throw error;
      return { failure: transport.code };
    }
    let data: unknown;
    try {
      if (prepared.responseType === 'arraybuffer') data = Buffer.from(await res.arrayBuffer());
      else {
        const text = await res.text();
        data = prepared.responseType === 'json' ? parseJson(text) : text;
      }
    } catch (error) {
      // The answer broke off (deadline, connection closed): a transport failure like any other.
      const transport = transportCode(error);
      if (!transport) throw error;
      return { failure: transport.code };
    }
    return { response: { status: res.status, headers: res.headers, data }, ok: res.ok };
  }
}

/** Validates a provider's answer; a record we cannot read is a permanent, explained failure. */
export function parseRecord<S extends z.ZodMiniType>(schema: S, data: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new SourceRecordError(`${what} is not in the expected shape: ${fields}`);
}

/** Constant-time comparison of two secrets of any lengths (hashed first so lengths do not leak). */
export { safeEqual } from './safe-equal.ts';
