/**
 * The AppFunction bind helpers, on a probe stack that uses each one (no deployed function uses them all yet):
 * each sets exactly its variables and grants exactly its resource.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling/esbuild-options.ts';
import { readConfig } from '../../infra/config.ts';
import {
  AppFunction,
  BUNDLING,
  ESM_REQUIRE_BANNER,
  type FunctionDefaults,
} from '../../infra/constructs/app-function.ts';
import { TEXTRACT_ACTIONS, TextractNotifications } from '../../infra/constructs/textract-notifications.ts';
import { WorkQueue } from '../../infra/constructs/work-queue.ts';
import { entryPoint, PROJECT_ROOT } from '../../infra/entry-points.ts';
import { StatefulStack } from '../../infra/stateful-stack.ts';
import { asList, identityStatements } from './synth.ts';

const BASE_ENV = ['NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME'];
const defaults: FunctionDefaults = { logLevel: 'INFO', logRetention: 30, logRemovalPolicy: 'destroy' as never };

let probe: Stack;
let template: Template;
let fns: { consumer: AppFunction; planner: AppFunction; intake: AppFunction };
let stateful: StatefulStack;
let app: App;
let slow: AppFunction;
let quick: WorkQueue;

const envOf = (fn: AppFunction) => {
  const id = probe.getLogicalId(fn.node.defaultChild as never);
  return (template.toJSON().Resources[id].Properties.Environment.Variables ?? {}) as Record<string, unknown>;
};
const statementsOf = (fn: AppFunction) => {
  const roleId = probe.getLogicalId(fn.role!.node.defaultChild as never);
  const resources = template.toJSON().Resources;
  return identityStatements(probe)
    .filter(({ policy }) => JSON.stringify(resources[policy.split('/')[1]!].Properties.Roles).includes(`"${roleId}"`))
    .map(({ statement }) => statement);
};

beforeAll(() => {
  app = new App({ context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true } });
  const config = readConfig(app.node, { CDK_DEFAULT_ACCOUNT: '111122223333' });
  const env = { account: config.account, region: config.region };
  stateful = new StatefulStack(app, 'Stateful', { env, config });
  probe = new Stack(app, 'Probe', { env });
  const work = new WorkQueue(probe, 'Work');
  const make = (id: string) =>
    new AppFunction(probe, id, { entry: entryPoint('http-api'), description: id, defaults, projectRoot: PROJECT_ROOT });
  fns = {
    consumer: make('Consumer')
      .bindTable(stateful.table, 'RO')
      .bindBucket('BUCKET_NAME', stateful.bucket, 'bank/', 'RO')
      .consume(work),
    planner: make('Planner').bindScheduler(stateful.scheduleGroup, stateful.schedulerRole),
    intake: make('Intake'),
  };
  new TextractNotifications(probe, 'Textract', new WorkQueue(probe, 'Completions')).allowAnalysis(fns.intake);
  slow = new AppFunction(probe, 'Slow', {
    entry: entryPoint('http-api'),
    description: 'slow',
    defaults,
    projectRoot: PROJECT_ROOT,
    timeout: Duration.minutes(1),
  });
  quick = new WorkQueue(probe, 'Quick', { visibilityTimeout: Duration.minutes(5) });
  template = Template.fromStack(probe);
});

describe('AppFunction', () => {
  it('consume() subscribes with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
  });

  it('consume() refuses a queue whose visibility timeout is under six function timeouts', () => {
    expect(() => slow.consume(quick)).toThrow(/at least 360 s/);
  });

  it('bindTable(RO) and bindBucket(RO) set their variables and grant reads on the table, its indexes and the prefix', () => {
    expect(Object.keys(envOf(fns.consumer)).sort()).toEqual([...BASE_ENV, 'BUCKET_NAME', 'TABLE_NAME'].sort());
    const statements = statementsOf(fns.consumer);
    const actions = statements.flatMap((s) => asList(s.Action));
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite|Scan)/.test(a))).toEqual([]);
    expect(actions.filter((a) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
    const s3Resources = statements
      .filter((s) => asList(s.Action).some((a) => a.startsWith('s3:GetObject')))
      .flatMap((s) => asList(s.Resource));
    expect(JSON.stringify(s3Resources)).toContain('/bank/*');
  });

  it('bindScheduler passes the Scheduler role and nothing else, and writes schedules of its group only', () => {
    expect(Object.keys(envOf(fns.planner)).sort()).toEqual(
      [...BASE_ENV, 'SCHEDULER_ROLE_ARN', 'SCHEDULE_GROUP_NAME'].sort(),
    );
    const statements = statementsOf(fns.planner);
    const passRole = statements.filter((s) => asList(s.Action).includes('iam:PassRole'));
    expect(passRole).toHaveLength(1);
    expect(JSON.stringify(passRole[0]!.Resource)).toMatch(/ImportValue.*SchedulerRole/);
    expect(asList(passRole[0]!.Resource)).toHaveLength(1);
    const scheduling = statements.filter((s) => asList(s.Action).some((a) => a.startsWith('scheduler:')));
    for (const s of scheduling) expect(JSON.stringify(s.Resource)).toContain(':schedule/');
  });

  it('allowAnalysis is the one place with "*": Textract expense actions (no resource types), plus X-Ray', () => {
    const onStar = statementsOf(fns.intake)
      .filter((s) => asList(s.Resource).includes('*'))
      .flatMap((s) => asList(s.Action));
    expect(new Set(onStar)).toEqual(
      new Set([...TEXTRACT_ACTIONS, 'xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
    );
    const passRole = statementsOf(fns.intake).filter((s) => asList(s.Action).includes('iam:PassRole'));
    expect(passRole).toHaveLength(1);
    expect(JSON.stringify(passRole[0]!.Resource)).toMatch(/TextractPublishRole/);
    expect(Object.keys(envOf(fns.intake)).sort()).toEqual(
      [...BASE_ENV, 'TEXTRACT_ROLE_ARN', 'TEXTRACT_SNS_TOPIC_ARN'].sort(),
    );
  });

  it('bundles ESM for Node 22 on arm64 with the createRequire banner, nothing external, minified with a source map', () => {
    const code = template.toJSON().Resources[probe.getLogicalId(fns.consumer.node.defaultChild as never)].Properties
      .Code as { S3Key: string };
    const dir = join(app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
    // Booleans, not the bundle itself: a failure must not print half a megabyte.
    expect(bundle.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    // @aws-sdk/util-dynamodb (bundleAwsSDK) is inside: nothing is imported from the runtime's SDK copy.
    expect(/from\s*"@aws-sdk\//.test(bundle)).toBe(false);
    // AWS is called through shared/platform/aws: requests signed by aws4, credentials from the environment…
    expect(bundle.includes('AWS4-HMAC-SHA256')).toBe(true);
    expect(bundle.includes('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set')).toBe(true);
    // …and no SDK client is bundled (each sends an `aws-sdk-js` user agent), nor the SDK's credential chain.
    expect(bundle.includes('aws-sdk-js')).toBe(false);
    expect(bundle.includes('defaultProvider::fromSSO')).toBe(false);
    // Minified: lines of hundreds of characters on average (template literals keep their line breaks; unminified,
    // the average is under 40).
    expect(bundle.split('\n').length < bundle.length / 200).toBe(true);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 30,
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('keeps the bundle a valid module with minification off: the banner clashes with no bundled import', async () => {
    // fflate's ESM build imports `createRequire` from 'module' itself; unminified, its name is kept.
    const dir = await mkdtemp(join(tmpdir(), 'relance-banner-'));
    try {
      const outfile = join(dir, 'index.mjs');
      await build({
        ...esbuildOptions({ ...BUNDLING, minify: false }, PROJECT_ROOT),
        stdin: { contents: "export { zipSync } from 'fflate';", resolveDir: PROJECT_ROOT, sourcefile: 'probe.mjs' },
        outfile,
        logLevel: 'silent',
      });
      expect(readFileSync(outfile, 'utf8')).toMatch(/import \{ createRequire \} from "module"/);
      // A syntax error (a binding declared twice) fails the check.
      await expect(promisify(execFile)(process.execPath, ['--check', outfile])).resolves.toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
