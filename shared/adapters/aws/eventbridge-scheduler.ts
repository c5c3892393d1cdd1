/**
 * EventBridge Scheduler behind the Scheduler port (INTEGRATIONS.md §6): one-time `at()` schedules in the
 * customer's time zone, a flexible window, deleted after they fire, with a retry policy and a dead-letter
 * queue. Names are deterministic, so a second create answers ConflictException — read as "already scheduled".
 */
import type { EventBridgeSchedules } from '#shared/platform/aws/scheduler.ts';
import type { OneTimeSchedule, Scheduler } from '#shared/ports/scheduler.ts';

export interface EventBridgeSchedulerConfig {
  groupName: string;
  /** The target each schedule invokes (the dispatch Lambda), by schedule `target` name. */
  targets: Record<string, { arn: string }>;
  /** The role Scheduler assumes to invoke the targets. */
  roleArn: string;
  deadLetterQueueArn: string;
  /** @default 15 — reminders may go out up to a quarter of an hour after the send hour. */
  flexibleWindowMinutes?: number;
  /** @default 86400 (a day) — after that a missed dispatch is left to the next one, which catches up. */
  maximumEventAgeSeconds?: number;
  /** @default 10 */
  maximumRetryAttempts?: number;
}

export class EventBridgeScheduler implements Scheduler {
  constructor(
    private readonly client: EventBridgeSchedules,
    private readonly config: EventBridgeSchedulerConfig,
  ) {}

  async schedule(s: OneTimeSchedule): Promise<'created' | 'exists'> {
    const target = this.config.targets[s.target];
    if (!target) throw new Error(`no schedule target named "${s.target}"`);
    try {
      await this.client.createSchedule({
        Name: s.name,
        GroupName: this.config.groupName,
        ScheduleExpression: `at(${s.at})`,
        ScheduleExpressionTimezone: s.timeZone,
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: this.config.flexibleWindowMinutes ?? 15 },
        ActionAfterCompletion: 'DELETE',
        ClientToken: s.name,
        State: 'ENABLED',
        Target: {
          Arn: target.arn,
          RoleArn: this.config.roleArn,
          Input: JSON.stringify(s.payload),
          RetryPolicy: {
            MaximumEventAgeInSeconds: this.config.maximumEventAgeSeconds ?? 86_400,
            MaximumRetryAttempts: this.config.maximumRetryAttempts ?? 10,
          },
          DeadLetterConfig: { Arn: this.config.deadLetterQueueArn },
        },
      });
      return 'created';
    } catch (error) {
      if (error instanceof Error && error.name === 'ConflictException') return 'exists';
      throw error;
    }
  }

  async cancel(name: string): Promise<void> {
    try {
      await this.client.deleteSchedule({
        Name: name,
        GroupName: this.config.groupName,
        ClientToken: `del-${name}`.slice(0, 64),
      });
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    }
  }
}
