/**
 * Bundle size and cold import time of every Lambda entry point (functions/*.handler.ts), bundled with esbuild
 * exactly as infra/constructs/app-function.ts does: its BUNDLING, translated by infra/bundling/esbuild-options.ts
 * (minified ESM, the createRequire banner, nothing external). The bundle is all the function loads; the share of
 * it that is the AWS client layer (shared/platform/aws, aws4, @aws-sdk/util-dynamodb) is reported beside it,
 * with the clients of shared/platform/aws each bundle holds.
 * The import time is the median of fresh `node` processes that import the bundle, its top-level awaits included:
 * the secrets a handler reads at cold start are round trips to a fake AWS endpoint on 127.0.0.1
 * (test/support/fake-aws.ts, every service pointed at it with AWS_ENDPOINT_URL), which records them.
 * Baseline, same run: the same handler bundled with nothing minified (see the report's text for why).
 * Writes bench/results/functions.md. Run alone with `npx tsx bench/functions/run.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../../infra/bundling/esbuild-options.ts';
import { BUNDLING } from '../../infra/constructs/app-function.ts';
import { awsError, type FakeAws, startFakeAws } from '../../test/support/fake-aws.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Scratch space inside the project (ignored by git and the linters).
const OUT = join(ROOT, 'node_modules', '.cache', 'relance-bench-functions');
const SIZE_TARGET_KB = 400;
const IMPORT_TARGET_MS = 80;
const RUNS = 5;
const execFileAsync = promisify(execFile);

/** What the handlers read at cold start (a superset: each handler validates only its own variables). */
const HANDLER_ENV = {
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'relance-bench',
  API_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-api-token',
  RELANCE_TIME_ZONE: 'Europe/Paris',
  RELANCE_MAX_BODY_BYTES: '4194304',
  BUCKET_NAME: 'relance-bench',
  TEXTRACT_SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-3:123456789012:relance-textract',
  TEXTRACT_ROLE_ARN: 'arn:aws:iam::123456789012:role/relance-textract',
  REPLAN_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-replan.fifo',
  PROVIDER_EVENTS_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-provider-events',
  SCHEDULE_GROUP_NAME: 'relance-bench',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/relance-scheduler',
  SCHEDULER_DEAD_LETTER_ARN: 'arn:aws:sqs:eu-west-3:123456789012:relance-scheduler-dlq',
  DISPATCH_FUNCTION_ARN: 'arn:aws:lambda:eu-west-3:123456789012:function:relance-bench-reminder-dispatch',
  PORTAL_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-portal',
  PORTAL_BASE_URL: 'https://api.example',
  SES_CONFIGURATION_SET: 'relance-bench',
  SMS_ORIGINATION_IDENTITY: 'arn:aws:sms-voice:eu-west-3:123456789012:phone-number/phone-bench',
  POWERTOOLS_SERVICE_NAME: 'relance',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

/** The secrets the handlers read at cold start, by the ARN HANDLER_ENV gives them. */
const SECRETS: Record<string, string> = {
  // Long enough for the API token (16+) and the portal signing key (32+).
  [HANDLER_ENV.API_TOKEN_SECRET_ARN]: 'bench-token-0123456789abcdef0123456789abcdef0123',
  [HANDLER_ENV.PORTAL_SECRET_ARN]: 'bench-portal-key-0123456789abcdef0123456789abcdef',
};

interface Measure {
  readonly name: string;
  readonly bytes: number;
  /** Bytes of the bundle that are the AWS client layer (LAYER_OWNER). */
  readonly layerBytes: number;
  /** The clients of shared/platform/aws inside the bundle. */
  readonly layerClients: string[];
  readonly topInputs: { owner: string; bytes: number }[];
  readonly importMs: number[];
  /** The AWS calls one import made (the fake endpoint's record), as `Service.Operation`. */
  readonly importCalls: string[];
  /** Why the bundle could not be imported (a variable the bench does not provide yet, say). */
  readonly importError?: string;
  /** The baseline, same run: the same handler and bundling with nothing minified. */
  readonly baseline: { bytes: number; importMs: number[]; importError?: string };
}

/** The construct's bundling (app-function.ts BUNDLING), as esbuild options; `unminified` for the baseline. */
function bundleOptions(entry: string, outfile: string, unminified = false) {
  return {
    ...esbuildOptions(unminified ? { ...BUNDLING, minify: false } : BUNDLING, ROOT),
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'silent' as const,
  };
}

const LAYER_OWNER = 'AWS client layer (shared/platform/aws, aws4, @aws-sdk/util-dynamodb)';
/** Should any other part of the AWS SDK come back into a bundle, it shows under this name. */
const SDK_OWNER = 'AWS SDK, other than util-dynamodb (@aws-sdk, @smithy, @aws-crypto)';
const LAYER_FOLDER = 'shared/platform/aws/';
/** The files of shared/platform/aws that are its plumbing, not one service's client. */
const LAYER_PLUMBING = new Set(['aws-service.ts', 'errors.ts', 'json-protocol.ts', 'rest-json.ts']);
/** The client each file of shared/platform/aws exports (a file not listed is shown by its name). */
const LAYER_CLIENTS: Record<string, string> = {
  'dynamodb.ts': 'DynamoDocuments',
  's3.ts': 'S3Objects',
  'sqs.ts': 'SqsQueues',
  'sesv2.ts': 'SesV2',
  'scheduler.ts': 'EventBridgeSchedules',
  'secrets-manager.ts': 'SecretsManager',
  'textract.ts': 'Textract',
  'sms-voice.ts': 'SmsVoice',
};
const npmPackage = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];

