/** Chargebee settings (DESIGN.md §4), validated at start. Secrets are never logged. */
import * as z from '#shared/platform/zod.ts';

export const ChargebeeEnv = z.object({
  CHARGEBEE_WEBHOOK_USER: z.string().check(z.minLength(1)),
  CHARGEBEE_WEBHOOK_PASSWORD: z.string().check(z.minLength(8, { error: 'must be at least 8 characters' })),
  CHARGEBEE_API_KEY: z.string().check(z.minLength(1)),
  /** https://{site}.chargebee.com (test sites are separate sites, usually {site}-test). */
  CHARGEBEE_SITE_URL: z.url(),
});

export type ChargebeeConfig = z.infer<typeof ChargebeeEnv>;

/** True when the environment asks for the Chargebee integration (any of its variables set). */
export const chargebeeRequested = (env: NodeJS.ProcessEnv): boolean =>
  Object.keys(ChargebeeEnv.shape).some((k) => env[k] !== undefined && env[k] !== '');
