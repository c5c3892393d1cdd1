/**
 * The one way connectors call provider APIs (axios): bounded retries with full jitter on 5xx, timeouts and
 * connection errors; 429 honoured with Retry-After (or the provider's documented wait, e.g. QuickBooks' 60 s);
 * a wait longer than the caller accepts is not slept through but handed back as SourceUnavailableError, so the
 * queue redelivers later instead of a Lambda idling. Every other 4xx is a ProviderHttpError (permanent).
 * Error messages name the provider, method, path and status only: never query strings, bodies or secrets.
 */
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
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

const TRANSIENT_CODES = new Set([
  'ECONNABORTED',
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ERR_NETWORK',
  'EPIPE',
]);

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || !header.trim()) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describe(provider: string, config: AxiosRequestConfig): string {
  const raw = config.url ?? '';
  // axios appends a relative url to the base path; so do we (new URL() would drop the base path).
  const full = /^https?:\/\//i.test(raw) ? raw : `${(config.baseURL ?? '').replace(/\/+$/, '')}${raw}`;
  let path: string;
  try {
    path = new URL(full).pathname;
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

export class ProviderHttp {
  private readonly policy: RetryPolicy;
  constructor(
    readonly provider: string,
    readonly axiosInstance: AxiosInstance,
    options: { retry?: Partial<RetryPolicy>; sleep?: Sleep; random?: () => number } = {},
  ) {
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }
  private readonly sleep: Sleep;
  private readonly random: () => number;

  async request<T = unknown>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    const what = describe(this.provider, { ...config, baseURL: config.baseURL ?? this.axiosInstance.defaults.baseURL });
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      let reason: string;
      try {
        return await this.axiosInstance.request<T>(config);
      } catch (error) {
        if (!axios.isAxiosError(error)) throw error;
        const status = error.response?.status;
        if (status === 429) {
          wait = retryAfterMs(error.response?.headers['retry-after']) ?? this.policy.rateLimitWaitMs;
          reason = `${what} was rate-limited (429)`;
        } else if (
          (status !== undefined && status >= 500) ||
          (status === undefined && TRANSIENT_CODES.has(error.code ?? ''))
        ) {
          const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** attempt);
          wait = Math.round(this.random() * cap);
          reason = status ? `${what} failed (${status})` : `${what} failed (${error.code})`;
        } else if (status !== undefined) {
          throw new ProviderHttpError(status, `${what} was refused (${status})`, errorCode(error.response?.data));
        } else {
          throw new SourceUnavailableError(`${what} failed (${error.code ?? 'network error'})`);
        }
      }
      if (attempt >= this.policy.maxRetries || wait > this.policy.maxWaitMs) {
        throw new SourceUnavailableError(`${reason}; gave up after ${attempt + 1} attempts`, wait);
      }
      await this.sleep(wait);
    }
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
