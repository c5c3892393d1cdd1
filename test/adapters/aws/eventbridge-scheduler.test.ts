import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgeScheduler } from '#shared/adapters/aws/eventbridge-scheduler.ts';

const mock = mockClient(SchedulerClient);
const config = {
  groupName: 'relance-prod',
  targets: { 'dunning-dispatch': { arn: 'arn:aws:lambda:eu-west-3:123456789012:function:relance-dispatch' } },
  roleArn: 'arn:aws:iam::123456789012:role/relance-scheduler',
  deadLetterQueueArn: 'arn:aws:sqs:eu-west-3:123456789012:relance-dispatch-dlq',
};
const schedule = {
  name: 'dun-cus_1h3a0g0rc2008v37hpfh-2026-03-30',
  at: '2026-03-30T09:00:00',
  timeZone: 'Europe/Paris',
  target: 'dunning-dispatch',
  payload: { customerId: 'cus_1h3a0g0rc2008v37hpfh' },
};

describe('EventBridge Scheduler adapter', () => {
  afterEach(() => mock.reset());

  it('sends exactly the CreateSchedule request of INTEGRATIONS.md §6', async () => {
    mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:…' });
    const result = await new EventBridgeScheduler(new SchedulerClient({ region: 'eu-west-3' }), config).schedule(
      schedule,
    );
    expect(result).toBe('created');
    expect(mock.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'dun-cus_1h3a0g0rc2008v37hpfh-2026-03-30',
      GroupName: 'relance-prod',
      ScheduleExpression: 'at(2026-03-30T09:00:00)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      ActionAfterCompletion: 'DELETE',
      ClientToken: 'dun-cus_1h3a0g0rc2008v37hpfh-2026-03-30',
      State: 'ENABLED',
      Target: {
        Arn: 'arn:aws:lambda:eu-west-3:123456789012:function:relance-dispatch',
        RoleArn: 'arn:aws:iam::123456789012:role/relance-scheduler',
        Input: '{"customerId":"cus_1h3a0g0rc2008v37hpfh"}',
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 10 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-3:123456789012:relance-dispatch-dlq' },
      },
    });
  });

  it('reads ConflictException as "already scheduled"', async () => {
    mock.on(CreateScheduleCommand).rejects(
      new ConflictException({
        Message: 'Schedule already exists',
        message: 'Schedule already exists',
        $metadata: {},
      }),
    );
    expect(
      await new EventBridgeScheduler(new SchedulerClient({ region: 'eu-west-3' }), config).schedule(schedule),
    ).toBe('exists');
  });

  it('lets other errors through (the caller retries)', async () => {
    mock.on(CreateScheduleCommand).rejects(new Error('ThrottlingException'));
    await expect(
      new EventBridgeScheduler(new SchedulerClient({ region: 'eu-west-3' }), config).schedule(schedule),
    ).rejects.toThrow('ThrottlingException');
  });

  it('deletes by name in its group, a missing schedule being fine', async () => {
    mock
      .on(DeleteScheduleCommand)
      .rejectsOnce(new ResourceNotFoundException({ Message: 'gone', message: 'gone', $metadata: {} }));
    await new EventBridgeScheduler(new SchedulerClient({ region: 'eu-west-3' }), config).cancel(schedule.name);
    expect(mock.commandCalls(DeleteScheduleCommand)[0]?.args[0].input).toMatchObject({
      Name: schedule.name,
      GroupName: 'relance-prod',
    });
  });
});
