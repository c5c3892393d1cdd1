/** Qonto settings (DESIGN.md §4), validated at start. Secrets are never logged. */
import * as z from '#shared/platform/zod.ts';

export const QONTO_DEFAULT_API_URL = 'https://thirdparty.qonto.com';

export const QontoEnv = z.object({
  /** The webhook subscription's secret: signs `X-Qonto-Signature`. */
  QONTO_WEBHOOK_SECRET: z.optional(z.string().check(z.minLength(8))),
  /** The API key as Qonto shows it: `{login}:{secret-key}` (sent as is in Authorization, not Basic). */
  QONTO_API_KEY: z.optional(z.string().check(z.regex(/^[^:\s]+:[^\s]+$/, { error: 'must be "login:secret-key"' }))),
  QONTO_API_URL: z._default(z.url(), QONTO_DEFAULT_API_URL),
});

export type QontoConfig = z.infer<typeof QontoEnv>;

/** True when the environment asks for the Qonto connector (its webhook secret or API key set). */
export const qontoRequested = (env: NodeJS.ProcessEnv): boolean =>
  ['QONTO_WEBHOOK_SECRET', 'QONTO_API_KEY'].some((k) => Boolean(env[k]));
