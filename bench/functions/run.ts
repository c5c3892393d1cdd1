/**
 * Bundle size and cold import time of every Lambda entry point (functions/*.handler.ts), bundled with esbuild
 * exactly as infra/constructs/app-function.ts does: its BUNDLING, translated by infra/bundling/esbuild-options.ts
 * (minified ESM, the createRequire banner, the AWS SDK inside the bundle with the Lambda credentials alias).
 * Nothing is external, so the bundle is all the function loads; the SDK's share of it is reported beside it.
 * The import time is the median of fresh `node` processes that import the bundle, with a fake Secrets Manager on
 * 127.0.0.1 for handlers that read a secret at cold start.
 * Writes bench/results/functions.md. Run alone with `npx tsx bench/functions/run.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../../infra/bundling/esbuild-options.ts';
import { BUNDLING } from '../../infra/constructs/app-function.ts';

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

interface Measure {
  readonly name: string;
  readonly bytes: number;
  /** Bytes of the bundle that are the AWS SDK (@aws-sdk, @smithy, @aws-crypto). */
  readonly sdkBytes: number;
  /** The SDK clients (and lib-dynamodb) inside the bundle. */
  readonly sdkClients: string[];
  readonly topInputs: { owner: string; bytes: number }[];
  readonly importMs: number[];
  /** Why the bundle could not be imported (a variable the bench does not provide yet, say). */
  readonly importError?: string;
  /** The baseline, same run: CDK's default bundling for Node 18+ runtimes, the SDK left to the runtime. */
  readonly baseline: { bytes: number; importMs: number[] };
}

/** The construct's bundling (app-function.ts BUNDLING), as esbuild options; `sdkExternal` for the baseline. */
function bundleOptions(entry: string, outfile: string, sdkExternal = false) {
  return {
    ...esbuildOptions(sdkExternal ? { ...BUNDLING, bundleAwsSDK: false, esbuildArgs: {} } : BUNDLING, ROOT),
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'silent' as const,
  };
}

const SDK_OWNER = 'AWS SDK (@aws-sdk, @smithy, @aws-crypto)';
const npmPackage = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];

/** Who owns the bytes of the bundle: the AWS SDK as a whole, another npm package, or our own folder. */
function owner(path: string): string {
  const pkg = npmPackage(path);
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

/** The SDK clients whose code is in the bundle. */
function sdkClients(metafile: Metafile): string[] {
  const clients = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const [path, input] of Object.entries(output.inputs)) {
      const pkg = npmPackage(path);
      if (input.bytesInOutput > 0 && pkg && /^@aws-sdk\/(client-|lib-)/.test(pkg)) clients.add(pkg);
    }
  return [...clients].sort();
}

