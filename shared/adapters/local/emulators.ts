/**
 * The embedded AWS stand-ins, each started in-process on 127.0.0.1 and a free port (or the one given):
 * dynalite (DynamoDB API, persisted in a LevelDB folder), s3rver (S3 API, persisted in a folder, emits S3
 * events), aws-ses-v2-local (SES v2 API plus a mailbox page). Used by the local stack and by the tests.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import S3rver from 's3rver';

export interface RunningEmulator {
  endpoint: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections?.();
  });
}

/** DynamoDB API; data kept in `path` (LevelDB) when given, else in memory. */
export async function startDynalite(options: { path?: string; port?: number } = {}): Promise<RunningEmulator> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(options.port ?? 0, HOST);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://${HOST}:${port}`, close: () => closeServer(server) };
}

export interface RunningS3 extends RunningEmulator {
  /** Receives every S3 event record s3rver emits (ObjectCreated:Put, …), in the real S3 event shape. */
  onEvent(listener: (event: unknown) => void): void;
}

/** S3 API; objects kept under `directory`. s3rver only accepts the credentials S3RVER / S3RVER. */
export async function startS3(options: { directory: string; buckets: string[]; port?: number }): Promise<RunningS3> {
  const s3 = new S3rver({
    address: HOST,
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const { port } = await s3.run();
  return {
    endpoint: `http://${HOST}:${port}`,
    onEvent: (listener) => s3.on('event', listener),
    close: () => s3.close(),
  };
}

/** SES v2 API and its mailbox (GET / for the page, GET /store for JSON). Must be given the host explicitly. */
export async function startSes(options: { port?: number } = {}): Promise<RunningEmulator> {
  // A CommonJS module whose export is `exports.default`: Node's ESM interop puts it on `.default`, bundlers and
  // vitest unwrap it already.
  const unknownModule: unknown = sesModule;
  const start = (typeof unknownModule === 'function' ? unknownModule : sesModule.default) as typeof sesModule.default;
  const server = await start({ host: HOST, port: options.port ?? 0 });
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://${HOST}:${port}`, close: () => closeServer(server) };
}
