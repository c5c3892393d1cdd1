/**
 * Invoice providers on AWS: one JSON secret per provider whose keys are the variable names of the README
 * (`SELLSY_CLIENT_ID`, …; infra/constructs/provider-secrets.ts), read once at cold start. A provider is connected
 * when every value it issues is filled in; until then it is off (its webhook route answers 404, its catch-up is
 * skipped). A connected provider whose values are malformed fails the cold start naming the key, never the value.
 */
import { type ChargebeeConfig, ChargebeeEnv } from '#shared/connectors/chargebee/config.ts';
import { type QuickBooksConfig, QuickBooksEnv } from '#shared/connectors/quickbooks/config.ts';
import { type SellsyConfig, SellsyEnv } from '#shared/connectors/sellsy/config.ts';
import { readSecretString, type SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';

export interface ProviderSecretsEnv {
  SELLSY_SECRET_ARN?: string;
  QUICKBOOKS_SECRET_ARN?: string;
  CHARGEBEE_SECRET_ARN?: string;
}

export interface ConnectedProviders {
  sellsy?: SellsyConfig & { secretArn: string };
  quickbooks?: QuickBooksConfig & { secretArn: string };
  chargebee?: ChargebeeConfig & { secretArn: string };
}

/** The values each provider issues (or the operator enters): all filled means connected. */
const ISSUED = {
  sellsy: ['SELLSY_CLIENT_ID', 'SELLSY_CLIENT_SECRET'],
  quickbooks: ['QUICKBOOKS_VERIFIER_TOKEN', 'QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET'],
  chargebee: ['CHARGEBEE_API_KEY', 'CHARGEBEE_SITE_URL'],
} as const;

async function values(secrets: SecretsManager, secretArn: string): Promise<Record<string, string>> {
  let json: unknown;
  try {
    json = JSON.parse(await readSecretString(secrets, secretArn));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error('a provider secret is not valid JSON');
    throw error;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new Error('a provider secret is not a JSON object');
  // Empty strings are "not filled in yet": dropped, so optional keys fall back to their defaults.
  return Object.fromEntries(
    Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''),
  );
}

export async function connectedProviders(
  env: ProviderSecretsEnv,
  secrets: SecretsManager,
): Promise<ConnectedProviders> {
  const out: ConnectedProviders = {};
  const read = async <K extends keyof ConnectedProviders>(provider: K, secretArn: string | undefined) => {
    if (!secretArn) return undefined;
    const v = await values(secrets, secretArn);
    if (!ISSUED[provider].every((key) => v[key])) {
      logger.info('provider not connected yet', { provider });
      return undefined;
    }
    return v;
  };
  const [sellsy, quickbooks, chargebee] = await Promise.all([
    read('sellsy', env.SELLSY_SECRET_ARN),
    read('quickbooks', env.QUICKBOOKS_SECRET_ARN),
    read('chargebee', env.CHARGEBEE_SECRET_ARN),
  ]);
  if (sellsy && env.SELLSY_SECRET_ARN)
    out.sellsy = { ...loadConfig(SellsyEnv, sellsy), secretArn: env.SELLSY_SECRET_ARN };
  if (quickbooks && env.QUICKBOOKS_SECRET_ARN)
    out.quickbooks = { ...loadConfig(QuickBooksEnv, quickbooks), secretArn: env.QUICKBOOKS_SECRET_ARN };
  if (chargebee && env.CHARGEBEE_SECRET_ARN)
    out.chargebee = { ...loadConfig(ChargebeeEnv, chargebee), secretArn: env.CHARGEBEE_SECRET_ARN };
  return out;
}
