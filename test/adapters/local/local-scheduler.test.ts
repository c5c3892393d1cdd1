import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '#shared/adapters/local/controllable-clock.ts';
import { LocalScheduler } from '#shared/adapters/local/local-scheduler.ts';
import { startTestTable, type TestTable } from '../../support/dynamo.ts';

describe('local scheduler (over dynalite)', () => {
  let table: TestTable;
  const clock = new ControllableClock();
  beforeAll(async () => {
    table = await startTestTable();
    clock.set(new Date('2026-03-28T08:00:00Z'));
  });
  afterAll(async () => table.close());

  it('fires a schedule once, at its local time in its zone, then deletes it', async () => {
    const scheduler = new LocalScheduler(table.db, table.tableName, clock);
    const fired: unknown[] = [];
    scheduler.register('dispatch', async (payload) => {
      fired.push(payload);
    });
    // 2026-03-30 09:00 in Paris is 07:00Z (summer time started on the 29th).
    expect(
      await scheduler.schedule({
        name: 'dun-c1-2026-03-30',
        at: '2026-03-30T09:00:00',
        timeZone: 'Europe/Paris',
        target: 'dispatch',
        payload: { customerId: 'c1' },
      }),
    ).toBe('created');
    expect(
      await scheduler.schedule({
        name: 'dun-c1-2026-03-30',
        at: '2026-03-30T09:00:00',
        timeZone: 'Europe/Paris',
        target: 'dispatch',
        payload: { customerId: 'c1' },
      }),
    ).toBe('exists');

    clock.set(new Date('2026-03-30T06:59:00Z'));
    expect(await scheduler.runDue()).toBe(0);
    clock.set(new Date('2026-03-30T07:00:00Z'));
    expect(await scheduler.runDue()).toBe(1);
    expect(await scheduler.runDue()).toBe(0);
    expect(fired).toEqual([{ customerId: 'c1' }]);
    // Deleted after completion: the same name can be scheduled again.
    expect(
      await scheduler.schedule({
        name: 'dun-c1-2026-03-30',
        at: '2026-04-01T09:00:00',
        timeZone: 'Europe/Paris',
        target: 'dispatch',
        payload: {},
      }),
    ).toBe('created');
    await scheduler.cancel('dun-c1-2026-03-30');
  });

  it('retries a failing target with back-off, then parks it with the reason', async () => {
    const scheduler = new LocalScheduler(table.db, table.tableName, clock, { maxAttempts: 3, retryBaseMs: 60_000 });
    let calls = 0;
    scheduler.register('flaky', async () => {
      calls++;
      throw new Error('SES throttled');
    });
    await scheduler.schedule({
      name: 'flaky-1',
      at: '2026-03-30T09:00:00',
      timeZone: 'Europe/Paris',
      target: 'flaky',
      payload: {},
    });
    clock.set(new Date('2026-03-30T07:00:00Z'));
    await scheduler.runDue();
    expect(calls).toBe(1);
    await scheduler.runDue(); // not yet: the retry waits one minute
    expect(calls).toBe(1);
    clock.advance(60_000);
    await scheduler.runDue();
    clock.advance(120_000);
    await scheduler.runDue();
    expect(calls).toBe(3);
    clock.advance(3_600_000);
    await scheduler.runDue();
    expect(calls).toBe(3);
    const dlq = await table.db.query({
      TableName: table.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': 'DLQ' },
    });
    expect(dlq.Items).toContainEqual(
      expect.objectContaining({ name: 'flaky-1', reason: 'SES throttled', attempts: 3 }),
    );
  });

  it('refuses names and times EventBridge would refuse', async () => {
    const scheduler = new LocalScheduler(table.db, table.tableName, clock);
    await expect(
      scheduler.schedule({
        name: 'bad name',
        at: '2026-03-30T09:00:00',
        timeZone: 'Europe/Paris',
        target: 't',
        payload: {},
      }),
    ).rejects.toThrow(/name/);
    await expect(
      scheduler.schedule({ name: 'ok', at: '2026-03-30 09:00', timeZone: 'Europe/Paris', target: 't', payload: {} }),
    ).rejects.toThrow(/at/);
  });
});
