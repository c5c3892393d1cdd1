/**
 * The credentials alias of the Lambda bundles (app-function.ts BUNDLING → infra/bundling/lambda-credentials.ts):
 * a tiny SQS client bundled exactly as a function is, run in a fresh node process against a server on 127.0.0.1,
 * signs its request with the credentials of the environment, and with nothing else.
 */
import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling/esbuild-options.ts';
import { BUNDLING } from '../../infra/constructs/app-function.ts';
import { PROJECT_ROOT } from '../../infra/entry-points.ts';

const run = promisify(execFile);

const ENV_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIALAMBDAEXECROLE01',
  AWS_SECRET_ACCESS_KEY: 'lambda-execution-role-secret-0123456789ab',
  AWS_SESSION_TOKEN: 'lambda-execution-role-session-token',
};

const CLIENT = `
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
const client = new SQSClient({ region: 'eu-west-3', endpoint: process.env.TEST_ENDPOINT, maxAttempts: 1 });
try {
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: 'relance-work' }));
  process.stdout.write('ok ' + QueueUrl);
} catch (error) {
  process.stdout.write('failed ' + error.name + ': ' + error.message);
}
`;

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let dir: string;
let bundle: string;
let metafile: Metafile;
let server: Server;
let endpoint: string;
const received: Received[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relance-credentials-'));
  bundle = join(dir, 'index.mjs');
  const result = await build({
    ...esbuildOptions(BUNDLING, PROJECT_ROOT),
    stdin: { contents: CLIENT, resolveDir: PROJECT_ROOT, sourcefile: 'sqs-client.mjs' },
    outfile: bundle,
    metafile: true,
    logLevel: 'silent',
  });
  metafile = result.metafile!;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end(JSON.stringify({ QueueUrl: 'https://sqs.eu-west-3.amazonaws.com/111122223333/relance-work' }));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the bundle in a fresh process with only these variables (and a HOME of its own). */
async function runBundle(env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, [bundle], {
    env: { PATH: process.env.PATH, HOME: dir, AWS_REGION: 'eu-west-3', TEST_ENDPOINT: endpoint, ...env },
    timeout: 15_000,
  });
  return stdout;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** The Signature V4 of a received request, computed here from its signed headers and a secret key. */
function signatureOf(request: Received, secretAccessKey: string): string {
  const auth = String(request.headers.authorization);
  const [, day, region, service, signedHeaders] =
    /Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=/.exec(auth)!;
  const [path, query = ''] = request.url.split('?');
  const canonicalQuery = query.split('&').filter(Boolean).sort().join('&');
  const canonicalHeaders = signedHeaders!
    .split(';')
    .map((name) => `${name}:${String(request.headers[name]).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    sha256(request.body),
  ];
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', request.headers['x-amz-date'], scope, sha256(canonicalRequest.join('\n'))];
  let key = hmac(`AWS4${secretAccessKey}`, day!);
  for (const part of [region!, service!, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign.join('\n')).toString('hex');
}

describe('Lambda bundles: credentials from the environment only', () => {
  it('bundle the env provider in place of the default chain', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('infra/bundling/lambda-credentials.ts');
    expect(inputs.some((p) => p.includes('@aws-sdk/credential-provider-env/'))).toBe(true);
    const chain = inputs.filter((p) =>
      /@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|nested-clients|token-providers)\/|@smithy\/credential-provider-imds\//.test(
        p,
      ),
    );
    expect(chain).toEqual([]);
    // Nothing is left for the runtime to provide.
    const externals = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external));
    expect(externals.filter((i) => !i.path.startsWith('node:') && !/^[a-z_]+$/.test(i.path))).toEqual([]);
  });

  it('sign the request with the access key, secret and session token of the environment', async () => {
    received.length = 0;
    expect(await runBundle(ENV_CREDENTIALS)).toBe('ok https://sqs.eu-west-3.amazonaws.com/111122223333/relance-work');
    expect(received).toHaveLength(1);
    const [request] = received as [Received];
    expect(request.headers['x-amz-target']).toBe('AmazonSQS.GetQueueUrl');
    expect(String(request.headers.authorization)).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${ENV_CREDENTIALS.AWS_ACCESS_KEY_ID}/\\d{8}/eu-west-3/sqs/aws4_request, `,
      ),
    );
    expect(request.headers['x-amz-security-token']).toBe(ENV_CREDENTIALS.AWS_SESSION_TOKEN);
    const signature = /Signature=([0-9a-f]{64})$/.exec(String(request.headers.authorization))?.[1];
    expect(signature).toBe(signatureOf(request, ENV_CREDENTIALS.AWS_SECRET_ACCESS_KEY));
    expect(signature).not.toBe(signatureOf(request, 'another-secret'));
  });

  it('do not fall back to the shared credentials file (or any other source) when the environment has none', async () => {
    received.length = 0;
    // With the SDK's default chain this profile would be found and used.
    await mkdir(join(dir, '.aws'), { recursive: true });
    await writeFile(
      join(dir, '.aws', 'credentials'),
      '[default]\naws_access_key_id = AKIAFROMTHEINIFILE01\naws_secret_access_key = from-the-ini-file\n',
    );
    expect(await runBundle({})).toMatch(
      /^failed CredentialsProviderError: Unable to find environment variable credentials/,
    );
    expect(received).toEqual([]);
  });
});