/** Who owns the bytes of the bundle: the AWS client layer as a whole, another npm package, or our own folder. */
function owner(path: string): string {
  const pkg = npmPackage(path);
  if (pkg === 'aws4' || pkg === '@aws-sdk/util-dynamodb') return LAYER_OWNER;
  if (!pkg && path.startsWith(LAYER_FOLDER)) return LAYER_OWNER;
  if (pkg && /^@(aws-sdk|smithy|aws-crypto)\//.test(pkg)) return SDK_OWNER;
  if (pkg) return pkg;
  return path.split('/').slice(0, 2).join('/');
}

function contributors(metafile: Metafile): { owner: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs))
    for (const [path, input] of Object.entries(output.inputs))
      totals.set(owner(path), (totals.get(owner(path)) ?? 0) + input.bytesInOutput);
  return [...totals.entries()].map(([o, bytes]) => ({ owner: o, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The clients of shared/platform/aws whose code is in the bundle. */
function layerClients(metafile: Metafile): string[] {
  const clients = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const [path, input] of Object.entries(output.inputs)) {
      const file = basename(path);
      if (input.bytesInOutput > 0 && path.startsWith(LAYER_FOLDER) && !LAYER_PLUMBING.has(file))
        clients.add(LAYER_CLIENTS[file] ?? file);
    }
  return [...clients].sort();
}

/**
 * The AWS endpoint of every import: Secrets Manager's GetSecretValue (JSON protocol: POST / with X-Amz-Target
 * `secretsmanager.GetSecretValue`) answers the secrets of SECRETS; any other secret or call is an AWS error, so a
 * handler that reads something the bench does not know fails its import (reported) instead of reaching AWS.
 */
async function fakeAws(): Promise<FakeAws> {
  const aws = await startFakeAws();
  aws.on('SecretsManager.GetSecretValue', (call) => {
    const secretId = String(call.body?.SecretId ?? '');
    const value = SECRETS[secretId];
    if (value === undefined)
      return awsError(400, 'ResourceNotFoundException', `the bench has no secret ${secretId} (add it to SECRETS)`);
    return {
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: {
        ARN: secretId,
        Name: secretId.split(':').pop(),
        SecretString: value,
        VersionId: '00000000-0000-0000-0000-000000000000',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      },
    };
  });
  return aws;
}

/**
 * Milliseconds a fresh node process takes to import the bundle, its top-level awaits (the cold start's AWS
 * calls) included, and the calls the fake endpoint received meanwhile.
 */
async function importOnce(file: string, aws: FakeAws): Promise<{ ms: number; calls: string[] }> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  aws.calls.length = 0;
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', script],
    // Every service on the fake: no call of the cold start can reach AWS.
    { env: { PATH: process.env.PATH, ...HANDLER_ENV, AWS_ENDPOINT_URL: aws.endpoint }, timeout: 30_000 },
  );
  return { ms: Number(stdout), calls: aws.calls.map((c) => c.name) };
}

