/** Secrets Manager GetSecretValue and PutSecretValue (awsJson1_1). */
import type { ClientOptions } from './aws-service.ts';
import { JsonProtocolClient } from './json-protocol.ts';

export interface SecretValue {
  ARN?: string;
  Name?: string;
  VersionId?: string;
  SecretString?: string;
}

export class SecretsManager {
  readonly client: JsonProtocolClient;

  constructor(options: ClientOptions) {
    this.client = new JsonProtocolClient(
      {
        name: 'SecretsManager',
        signingName: 'secretsmanager',
        endpointPrefix: 'secretsmanager',
        envKey: 'SECRETS_MANAGER',
      },
      options,
      { targetPrefix: 'secretsmanager', version: '1.1' },
    );
  }

  getSecretValue(input: { SecretId: string; VersionStage?: string }): Promise<SecretValue> {
    return this.client.call('GetSecretValue', input);
  }

  putSecretValue(input: { SecretId: string; SecretString: string }): Promise<{ ARN?: string; VersionId?: string }> {
    return this.client.call('PutSecretValue', input);
  }
}

/**
 * A secret's current string, for the values a function reads once at cold start (API token, portal key,
 * provider settings). Never logged; a missing string (a binary secret) is an error naming the secret id only.
 */
export async function readSecretString(client: SecretsManager, secretId: string): Promise<string> {
  const { SecretString } = await client.getSecretValue({ SecretId: secretId });
  if (SecretString === undefined) throw new Error(`secret ${secretId} holds no string value`);
  return SecretString;
}
