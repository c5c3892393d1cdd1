/**
 * Instrumentation for the cost bench only (never imported by production code): counts what the local stack would
 * be billed for on AWS while a scenario runs.
 *
 * - Every AWS call, by service and operation ("DynamoDB.PutItem", "S3.PutObject"…), by an interceptor that every
 *   client of shared/platform/aws runs before each call (`interceptAllAwsCalls`: every client of the process, those
 *   the stack builds included), once per call as the code made it (not per retried attempt).
 * - DynamoDB capacity: each request of a `DynamoDocuments` (its methods wrapped on the prototype) asks for
 *   `ReturnConsumedCapacity: 'TOTAL'`, which dynalite answers with the
 *   table's units (1 WRU per started KB written, 1 RRU per started 4 KB read strongly consistent, 0.5 eventually).
 *   dynalite leaves out the indexes, so GSI write amplification is derived from the item: with every index
 *   projecting ALL, each index whose keys the written item carries costs one more write of the item's size (a
 *   delete from an index too). Writes that lose their condition cost 1 WRU (AWS bills them; dynalite throws).
 * - Lambda-equivalent invocations, with their in-process duration (performance.now) as a proxy for Lambda's:
 *   HTTP requests to the app (API Gateway → http-api), in-process queue deliveries (SQS → worker), local
 *   scheduler targets fired (Scheduler → reminder-dispatch), S3 events routed (EventBridge → SQS → intake).
 * - Textract pages that the local reader stands in for, SES messages (`SesV2.sendEmail` wrapped, for the answer's
 *   MessageId) and attachment bytes, S3 bytes written.
 * - Bytes of structured log lines (Powertools JSON on stdout) written during each invocation; swallowed.
 *
 * What the emulators do on their own account (the local scheduler's polling and its table rows) runs in an
 * "emulator" context and is not counted: on AWS those are EventBridge Scheduler's, billed per invocation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TABLE_INDEXES } from '#shared/adapters/dynamodb/table-definition.ts';
import { InProcessQueue } from '#shared/adapters/local/in-process-queue.ts';
import { LocalScheduler } from '#shared/adapters/local/local-scheduler.ts';
import { LocalDocumentReader } from '#shared/adapters/local/pdf-reader/local-document-reader.ts';
import { S3EventRouter } from '#shared/adapters/local/s3-event-router.ts';
import { interceptAllAwsCalls } from '#shared/platform/aws/aws-service.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { SesV2 } from '#shared/platform/aws/sesv2.ts';

/** Who is running: a Lambda function (by entry point), a caller outside AWS, or an emulator's own work. */
export type Context = { kind: 'invocation'; fn: string } | { kind: 'external' } | { kind: 'emulator' };

export interface InvocationStats {
  count: number;
  totalMs: number;
  logBytes: number;
}

export interface DynamoCapacity {
  readRequestUnits: number;
  writeRequestUnits: number;
  /** Part of writeRequestUnits: the GSI writes derived from the items. */
  gsiWriteRequestUnits: number;
  /** Part of writeRequestUnits: conditional writes that failed (1 WRU each). */
  failedConditionalWriteUnits: number;
}

export interface Counts {
  /** "DynamoDB.PutItem" → calls, as sent by the code (including calls by callers outside AWS). */
  sdkCalls: Map<string, number>;
  /** The same calls by who made them: the function's name, or "external" for callers outside AWS. */
  sdkCallsByFunction: Map<string, Map<string, number>>;
  dynamo: DynamoCapacity;
  /** Entry point → invocations. */
  invocations: Map<string, InvocationStats>;
  /** Queue name → messages sent (each one is a SendMessage, a ReceiveMessage and a DeleteMessage on SQS). */
  queueMessages: Map<string, number>;
  /** Schedules that fired (EventBridge Scheduler invocations). */
  schedulerInvocations: number;
  /** S3 object-created events routed to a handler (EventBridge → SQS → Lambda). */
  s3EventsRouted: number;
  textractPages: number;
  textractDocuments: number;
  sesMessages: number;
  sesAttachmentBytes: number;
  sesMessageBytes: number;
  s3BytesWritten: number;
  /** Log bytes written outside any invocation (start-up, the bench itself). */
  unattributedLogBytes: number;
  /** MessageIds SendEmail answered with, in order (the scenario replays their SES events). */
  sentMessageIds: string[];
}

