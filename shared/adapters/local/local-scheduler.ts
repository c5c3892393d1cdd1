/**
 * The laptop's EventBridge Scheduler: one-time schedules stored in the table (so they survive a restart) and
 * fired by a timer, or at once when the controllable clock jumps. Same contract as the AWS adapter:
 * deterministic names ("exists" on a second create), deleted after completion, retried with back-off, and
 * parked in a dead-letter record with the reason when the target keeps failing.
 */
import { zonedTimeToUtc } from '#shared/domain/dunning/send-time.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { OneTimeSchedule, Scheduler } from '#shared/ports/scheduler.ts';
import { isConditionalCheckFailed } from '../dynamodb/dynamo-helpers.ts';
import { keys } from '../dynamodb/keys.ts';

export type ScheduleTarget = (payload: unknown, schedule: { name: string }) => Promise<void>;

const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

export interface LocalSchedulerOptions {
  /** Attempts before the schedule goes to the dead-letter record (EventBridge: MaximumRetryAttempts + 1). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  retryBaseMs?: number;
  pollMs?: number;
}

export class LocalScheduler implements Scheduler {
  private readonly targets = new Map<string, ScheduleTarget>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly options: Required<LocalSchedulerOptions>;

  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
    private readonly clock: Clock,
    options: LocalSchedulerOptions = {},
  ) {
    this.options = { maxAttempts: 5, retryBaseMs: 60_000, pollMs: 1_000, ...options };
  }

  register(target: string, handler: ScheduleTarget): void {
    this.targets.set(target, handler);
  }

  async schedule(s: OneTimeSchedule): Promise<'created' | 'exists'> {
    if (!NAME.test(s.name)) throw new InvalidValueError('name', 'must be 1-64 characters of [0-9a-zA-Z-_.]');
    if (!AT.test(s.at)) throw new InvalidValueError('at', 'must be YYYY-MM-DDTHH:MM:SS');
    const fireAt = new Date(zonedTimeToUtc(Date.parse(`${s.at}Z`), s.timeZone)).toISOString();
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: {
          ...keys.schedule(s.name),
          ...keys.scheduleDue(fireAt, s.name),
          entity: 'schedule',
          name: s.name,
          at: s.at,
          timeZone: s.timeZone,
          fireAt,
          target: s.target,
          payload: s.payload,
          attempts: 0,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return 'created';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'exists';
      throw error;
    }
  }

  async cancel(name: string): Promise<void> {
    await this.db.delete({ TableName: this.tableName, Key: keys.schedule(name) });
  }

  /** Fires every schedule whose time has come; returns how many completed. Runs are never concurrent. */
  runDue(): Promise<number> {
    const previous = this.running ?? Promise.resolve(0);
    const next = previous.then(() => this.fireDue());
    this.running = next.catch(() => 0);
    return next;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.runDue().catch(() => undefined), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async fireDue(): Promise<number> {
    const now = this.clock.now().toISOString();
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':pk': 'SCHEDULES', ':now': `${now}~` },
    });
    let completed = 0;
    for (const item of res.Items ?? []) {
      const name = String(item.name);
      const handler = this.targets.get(String(item.target));
      try {
        if (!handler) throw new Error(`no target registered for "${String(item.target)}"`);
        await handler(item.payload, { name });
        await this.cancel(name);
        completed++;
      } catch (error) {
        await this.recordFailure(item, error instanceof Error ? error.message : String(error), now);
      }
    }
    return completed;
  }

  private async recordFailure(item: Record<string, unknown>, reason: string, now: string): Promise<void> {
    const name = String(item.name);
    const attempts = Number(item.attempts ?? 0) + 1;
    if (attempts >= this.options.maxAttempts) {
      await this.db.put({
        TableName: this.tableName,
        Item: {
          ...item,
          pk: `DLQ#SCHEDULE#${name}`,
          sk: now,
          gsi2pk: 'DLQ',
          gsi2sk: `${now}#${name}`,
          attempts,
          reason,
        },
      });
      await this.cancel(name);
      return;
    }
    const retryAt = new Date(Date.parse(now) + this.options.retryBaseMs * 2 ** (attempts - 1)).toISOString();
    await this.db
      .update({
        TableName: this.tableName,
        Key: keys.schedule(name),
        UpdateExpression: 'SET attempts = :a, gsi2sk = :sk, lastError = :r',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':a': attempts, ':sk': `${retryAt}#${name}`, ':r': reason },
      })
      .catch((error: unknown) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }
}
