/**
 * Bundle size and cold import time of every Lambda entry point (functions/*.handler.ts), bundled with esbuild
 * exactly as infra/constructs/app-function.ts does (minified ESM, the createRequire banner, @aws-sdk external).
 * The SDK clients are provided by the nodejs22.x runtime, so they are outside the bundle; their minified size is
 * reported beside it so that nothing is hidden. The import time is the median of fresh `node` processes that
 * import the bundle, with a fake Secrets Manager on 127.0.0.1 for handlers that read a secret at cold start.
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
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/app-function.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Inside the project, so that the bundle's external `@aws-sdk/*` imports resolve from node_modules.
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
  readonly sdk: { module: string; bytes: number }[];
  readonly topInputs: { owner: string; bytes: number }[];
  readonly importMs: number[];
  /** Why the bundle could not be imported (a variable the bench does not provide yet, say). */
  readonly importError?: string;
}

/** The construct's bundling, as esbuild options (app-function.ts BUNDLING). */
function bundleOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm' as const,
    platform: 'node' as const,
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: ESM_REQUIRE_BANNER },
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent' as const,
  };
}

/** Who owns the bytes of the bundle: an npm package, or our own folder. */
function owner(path: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  return path.split('/').slice(0, 2).join('/');
}

function contributors(metafile: Metafile): { owner: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs))
    for (const [path, input] of Object.entries(output.inputs))
      totals.set(owner(path), (totals.get(owner(path)) ?? 0) + input.bytesInOutput);
  return [...totals.entries()].map(([o, bytes]) => ({ owner: o, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Minified size of each external SDK module the bundle imports (what the runtime loads for it). */
async function sdkSizes(metafile: Metafile, dir: string): Promise<{ module: string; bytes: number }[]> {
  const modules = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const imported of output.imports)
      if (imported.external && imported.path.startsWith('@aws-sdk/')) modules.add(imported.path);
  const sizes = [];
  for (const module of [...modules].sort()) {
    const outfile = join(dir, `sdk-${module.replace(/[@/]/g, '_')}.mjs`);
    await build({
      stdin: { contents: `export * from '${module}';`, resolveDir: ROOT },
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      mainFields: ['module', 'main'],
      minify: true,
      logLevel: 'silent',
    });
    sizes.push({ module, bytes: (await stat(outfile)).size });
  }
  return sizes;
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
    const sdkList = m.sdk.map((s) => `${s.module.replace('@aws-sdk/', '')} ${kb(s.bytes)}`).join(', ') || 'none';
    if (m.importError)
      return `| ${m.name} | ${kb(m.bytes)} ${m.bytes / 1024 <= SIZE_TARGET_KB ? '✅' : '❌'} | ${sdkList} | import failed: ${m.importError.replaceAll('|', '/')} | |`;
    const ms = median(m.importMs);
    const sizeOk = m.bytes / 1024 <= SIZE_TARGET_KB;
    const timeOk = ms <= IMPORT_TARGET_MS;
    return `| ${m.name} | ${kb(m.bytes)} ${sizeOk ? '✅' : '❌'} | ${sdkList} | ${ms.toFixed(0)} ${timeOk ? '✅' : '❌'} | ${m.importMs.map((t) => t.toFixed(0)).join(', ')} |`;
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
    const zod = m.topInputs.find((t) => t.owner === 'zod');
    const lines = [
      `- **${m.name}**: the largest part is ${largest.owner}, ${kb(largest.bytes)} KB (${share(m, largest.bytes)}).`,
    ];
    if (zod)
      lines.push(
        `  zod is ${kb(zod.bytes)} KB (${share(m, zod.bytes)}): the classic API cannot be tree-shaken; \`zod/mini\` ` +
          '(DESIGN.md §5: "zod/mini where bundle size matters") keeps only the validators in use. Moving the ' +
          "schemas this handler's import graph reaches to zod/mini is the lever (one import of `zod` anywhere in the graph keeps it all).",
      );
    if (largest.owner !== 'zod')
      lines.push(
        `  ${largest.owner} is reached from the handler's import graph; check whether the Lambda path needs it at all.`,
      );
    return lines;
  });
  const sdkNote =
    measures.some((m) => m.sdk.length > 0) &&
    '\nThe runtime provides the SDK clients, but loading them is part of the cold import above. Handlers import one ' +
      'module per client factory (shared/platform/dynamodb-client.ts, s3-client.ts, ses-client.ts), so each loads ' +
      'only its own; a handler that still imports shared/platform/aws-clients.ts loads all three.\n';
  return [
    '# Lambda functions: bundle size and cold import',
    '',
    `Bundled as the CDK construct does (esbuild, minified ESM, createRequire banner, \`@aws-sdk/*\` external). ` +
      `Targets: ≤ ${SIZE_TARGET_KB} KB minified, ≤ ${IMPORT_TARGET_MS} ms cold import (median of ${RUNS} fresh node ` +
      `processes on this machine, node ${process.version}, top-level awaits included: the API token is read from a ` +
      'fake Secrets Manager on 127.0.0.1).',
    '',
    '| function | bundle KB (minified) | SDK modules it imports, provided by the runtime (KB minified) | cold import ms (median) | runs ms |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...(sdkNote ? [sdkNote] : []),
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
      const importMs: number[] = [];
      let importError: string | undefined;
      try {
        for (let i = 0; i < RUNS; i++) importMs.push(await importOnce(outfile, endpoint));
      } catch (error) {
        const stderr = String((error as { stderr?: string }).stderr ?? error);
        importError = /Error: (.*)/.exec(stderr)?.[1] ?? stderr.split('\n')[0];
      }
      measures.push({
        importError,
        name,
        bytes: (await stat(outfile)).size,
        sdk: await sdkSizes(metafile, dir),
        topInputs: contributors(metafile),
        importMs,
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
