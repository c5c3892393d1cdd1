/** QuickBooks settings (DESIGN.md §4), validated at start. Secrets are never logged. */
import { z } from 'zod';
import { DEFAULT_API_URL, DEFAULT_TOKEN_URL } from './facts.ts';

export const QuickBooksEnv = z.object({
  QUICKBOOKS_VERIFIER_TOKEN: z.string().min(1),
  QUICKBOOKS_CLIENT_ID: z.string().min(1),
  QUICKBOOKS_CLIENT_SECRET: z.string().min(1),
  /** The first refresh token (from the OAuth consent); rotated ones are kept in the vault afterwards. */
  QUICKBOOKS_REFRESH_TOKEN: z.string().min(1).optional(),
  QUICKBOOKS_API_URL: z.url().default(DEFAULT_API_URL),
  QUICKBOOKS_TOKEN_URL: z.url().default(DEFAULT_TOKEN_URL),
  /** The connected company (realmId): needed by the catch-up sync, which has no event to read it from. */
  QUICKBOOKS_REALM_ID: z.string().regex(/^\d+$/).optional(),
});

export type QuickBooksConfig = z.infer<typeof QuickBooksEnv>;

export const quickBooksRequested = (env: NodeJS.ProcessEnv): boolean =>
  ['QUICKBOOKS_VERIFIER_TOKEN', 'QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET'].some((k) => Boolean(env[k]));