/** `SecretsManager.GetSecretValue × 2, …` */
function countCalls(calls: string[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1);
  return [...counts.entries()].map(([call, n]) => (n > 1 ? `${call} × ${n}` : call)).join(', ') || 'none';
}

/** The first error line a failed import printed. */
function failure(error: unknown): string {
  const stderr = String((error as { stderr?: string }).stderr ?? error);
  return /Error: (.*)/.exec(stderr)?.[1] ?? stderr.split('\n')[0] ?? stderr;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function report(measures: Measure[]): string {
  const rows = measures.map((m) => {
    const layer = `${kb(m.layerBytes)} | ${m.layerClients.join(', ') || 'none'}`;
    const size = `${kb(m.bytes)} ${m.bytes / 1024 <= SIZE_TARGET_KB ? '✅' : '❌'}`;
    if (m.importError)
      return `| ${m.name} | ${size} | ${layer} | import failed: ${m.importError.replaceAll('|', '/')} | | | ${kb(m.baseline.bytes)} | |`;
    const ms = median(m.importMs);
    const timeOk = ms <= IMPORT_TARGET_MS;
    const base = m.baseline.importError
      ? `${kb(m.baseline.bytes)} | import failed: ${m.baseline.importError.replaceAll('|', '/')}`
      : `${kb(m.baseline.bytes)} | ${median(m.baseline.importMs).toFixed(0)}`;
    const runs = m.importMs.map((t) => t.toFixed(0)).join(', ');
    return `| ${m.name} | ${size} | ${layer} | ${ms.toFixed(0)} ${timeOk ? '✅' : '❌'} | ${runs} | ${countCalls(m.importCalls)} | ${base} |`;
  });
  const breakdowns = measures.flatMap((m) => [
    `### ${m.name}: where the ${kb(m.bytes)} KB come from`,
    '',
    '| package or folder | KB in bundle | share |',
    '|---|---|---|',
    ...m.topInputs
      .slice(0, 8)
      .map((t) => `| ${t.owner} | ${kb(t.bytes)} | ${((100 * t.bytes) / m.bytes).toFixed(0)} % |`),
    '',
  ]);
  const share = (m: Measure, bytes: number) => `${((100 * bytes) / m.bytes).toFixed(0)} %`;
  const advice = measures.flatMap((m) => {
    if (m.bytes / 1024 <= SIZE_TARGET_KB) return [];
    const [largest, second] = m.topInputs;
    const lines = [
      `- **${m.name}**: the largest parts are ${largest!.owner}, ${kb(largest!.bytes)} KB (${share(m, largest!.bytes)})` +
        (second ? `, and ${second.owner}, ${kb(second.bytes)} KB (${share(m, second.bytes)}).` : '.'),
    ];
    if (largest!.owner === SDK_OWNER)
      lines.push(
        '  Part of the AWS SDK other than util-dynamodb is back in the bundle: find which import reaches it ' +
          '(the functions call AWS through shared/platform/aws only).',
      );
    else
      lines.push(
        `  ${largest!.owner} is reached from the handler's import graph; check whether the Lambda path needs it all.`,
      );
    return lines;
  });
  const layerNote =
    '\nThe functions call AWS through shared/platform/aws, not the AWS SDK clients: requests signed with Signature ' +
    "V4 by aws4 and sent with Node's http/https, credentials read from the environment (where Lambda puts " +
    'the execution role\'s). The "AWS client layer" column is that folder, aws4 and @aws-sdk/util-dynamodb ' +
    '(the DynamoDB marshalling, the one @aws-sdk package the functions still import, bundled by ' +
    'BUNDLING.bundleAwsSDK rather than taken from the runtime); "AWS clients in the bundle" are the clients of ' +
    'shared/platform/aws the bundle holds (a client a handler builds only under some setting, SES or SMS, counts). ' +
    '"AWS calls in the import" are the requests the fake endpoint received during one import: the secrets read ' +
    'at cold start, each a round trip inside the measured time, since the handler awaits them at top level.\n';
  const baselineNote =
    'Baseline, same run: the same handler bundled with the same BUNDLING but nothing minified (`minify: false`), ' +
    'imported the same way, the two imports interleaved run by run. It shows what minification contributes to ' +
    'the figures held against the targets. It replaces the previous baseline, "the SDK left to the runtime" (CDK\'s ' +
    'default for the Node 18+ runtimes): with no SDK client left in the functions that would only move ' +
    'util-dynamodb out of the bundle, which measures nothing. The previous design (the SDK v3 clients bundled) ' +
    'is not measured here: its code is no longer in the tree, and figures from an earlier run are not a same-run ' +
    'baseline.\n';
  return [
    '# Lambda functions: bundle size and cold import',
    '',
    'Bundled as the CDK construct does (esbuild with app-function.ts BUNDLING: minified ESM, createRequire banner, ' +
      'nothing external). ' +
      `Targets: ≤ ${SIZE_TARGET_KB} KB minified, ≤ ${IMPORT_TARGET_MS} ms cold import (median of ${RUNS} fresh node ` +
      `processes on this machine, node ${process.version}, top-level awaits included: the secrets read at cold ` +
      'start are answered by a fake AWS endpoint on 127.0.0.1).',
    '',
    '| function | bundle KB (minified) | of which AWS client layer, KB | AWS clients in the bundle | cold import ms (median) | runs ms | AWS calls in the import | baseline: unminified, KB | baseline: unminified, import ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    layerNote,
    baselineNote,
    ...breakdowns,
    ...(advice.length > 0 ? ['## Over the size target', '', ...advice, ''] : []),
    measures.every((m) => !m.importError && m.bytes / 1024 <= SIZE_TARGET_KB && median(m.importMs) <= IMPORT_TARGET_MS)
      ? 'All targets met.'
      : 'Some targets are NOT met.',
  ].join('\n');
}

/** Runs the benchmark, writes bench/results/functions.md and returns the markdown. */
export async function run(): Promise<string> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const handlers = (await readdir(join(ROOT, 'functions'))).filter((f) => f.endsWith('.handler.ts')).sort();
  const aws = await fakeAws();
  const measures: Measure[] = [];
  try {
    for (const file of handlers) {
      const name = file.replace(/\.handler\.ts$/, '');
      const dir = join(OUT, name);
      const outfile = join(dir, 'index.mjs');
      const { metafile } = await build(bundleOptions(join(ROOT, 'functions', file), outfile));
      if (!metafile) throw new Error(`esbuild returned no metafile for ${file}`);
      const baseFile = join(OUT, `${name}-unminified`, 'index.mjs');
      await build(bundleOptions(join(ROOT, 'functions', file), baseFile, true));
      const importMs: number[] = [];
      const baseMs: number[] = [];
      let importCalls: string[] = [];
      let importError: string | undefined;
      let baseError: string | undefined;
      // Interleaved run by run; a bundle that fails once is not imported again (the other goes on).
      for (let i = 0; i < RUNS; i++) {
        if (!importError)
          try {
            const once = await importOnce(outfile, aws);
            importMs.push(once.ms);
            importCalls = once.calls;
          } catch (error) {
            importError = failure(error);
          }
        if (!baseError)
          try {
            baseMs.push((await importOnce(baseFile, aws)).ms);
          } catch (error) {
            baseError = failure(error);
          }
      }
      measures.push({
        importError,
        name,
        bytes: (await stat(outfile)).size,
        layerBytes: contributors(metafile).find((c) => c.owner === LAYER_OWNER)?.bytes ?? 0,
        layerClients: layerClients(metafile),
        topInputs: contributors(metafile),
        importMs,
        importCalls,
        baseline: { bytes: (await stat(baseFile)).size, importMs: baseMs, importError: baseError },
      });
    }
  } finally {
    await aws.close();
  }
  const markdown = report(measures);
  const out = join(ROOT, 'bench', 'results', 'functions.md');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${markdown}\n`);
  return markdown;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
