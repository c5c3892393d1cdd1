/** Qonto settings (DESIGN.md §4), validated at start. Secrets are never logged. */
import { z } from 'zod';

export const QONTO_DEFAULT_API_URL = 'https://thirdparty.qonto.com';

export const QontoEnv = z.object({
  /** The webhook subscription's secret: signs `X-Qonto-Signature`. */
  QONTO_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** The API key as Qonto shows it: `{login}:{secret-key}` (sent as is in Authorization, not Basic). */
  QONTO_API_KEY: z
    .string()
    .regex(/^[^:\s]+:[^\s]+$/, { message: 'must be "login:secret-key"' })
    .optional(),
  QONTO_API_URL: z.url().default(QONTO_DEFAULT_API_URL),
});

export type QontoConfig = z.infer<typeof QontoEnv>;

/** True when the environment asks for the Qonto connector (its webhook secret or API key set). */
export const qontoRequested = (env: NodeJS.ProcessEnv): boolean =>
  ['QONTO_WEBHOOK_SECRET', 'QONTO_API_KEY'].some((k) => Boolean(env[k]));
