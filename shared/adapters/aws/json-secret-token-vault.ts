/**
 * RefreshTokenVault inside a provider's JSON secret (Secrets Manager): the stack keeps one JSON secret per
 * provider whose keys are the variable names (`QUICKBOOKS_REFRESH_TOKEN`, …). The newest refresh token is read
 * from its key; a rotation re-reads the secret and writes it back with only that key changed, so what the
 * operator stored beside it (client id and secret, verifier token) is kept. Secrets Manager keeps the previous
 * version as AWSPREVIOUS. Values are never logged.
 */

import type { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import type { RefreshTokenVault } from '#shared/ports/connections.ts';

export interface JsonSecretEntry {
  /** Secret id (ARN or name). */
  secretId: string;
  /** The JSON key holding the refresh token. */
  key: string;
}

export class JsonSecretTokenVault implements RefreshTokenVault {
  constructor(
    private readonly client: SecretsManager,
    private readonly entries: Readonly<Record<string, JsonSecretEntry>>,
  ) {}

  private entry(provider: string): JsonSecretEntry {
    const entry = this.entries[provider];
    if (!entry) throw new Error(`no refresh-token secret configured for ${provider}`);
    return entry;
  }

  private async read(secretId: string): Promise<Record<string, unknown>> {
    const res = await this.client.getSecretValue({ SecretId: secretId });
    const parsed: unknown = JSON.parse(res.SecretString ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('the provider secret is not a JSON object');
    return parsed as Record<string, unknown>;
  }

  async getRefreshToken(provider: string): Promise<string | undefined> {
    const { secretId, key } = this.entry(provider);
    const value = (await this.read(secretId))[key];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  }

  async saveRefreshToken(provider: string, token: string): Promise<void> {
    const { secretId, key } = this.entry(provider);
    const current = await this.read(secretId);
    await this.client.putSecretValue({
      SecretId: secretId,
      SecretString: JSON.stringify({ ...current, [key]: token }),
    });
  }
}
