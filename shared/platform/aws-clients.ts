/**
 * SDK client factories. The same clients serve AWS and the local stack; only the endpoints differ
 * (AWS_ENDPOINT_URL_* locally). Create them once per process and pass them to adapters.
 * One module per client: Lambda handlers import the one they use (./dynamodb-client.ts, ./s3-client.ts,
 * ./ses-client.ts), so a cold start loads no SDK client it does not need; this module gathers them for the local stack.
 */
export type { ClientOptions } from './client-options.ts';
export { documentClient } from './dynamodb-client.ts';
export { s3Client } from './s3-client.ts';
export { sesClient } from './ses-client.ts';
