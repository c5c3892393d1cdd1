/**
 * cdk-nag (AwsSolutions) findings that are accepted, each on the one construct it concerns and with the reason.
 * Findings inherent to a construct are acknowledged where the construct is defined (AppFunction: L1 and the
 * X-Ray wildcard; deadLetterQueue: SQS3). Anything not listed fails `npm run synth` and test/infra.
 */
import { Validations } from 'aws-cdk-lib';
import type { StatefulStack } from './stateful-stack.ts';
import type { StatelessStack } from './stateless-stack.ts';

export function acknowledgeFindings(stateful: StatefulStack, stateless: StatelessStack): void {
  Validations.of(stateful.apiTokenSecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The API token is a bearer token held by the finance team and the tools that call the API: an automatic ' +
      'rotation would break every caller without notice. It is rotated by the operator (put-secret-value; the ' +
      'function re-reads it within 5 minutes), as infra/README.md describes.',
  });
  Validations.of(stateful.portalSecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The portal signing key verifies links already e-mailed to debtors (valid 45 days): an automatic rotation ' +
      'would break every link in flight. The functions read it once per container, so an operator rotation ' +
      '(put-secret-value, infra/README.md) takes effect as containers are replaced and costs only the older links.',
  });
  for (const secret of Object.values(stateful.providerSecrets.byProvider))
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Provider credentials are issued by, or entered into, the provider (Sellsy, Intuit, Chargebee, Qonto): a ' +
        'Secrets Manager rotation function cannot change them on the provider side, so they are rotated in the ' +
        "provider's console and stored again by the operator (infra/README.md).",
    });
  Validations.of(stateless.api).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason:
      'The $default route serves callers an API Gateway authorizer cannot check: provider webhooks authenticate ' +
      'with their own schemes (Sellsy path secret, QuickBooks HMAC signature, Chargebee Basic), the debtor portal ' +
      'with a signed one-customer token, /health with none. The Hono app authenticates every other route with the ' +
      'bearer token from Secrets Manager and answers 401 before any use case runs.',
  });
}
