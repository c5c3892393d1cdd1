/** Sellsy settings (DESIGN.md §4), validated at start. Secrets are never logged. */
import * as z from '#shared/platform/zod.ts';
import { DEFAULT_API_URL, DEFAULT_TOKEN_URL } from './facts.ts';

export const SellsyEnv = z.object({
  /** The unguessable path segment of the webhook URL (Sellsy signs nothing): URL-safe, 16+ characters. */
  SELLSY_WEBHOOK_SECRET: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{16,}$/, { error: 'must be 16+ URL-safe characters (letters, digits, - or _)' })),
  /** An API v2 access of type "personal"/staff (client_credentials). */
  SELLSY_CLIENT_ID: z.string().check(z.minLength(1)),
  SELLSY_CLIENT_SECRET: z.string().check(z.minLength(1)),
  SELLSY_API_URL: z._default(z.url(), DEFAULT_API_URL),
  SELLSY_TOKEN_URL: z._default(z.url(), DEFAULT_TOKEN_URL),
});

export type SellsyConfig = z.infer<typeof SellsyEnv>;

/** True when the environment asks for the Sellsy integration (any of its secrets set). */
export const sellsyRequested = (env: NodeJS.ProcessEnv): boolean =>
  ['SELLSY_WEBHOOK_SECRET', 'SELLSY_CLIENT_ID', 'SELLSY_CLIENT_SECRET'].some((k) => Boolean(env[k]));
