/** QuickBooks settings (DESIGN.md §4), validated at start. Secrets are never logged. */
import * as z from '#shared/platform/zod.ts';
import { DEFAULT_API_URL, DEFAULT_TOKEN_URL } from './facts.ts';

const nonEmpty = () => z.string().check(z.minLength(1));

export const QuickBooksEnv = z.object({
  QUICKBOOKS_VERIFIER_TOKEN: nonEmpty(),
  QUICKBOOKS_CLIENT_ID: nonEmpty(),
  QUICKBOOKS_CLIENT_SECRET: nonEmpty(),
  /** The first refresh token (from the OAuth consent); rotated ones are kept in the vault afterwards. */
  QUICKBOOKS_REFRESH_TOKEN: z.optional(nonEmpty()),
  QUICKBOOKS_API_URL: z._default(z.url(), DEFAULT_API_URL),
  QUICKBOOKS_TOKEN_URL: z._default(z.url(), DEFAULT_TOKEN_URL),
  /** The connected company (realmId): needed by the catch-up sync, which has no event to read it from. */
  QUICKBOOKS_REALM_ID: z.optional(z.string().check(z.regex(/^\d+$/))),
});

export type QuickBooksConfig = z.infer<typeof QuickBooksEnv>;

export const quickBooksRequested = (env: NodeJS.ProcessEnv): boolean =>
  ['QUICKBOOKS_VERIFIER_TOKEN', 'QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET'].some((k) => Boolean(env[k]));
