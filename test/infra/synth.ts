/**
 * Builds the Relance app the way `cdk synth` does (cdk.json context, then the test's overrides) and synthesises
 * it once; the test files share nothing else. Bundling is the real local esbuild run of each entry point.
 */
import { readFileSync } from 'node:fs';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../../infra/config.ts';
import { buildRelance, type Relance } from '../../infra/relance.ts';

export const ACCOUNT = '111122223333';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface Synthesised extends Relance {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

export function synthRelance(context: Record<string, unknown>): Synthesised {
  const app = new App({ context: { ...cdkJson.context, account: ACCOUNT, ...context } });
  const relance = buildRelance(app, readConfig(app.node, {}));
  return {
    app,
    ...relance,
    statefulTemplate: Template.fromStack(relance.stateful),
    statelessTemplate: Template.fromStack(relance.stateless),
  };
}

/** AwsSolutions findings left after the acknowledgements, as "rule at construct path" lines. */
export function nagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((v) =>
    v.violatingResources.map(
      (r) => `${v.severity ?? 'error'} ${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`,
    ),
  );
}

/** Every acknowledgement recorded in the app: rule id and reason. */
export function acknowledgements(app: App): { id: string; reason: string; path: string }[] {
  return app.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason, path: c.node.path })),
        ),
    );
}

type Json = Record<string, unknown>;

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Identity-policy statements (inline policies, role policies and managed policies) of the stacks. */
export function identityStatements(...stacks: Stack[]): { policy: string; statement: Statement }[] {
  return stacks.flatMap((stack) => {
    const resources = Template.fromStack(stack).toJSON().Resources as Record<
      string,
      { Type: string; Properties: Json }
    >;
    return Object.entries(resources).flatMap(([id, r]) => {
      const documents: unknown[] = [];
      if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
        documents.push(r.Properties.PolicyDocument);
      if (r.Type === 'AWS::IAM::Role')
        for (const p of (r.Properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
          documents.push(p.PolicyDocument);
      return documents.flatMap((d) =>
        ((d as { Statement: Statement[] }).Statement ?? []).map((statement) => ({
          policy: `${stack.stackName}/${id}`,
          statement,
        })),
      );
    });
  });
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