/** Counts with nothing counted yet. */
export const emptyCounts = (): Counts => ({
  sdkCalls: new Map(),
  sdkCallsByFunction: new Map(),
  dynamo: { readRequestUnits: 0, writeRequestUnits: 0, gsiWriteRequestUnits: 0, failedConditionalWriteUnits: 0 },
  invocations: new Map(),
  queueMessages: new Map(),
  schedulerInvocations: 0,
  s3EventsRouted: 0,
  textractPages: 0,
  textractDocuments: 0,
  sesMessages: 0,
  sesAttachmentBytes: 0,
  sesMessageBytes: 0,
  s3BytesWritten: 0,
  unattributedLogBytes: 0,
  sentMessageIds: [],
});

/** A copy of the counts as they are now (the meter keeps adding to its own). */
export function snapshotCounts(counts: Counts): Counts {
  return structuredClone(counts);
}

const mapDiff = (after: Map<string, number>, before: Map<string, number>): Map<string, number> => {
  const out = new Map<string, number>();
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d !== 0) out.set(k, d);
  }
  return out;
};

/** What was counted between two snapshots (`before` taken earlier than `after`). */
export function diffCounts(after: Counts, before: Counts): Counts {
  const byFunction = new Map<string, Map<string, number>>();
  for (const [fn, calls] of after.sdkCallsByFunction) {
    const d = mapDiff(calls, before.sdkCallsByFunction.get(fn) ?? new Map());
    if (d.size > 0) byFunction.set(fn, d);
  }
  const invocations = new Map<string, InvocationStats>();
  for (const [fn, s] of after.invocations) {
    const b = before.invocations.get(fn) ?? { count: 0, totalMs: 0, logBytes: 0 };
    if (s.count !== b.count)
      invocations.set(fn, {
        count: s.count - b.count,
        totalMs: s.totalMs - b.totalMs,
        logBytes: s.logBytes - b.logBytes,
      });
  }
  const dynamo = {} as DynamoCapacity;
  for (const k of Object.keys(after.dynamo) as (keyof DynamoCapacity)[]) dynamo[k] = after.dynamo[k] - before.dynamo[k];
  return {
    sdkCalls: mapDiff(after.sdkCalls, before.sdkCalls),
    sdkCallsByFunction: byFunction,
    dynamo,
    invocations,
    queueMessages: mapDiff(after.queueMessages, before.queueMessages),
    schedulerInvocations: after.schedulerInvocations - before.schedulerInvocations,
    s3EventsRouted: after.s3EventsRouted - before.s3EventsRouted,
    textractPages: after.textractPages - before.textractPages,
    textractDocuments: after.textractDocuments - before.textractDocuments,
    sesMessages: after.sesMessages - before.sesMessages,
    sesAttachmentBytes: after.sesAttachmentBytes - before.sesAttachmentBytes,
    sesMessageBytes: after.sesMessageBytes - before.sesMessageBytes,
    s3BytesWritten: after.s3BytesWritten - before.s3BytesWritten,
    unattributedLogBytes: after.unattributedLogBytes - before.unattributedLogBytes,
    sentMessageIds: after.sentMessageIds.slice(before.sentMessageIds.length),
  };
}

/** Calls per AWS service ("DynamoDB", "S3", "SESv2", "Scheduler" …) in a call → count map. */
export function callsByService(calls: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [call, n] of calls) {
    const service = call.split('.')[0] ?? call;
    out.set(service, (out.get(service) ?? 0) + n);
  }
  return out;
}

/**
 * Splits a window's counts in two by who made the calls: everything but `fn`, then `fn` (its AWS calls and
 * invocations). Capacity units, queue messages and bytes are not attributed per function: they stay with the
 * first part (the lifecycle's totals are exact either way).
 */
export function splitByFunction(counts: Counts, fn: string): [Counts, Counts] {
  const theirs = counts.sdkCallsByFunction.get(fn) ?? new Map<string, number>();
  const rest = new Map<string, number>();
  for (const [call, n] of counts.sdkCalls) {
    const left = n - (theirs.get(call) ?? 0);
    if (left !== 0) rest.set(call, left);
  }
  const stats = counts.invocations.get(fn);
  const restInvocations = new Map([...counts.invocations].filter(([name]) => name !== fn));
  const first: Counts = {
    ...counts,
    sdkCalls: rest,
    sdkCallsByFunction: new Map([...counts.sdkCallsByFunction].filter(([name]) => name !== fn)),
    invocations: restInvocations,
  };
  const second: Counts = {
    ...diffCounts(counts, counts),
    sdkCalls: new Map(theirs),
    sdkCallsByFunction: new Map([[fn, new Map(theirs)]]),
    invocations: stats ? new Map([[fn, stats]]) : new Map(),
    schedulerInvocations: 0,
  };
  return [first, second];
}

