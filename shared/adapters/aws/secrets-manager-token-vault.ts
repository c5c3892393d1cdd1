/**
 * RefreshTokenVault on Secrets Manager: one secret per provider (its ARN given by the stack), whose current
 * value is the newest refresh token. A rotation is a PutSecretValue, so the previous value stays available as
 * AWSPREVIOUS for a person to inspect. Values are never logged.
 */

import type { SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import type { RefreshTokenVault } from '#shared/ports/connections.ts';

export class SecretsManagerTokenVault implements RefreshTokenVault {
  constructor(
    private readonly client: SecretsManager,
    /** Secret id (ARN or name) per provider. */
    private readonly secretIds: Readonly<Record<string, string>>,
  ) {}

  private secretId(provider: string): string {
    const id = this.secretIds[provider];
    if (!id) throw new Error(`no refresh-token secret configured for ${provider}`);
    return id;
  }

  async getRefreshToken(provider: string): Promise<string | undefined> {
    try {
      const res = await this.client.getSecretValue({ SecretId: this.secretId(provider) });
      return res.SecretString?.trim() || undefined;
    } catch (error) {
      // A secret created empty by the stack has no value yet: not connected.
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  async saveRefreshToken(provider: string, token: string): Promise<void> {
    await this.client.putSecretValue({ SecretId: this.secretId(provider), SecretString: token });
  }
}