/** A Secrets Manager stand-in answering GetSecretValue (JSON 1.1 protocol) with a 48-character token. */
async function fakeSecretsManager(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (!target.endsWith('.GetSecretValue')) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'InvalidRequestException', message: `unexpected ${target}` }));
        return;
      }
      res.end(
        JSON.stringify({
          ARN: HANDLER_ENV.API_TOKEN_SECRET_ARN,
          Name: 'relance-api-token',
          // Long enough for the API token (16+) and the portal signing key (32+).
          SecretString: 'bench-token-0123456789abcdef0123456789abcdef0123',
          VersionId: '00000000-0000-0000-0000-000000000000',
          CreatedDate: 0,
        }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

/** Milliseconds a fresh node process takes to import the bundle (its top-level awaits included). */
async function importOnce(file: string, endpoint: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', script],
    {
      env: { PATH: process.env.PATH, ...HANDLER_ENV, AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint },
      timeout: 30_000,
    },
  );
  return Number(stdout);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function report(measures: Measure[]): string {
  const rows = measures.map((m) => {
    const sdk = `${kb(m.sdkBytes)} | ${m.sdkClients.map((c) => c.replace('@aws-sdk/', '')).join(', ') || 'none'}`;
    const size = `${kb(m.bytes)} ${m.bytes / 1024 <= SIZE_TARGET_KB ? '✅' : '❌'}`;
    if (m.importError)
      return `| ${m.name} | ${size} | ${sdk} | import failed: ${m.importError.replaceAll('|', '/')} | | ${kb(m.baseline.bytes)} | |`;
    const ms = median(m.importMs);
    const timeOk = ms <= IMPORT_TARGET_MS;
    const base = `${kb(m.baseline.bytes)} | ${median(m.baseline.importMs).toFixed(0)}`;
    return `| ${m.name} | ${size} | ${sdk} | ${ms.toFixed(0)} ${timeOk ? '✅' : '❌'} | ${m.importMs.map((t) => t.toFixed(0)).join(', ')} | ${base} |`;
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
    const largest = m.topInputs[0]!;
    const lines = [
      `- **${m.name}**: the largest part is ${largest.owner}, ${kb(largest.bytes)} KB (${share(m, largest.bytes)}).`,
    ];
    if (largest.owner === SDK_OWNER)
      lines.push(
        '  The SDK is bundled (BUNDLING.bundleAwsSDK): its size is that of the clients the handler builds (each ' +
          "brings its schemas and endpoint rules; S3's are the largest). A client factory the function never calls " +
          'should not be imported.',
      );
    else
      lines.push(
        `  ${largest.owner} is reached from the handler's import graph; check whether the Lambda path needs it at all.`,
      );
    return lines;
  });
  const sdkNote =
    '\nThe SDK clients are inside each bundle (BUNDLING.bundleAwsSDK), tree-shaken to what the handler reaches, ' +
    'with `@aws-sdk/credential-provider-node` aliased to infra/bundling/lambda-credentials.ts: on Lambda the ' +
    "credentials are the execution role's, in the environment, so only the env provider is kept. Handlers import " +
    'one module per client factory (shared/platform/dynamodb-client.ts, s3-client.ts, ses-client.ts), so each ' +
    'bundles only its own clients.\n';
  return [
    '# Lambda functions: bundle size and cold import',
    '',
    'Bundled as the CDK construct does (esbuild with app-function.ts BUNDLING: minified ESM, createRequire banner, ' +
      'the AWS SDK inside the bundle, nothing external). ' +
      `Targets: ≤ ${SIZE_TARGET_KB} KB minified, ≤ ${IMPORT_TARGET_MS} ms cold import (median of ${RUNS} fresh node ` +
      `processes on this machine, node ${process.version}, top-level awaits included: the API token is read from a ` +
      'fake Secrets Manager on 127.0.0.1).',
    '',
    '| function | bundle KB (minified) | of which AWS SDK, KB | SDK clients in the bundle | cold import ms (median) | runs ms | baseline: SDK from the runtime, KB | baseline: SDK from the runtime, import ms |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    sdkNote,
    'Baseline, same run: the same handler bundled as CDK does by default for the Node 18+ runtimes — the SDK left ' +
      "out of the bundle and loaded from node_modules at import, as Lambda loads the runtime's copy. It is the " +
      'trade-off in figures: a smaller file, a slower cold import. Imports of the two are interleaved run by run.\n',
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
  const server = await fakeSecretsManager();
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const measures: Measure[] = [];
  try {
    for (const file of handlers) {
      const name = file.replace(/\.handler\.ts$/, '');
      const dir = join(OUT, name);
      const outfile = join(dir, 'index.mjs');
      const { metafile } = await build(bundleOptions(join(ROOT, 'functions', file), outfile));
      if (!metafile) throw new Error(`esbuild returned no metafile for ${file}`);
      const baseFile = join(OUT, `${name}-sdk-external`, 'index.mjs');
      await build(bundleOptions(join(ROOT, 'functions', file), baseFile, true));
      const importMs: number[] = [];
      const baseMs: number[] = [];
      let importError: string | undefined;
      try {
        for (let i = 0; i < RUNS; i++) {
          importMs.push(await importOnce(outfile, endpoint));
          baseMs.push(await importOnce(baseFile, endpoint));
        }
      } catch (error) {
        const stderr = String((error as { stderr?: string }).stderr ?? error);
        importError = /Error: (.*)/.exec(stderr)?.[1] ?? stderr.split('\n')[0];
      }
      measures.push({
        importError,
        name,
        bytes: (await stat(outfile)).size,
        sdkBytes: contributors(metafile).find((c) => c.owner === SDK_OWNER)?.bytes ?? 0,
        sdkClients: sdkClients(metafile),
        topInputs: contributors(metafile),
        importMs,
        baseline: { bytes: (await stat(baseFile)).size, importMs: baseMs },
      });
    }
  } finally {
    server.close();
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