/** The `DynamoDocuments` methods that DynamoDB meters (capacity units), with the operation each one sends. */
const DYNAMO_METERED = {
  put: 'PutItem',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  get: 'GetItem',
  batchGet: 'BatchGetItem',
  query: 'Query',
} as const;
const DYNAMO_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** Which function a queue's consumer is on AWS. */
export const QUEUE_FUNCTIONS: Record<string, string> = {
  dunning: 'reminder-dispatch',
  'provider-events': 'provider-events',
};

/** Which function an S3 prefix's events reach on AWS. */
export const PREFIX_FUNCTIONS: Record<string, string> = { 'inbox/': 'document-intake', 'bank/': 'statement-import' };

/**
 * DynamoDB's item size rule, on plain (unmarshalled) values: attribute names + values; strings in UTF-8 bytes,
 * numbers about one byte per two digits plus one, booleans and null one byte, lists and maps 3 bytes plus one
 * per element. Binary values count their bytes.
 */
export function itemBytes(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name) + valueBytes(value);
  }
  return size;
}

function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint')
    return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce<number>((n, v) => n + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((n, v) => n + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return 3 + entries.length + itemBytes(Object.fromEntries(entries));
  }
  return 0;
}

/** Write units one index costs for an item of `bytes` (started KB, at least 1). */
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** The GSIs whose both keys the item carries, i.e. the indexes a write of it touches (projection ALL). */
export function indexesOf(item: Record<string, unknown>): string[] {
  return TABLE_INDEXES.filter((i) => item[i.partitionKey] !== undefined && item[i.sortKey] !== undefined).map(
    (i) => i.indexName,
  );
}

/** GSI write units of writing `item` (1 per started KB per index it appears in). */
export function gsiWriteUnits(item: Record<string, unknown> | undefined): number {
  if (!item) return 0;
  return indexesOf(item).length * writeUnits(itemBytes(item));
}

const byteLength = (body: unknown): number => {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return 0;
};

