/**
 * The Relance CDK app: the stateful and stateless stacks of one stage, checked by cdk-nag's AwsSolutions pack.
 * Built by infra/app.ts for the CLI and by test/infra for the assertions, so both see the same app.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { RelanceConfig } from './config.ts';
import { acknowledgeFindings } from './nag-acknowledgements.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface Relance {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export function buildRelance(app: App, config: RelanceConfig): Relance {
  const env = { account: config.account, region: config.region };
  const prefix = `Relance-${config.stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    config,
    description: `Relance ${config.stage}: data and identity (table, bucket, SES, schedule group, secrets)`,
    terminationProtection: config.stage === 'prod',
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    env,
    config,
    description: `Relance ${config.stage}: functions, API, queues, routing, alarms`,
    table: stateful.table,
    bucket: stateful.bucket,
    configurationSetName: stateful.configurationSet.configurationSetName,
    scheduleGroup: stateful.scheduleGroup,
    schedulerRole: stateful.schedulerRole,
    apiTokenSecret: stateful.apiTokenSecret,
    portalSecret: stateful.portalSecret,
    providerSecrets: stateful.providerSecrets.byProvider,
    emailIdentity: stateful.emailIdentity,
    userPool: stateful.userPool,
  });
  acknowledgeFindings(stateful, stateless);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
}
