/**
 * One Secrets Manager secret per provider, a JSON object whose keys are the variable names of README §Configuration.
 * Values Relance chooses (webhook path secret, Basic password) are generated; values the provider issues start
 * empty and are filled by the operator (`aws secretsmanager put-secret-value`, see infra/README.md). CloudFormation
 * only rewrites a secret when its template changes, so a redeploy keeps what the operator stored.
 */
import { type RemovalPolicy, SecretValue, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export type Provider = 'sellsy' | 'quickbooks' | 'chargebee' | 'qonto';

interface ProviderSecretShape {
  /** Keys whose value the provider issues: created empty. */
  readonly issued: readonly string[];
  /** Fixed, non-secret defaults. */
  readonly fixed?: Readonly<Record<string, string>>;
  /** The one key CloudFormation generates (Secrets Manager generates a single key per secret). */
  readonly generated?: string;
}

export const PROVIDER_SECRETS: Readonly<Record<Provider, ProviderSecretShape>> = {
  // The Sellsy webhook URL carries an unguessable path secret that we choose.
  sellsy: { issued: ['SELLSY_CLIENT_ID', 'SELLSY_CLIENT_SECRET'], generated: 'SELLSY_WEBHOOK_SECRET' },
  // Intuit issues the verifier token with the webhook, and the refresh token at the OAuth consent.
  quickbooks: {
    issued: [
      'QUICKBOOKS_VERIFIER_TOKEN',
      'QUICKBOOKS_CLIENT_ID',
      'QUICKBOOKS_CLIENT_SECRET',
      'QUICKBOOKS_REFRESH_TOKEN',
    ],
  },
  // Chargebee webhooks authenticate with HTTP Basic credentials that we choose and enter in Chargebee.
  chargebee: {
    issued: ['CHARGEBEE_API_KEY'],
    fixed: { CHARGEBEE_WEBHOOK_USER: 'relance' },
    generated: 'CHARGEBEE_WEBHOOK_PASSWORD',
  },
  qonto: { issued: ['QONTO_WEBHOOK_SECRET', 'QONTO_API_KEY'] },
};

export interface ProviderSecretsProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
}

export class ProviderSecrets extends Construct {
  readonly byProvider: Readonly<Record<Provider, secretsmanager.Secret>>;

  constructor(scope: Construct, id: string, props: ProviderSecretsProps) {
    super(scope, id);
    const make = (provider: Provider, capitalised: string) => {
      const shape = PROVIDER_SECRETS[provider];
      const template: Record<string, string> = { ...shape.fixed };
      for (const key of shape.issued) template[key] = '';
      const common = {
        description: `Relance ${props.stage}: ${provider} credentials (JSON; empty values are filled by the operator)`,
        removalPolicy: props.removalPolicy,
      };
      if (shape.generated)
        return new secretsmanager.Secret(this, capitalised, {
          ...common,
          generateSecretString: {
            secretStringTemplate: JSON.stringify(template),
            generateStringKey: shape.generated,
            // Safe in a URL path and in a Basic header without escaping.
            excludePunctuation: true,
            passwordLength: 40,
          },
        });
      // Only empty strings and fixed names go in the template: no secret value is ever in it.
      return new secretsmanager.Secret(this, capitalised, {
        ...common,
        secretObjectValue: Object.fromEntries(
          Object.entries(template).map(([key, value]) => [key, SecretValue.unsafePlainText(value)]),
        ),
      });
    };
    this.byProvider = {
      sellsy: make('sellsy', 'Sellsy'),
      quickbooks: make('quickbooks', 'QuickBooks'),
      chargebee: make('chargebee', 'Chargebee'),
      qonto: make('qonto', 'Qonto'),
    };
  }
}