type DynamoMethod = (this: DynamoDocuments, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

export class CallMeter {
  readonly als = new AsyncLocalStorage<Context>();
  counts: Counts = emptyCounts();
  private readonly restores: (() => void)[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  /** The app server's port: its requests are http-api invocations; every other server is an emulator. */
  appPort: number | undefined;

  reset(): void {
    this.counts = emptyCounts();
  }

  context(): Context {
    return this.als.getStore() ?? { kind: 'external' };
  }

  /** Runs `fn` as one invocation of the function `name`: counted, timed, its logs attributed to it. */
  async invoke<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const stats = this.stats(name);
    stats.count += 1;
    try {
      return await this.als.run({ kind: 'invocation', fn: name }, fn);
    } finally {
      stats.totalMs += performance.now() - started;
    }
  }

  /** Runs `fn` as the emulators' own work: nothing in it is counted. */
  emulated<T>(fn: () => T): T {
    return this.als.run({ kind: 'emulator' }, fn);
  }

  /** Resolves when every S3 event dispatch started so far has finished. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private stats(name: string): InvocationStats {
    let stats = this.counts.invocations.get(name);
    if (!stats) {
      stats = { count: 0, totalMs: 0, logBytes: 0 };
      this.counts.invocations.set(name, stats);
    }
    return stats;
  }

  private add(map: Map<string, number>, key: string, n = 1): void {
    map.set(key, (map.get(key) ?? 0) + n);
  }

  /** One AWS call (or its equivalent), counted in total and for whoever is running. */
  private addCall(call: string): void {
    this.add(this.counts.sdkCalls, call);
    const ctx = this.context();
    const who = ctx.kind === 'invocation' ? ctx.fn : ctx.kind;
    let calls = this.counts.sdkCallsByFunction.get(who);
    if (!calls) {
      calls = new Map();
      this.counts.sdkCallsByFunction.set(who, calls);
    }
    this.add(calls, call);
  }

  /** Patches the prototypes; call before the stack starts (the scheduler target is registered at start). */
  install(): void {
    this.patchAws();
    this.patchHttp();
    this.patchQueue();
    this.patchScheduler();
    this.patchS3Events();
    this.patchReader();
    this.patchStdout();
  }

  uninstall(): void {
    for (const restore of this.restores.splice(0).reverse()) restore();
  }

  private patch<T extends object, K extends keyof T>(target: T, key: K, replacement: T[K]): void {
    const original = target[key];
    target[key] = replacement;
    this.restores.push(() => {
      target[key] = original;
    });
  }

  private patchAws(): void {
    const meter = this;
    const remove = interceptAllAwsCalls((call) => {
      if (meter.context().kind === 'emulator') return;
      meter.addCall(`${call.service}.${call.operation}`);
      const input = call.input as Record<string, unknown>;
      if (call.service === 'S3' && call.operation === 'PutObject')
        meter.counts.s3BytesWritten += byteLength(input.Body);
    });
    this.restores.push(remove);
    for (const [method, operation] of Object.entries(DYNAMO_METERED)) {
      const prototype = DynamoDocuments.prototype as unknown as Record<string, DynamoMethod>;
      const original = prototype[method] as DynamoMethod;
      this.patch(prototype, method, function (this: DynamoDocuments, input: Record<string, unknown>) {
        if (meter.context().kind === 'emulator') return original.call(this, input);
        return meter.sendDynamo(original, this, operation, input);
      });
    }
    const { sendEmail } = SesV2.prototype;
    this.patch(SesV2.prototype, 'sendEmail', async function (this: SesV2, input) {
      const output = await sendEmail.call(this, input);
      if (meter.context().kind !== 'emulator') meter.recordEmail(input as unknown as Record<string, unknown>, output);
      return output;
    } as typeof sendEmail);
  }

  private async sendDynamo(
    original: DynamoMethod,
    db: DynamoDocuments,
    operation: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const dynamo = this.counts.dynamo;
    // A copy: the input is the caller's, left as it was.
    const request: Record<string, unknown> = {
      ...input,
      ReturnConsumedCapacity: input.ReturnConsumedCapacity ?? 'TOTAL',
    };
    // The item after an update and before a delete, to know which indexes the write touched.
    let strip = false;
    if ((operation === 'UpdateItem' || operation === 'DeleteItem') && !input.ReturnValues) {
      request.ReturnValues = operation === 'UpdateItem' ? 'ALL_NEW' : 'ALL_OLD';
      strip = true;
    }
    const write = DYNAMO_WRITES.has(operation);
    let output: Record<string, unknown>;
    try {
      output = await original.call(db, request);
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        dynamo.writeRequestUnits += 1;
        dynamo.failedConditionalWriteUnits += 1;
      }
      throw error;
    }
    const consumed = output.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
    const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
      (n, c) => n + (c.CapacityUnits ?? 0),
      0,
    );
    let gsi = 0;
    if (operation === 'PutItem') gsi = gsiWriteUnits(input.Item as Record<string, unknown>);
    else if (operation === 'UpdateItem') {
      gsi = gsiWriteUnits(output.Attributes as Record<string, unknown> | undefined);
      // An item leaving a sparse index (its keys removed) is a delete from that index.
      const removed = /REMOVE\s+(.*)$/is.exec(String(input.UpdateExpression ?? ''))?.[1] ?? '';
      gsi += TABLE_INDEXES.filter((i) => removed.includes(i.partitionKey)).length;
    } else if (operation === 'DeleteItem')
      gsi = gsiWriteUnits(output.Attributes as Record<string, unknown> | undefined);
    if (write) {
      dynamo.writeRequestUnits += units + gsi;
      dynamo.gsiWriteRequestUnits += gsi;
    } else dynamo.readRequestUnits += units;
    if (strip) delete output.Attributes;
    delete output.ConsumedCapacity;
    return output;
  }

  private recordEmail(input: Record<string, unknown>, output: unknown): void {
    this.counts.sesMessages += 1;
    const simple = (input.Content as { Simple?: Record<string, unknown> } | undefined)?.Simple;
    const attachments = (simple?.Attachments ?? []) as { RawContent?: Uint8Array | string }[];
    const attachmentBytes = attachments.reduce((n, a) => n + byteLength(a.RawContent), 0);
    this.counts.sesAttachmentBytes += attachmentBytes;
    this.counts.sesMessageBytes += attachmentBytes + Buffer.byteLength(JSON.stringify(simple?.Body ?? {}));
    const messageId = (output as { MessageId?: string } | undefined)?.MessageId;
    if (messageId) this.counts.sentMessageIds.push(messageId);
  }

  private patchHttp(): void {
    const meter = this;
    const original = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
    this.patch(Server.prototype, 'emit', function (this: Server, event: string | symbol, ...args: unknown[]) {
      if (event !== 'request') return original.call(this, event, ...args);
      const [req, res] = args as [{ url?: string }, { once(e: string, f: () => void): void }];
      const port = (this.address() as AddressInfo | null)?.port;
      if (port !== meter.appPort || req.url?.startsWith('/dev/'))
        return meter.emulated(() => original.call(this, event, ...args));
      const started = performance.now();
      const stats = meter.stats('http-api');
      stats.count += 1;
      res.once('close', () => {
        stats.totalMs += performance.now() - started;
      });
      return meter.als.run({ kind: 'invocation', fn: 'http-api' }, () => original.call(this, event, ...args));
    } as typeof Server.prototype.emit);
  }

  private patchQueue(): void {
    const meter = this;
    const { send, consume } = InProcessQueue.prototype;
    this.patch(InProcessQueue.prototype, 'send', async function (this: InProcessQueue, queue, message) {
      if (meter.context().kind !== 'emulator') meter.add(meter.counts.queueMessages, queue);
      return send.call(this, queue, message);
    } as typeof send);
    this.patch(InProcessQueue.prototype, 'consume', function (this: InProcessQueue, queue, consumer) {
      const fn = QUEUE_FUNCTIONS[queue] ?? queue;
      return consume.call(this, queue, (message) => meter.invoke(fn, () => consumer(message)));
    } as typeof consume);
  }

  private patchScheduler(): void {
    const meter = this;
    const { schedule, cancel, register } = LocalScheduler.prototype;
    this.patch(LocalScheduler.prototype, 'schedule', function (this: LocalScheduler, s) {
      if (meter.context().kind !== 'emulator') meter.addCall('Scheduler.CreateSchedule');
      return meter.emulated(() => schedule.call(this, s));
    } as typeof schedule);
    // A cancel after a schedule fired is the local scheduler's own cleanup (ActionAfterCompletion DELETE on AWS).
    this.patch(LocalScheduler.prototype, 'cancel', function (this: LocalScheduler, name) {
      if (meter.context().kind !== 'emulator') meter.addCall('Scheduler.DeleteSchedule');
      return meter.emulated(() => cancel.call(this, name));
    } as typeof cancel);
    this.patch(LocalScheduler.prototype, 'register', function (this: LocalScheduler, target, handler) {
      return register.call(this, target, (payload, s) => {
        meter.counts.schedulerInvocations += 1;
        return meter.invoke('reminder-dispatch', () => handler(payload, s));
      });
    } as typeof register);
  }

  private patchS3Events(): void {
    const meter = this;
    const { dispatch } = S3EventRouter.prototype;
    this.patch(S3EventRouter.prototype, 'dispatch', function (this: S3EventRouter, event) {
      const key = decodeURIComponent(event.Records?.[0]?.s3.object.key.replace(/\+/g, ' ') ?? '');
      const prefix = Object.keys(PREFIX_FUNCTIONS).find((p) => key.startsWith(p));
      if (!prefix || !event.Records?.[0]?.eventName?.startsWith('ObjectCreated'))
        return meter.emulated(() => dispatch.call(this, event));
      meter.counts.s3EventsRouted += 1;
      meter.add(meter.counts.queueMessages, prefix === 'inbox/' ? 'document-intake' : 'statement-imports');
      const run = meter.invoke(PREFIX_FUNCTIONS[prefix] ?? prefix, () => dispatch.call(this, event));
      meter.pending.add(run);
      void run.finally(() => meter.pending.delete(run)).catch(() => undefined);
      return run;
    } as typeof dispatch);
  }

  private patchReader(): void {
    const meter = this;
    const { start } = LocalDocumentReader.prototype;
    this.patch(LocalDocumentReader.prototype, 'start', async function (this: LocalDocumentReader, doc) {
      const answer = await start.call(this, doc);
      // Textract bills every page it analyses; it refuses (and does not bill) what it cannot open.
      if (answer.kind !== 'failed' || answer.code === 'no_text') {
        meter.counts.textractDocuments += 1;
        meter.counts.textractPages += doc.pages;
        meter.addCall(doc.pages === 1 ? 'Textract.AnalyzeExpense' : 'Textract.StartExpenseAnalysis');
      }
      return answer;
    } as typeof start);
  }

  private patchStdout(): void {
    const meter = this;
    const original = process.stdout.write;
    this.patch(process.stdout, 'write', function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : '';
      if (text.startsWith('{') && text.includes('"level"')) {
        const ctx = meter.context();
        const bytes = Buffer.byteLength(text);
        if (ctx.kind === 'invocation') meter.stats(ctx.fn).logBytes += bytes;
        else meter.counts.unattributedLogBytes += bytes;
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stdout.write);
  }
}
