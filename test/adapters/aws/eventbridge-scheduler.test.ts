/**
 * The EventBridge Scheduler adapter against the recording fake AWS endpoint (Scheduler has no emulator): the exact
 * CreateSchedule and DeleteSchedule requests on the wire (REST-JSON: the name in the path, the rest in the JSON
 * body or, for a delete, the query), and how it reads Scheduler's error answers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeScheduler } from '#shared/adapters/aws/eventbridge-scheduler.ts';
import { AwsServiceError } from '#shared/platform/aws/errors.ts';
import { EventBridgeSchedules } from '#shared/platform/aws/scheduler.ts';
import { TEST_CREDENTIALS } from '../../support/dynamo.ts';
import { awsError, type FakeAws, startFakeAws } from '../../support/fake-aws.ts';

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
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  // Built as functions/support/dunning.ts builds it (the client's default attempts), pointed at the fake.
  const scheduler = () =>
    new EventBridgeScheduler(
      new EventBridgeSchedules({ region: 'eu-west-3', endpoint: fake.endpoint, credentials: TEST_CREDENTIALS }),
      config,
    );

  it('sends exactly the CreateSchedule request of INTEGRATIONS.md §6', async () => {
    fake.on('Scheduler.CreateSchedule', {
      body: {
        ScheduleArn:
          'arn:aws:scheduler:eu-west-3:123456789012:schedule/relance-prod/dun-cus_1h3a0g0rc2008v37hpfh-2026-03-30',
      },
    });
    const result = await scheduler().schedule(schedule);
    expect(result).toBe('created');
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.callsOf('Scheduler.CreateSchedule');
    expect(call?.method).toBe('POST');
    // The name travels in the path, not in the body.
    expect(call?.path).toBe('/schedules/dun-cus_1h3a0g0rc2008v37hpfh-2026-03-30');
    expect(call?.query).toEqual({});
    expect(call?.region).toBe('eu-west-3');
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.body).toEqual({
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
    // Scheduler's answer: 409, the code in the x-amzn-ErrorType header only, the message in the body.
    fake.on('Scheduler.CreateSchedule', {
      status: 409,
      headers: { 'x-amzn-errortype': 'ConflictException:http://internal.amazon.com/coral/com.amazonaws.chronos/' },
      body: { Message: 'Schedule dun-cus_1h3a0g0rc2008v37hpfh-2026-03-30 already exists.' },
    });
    expect(await scheduler().schedule(schedule)).toBe('exists');
    expect(fake.callsOf('Scheduler.CreateSchedule')).toHaveLength(1);
  });

  it('lets other errors through (the caller retries)', async () => {
    fake.on('Scheduler.CreateSchedule', awsError(429, 'ThrottlingException', 'Rate exceeded'));
    const error = await scheduler()
      .schedule(schedule)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', statusCode: 429 });
    // The client's own standard retries (3 attempts) ran before the error reached the adapter.
    expect(fake.callsOf('Scheduler.CreateSchedule')).toHaveLength(3);
  });

  it('deletes by name in its group, a missing schedule being fine', async () => {
    fake.on('Scheduler.DeleteSchedule', awsError(404, 'ResourceNotFoundException', 'gone'));
    await scheduler().cancel(schedule.name);
    const calls = fake.callsOf('Scheduler.DeleteSchedule');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('DELETE');
    expect(calls[0]?.path).toBe(`/schedules/${schedule.name}`);
    expect(calls[0]?.query).toEqual({ groupName: 'relance-prod', clientToken: `del-${schedule.name}` });
    expect(calls[0]?.body).toBeUndefined();

    // Any other refusal is not swallowed.
    fake.on('Scheduler.DeleteSchedule', awsError(403, 'AccessDeniedException', 'not allowed'));
    await expect(scheduler().cancel(schedule.name)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
