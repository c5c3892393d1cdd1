/** Counting per lifecycle step (bench/costs/count-calls.ts): snapshots, differences, split by function. */
import { describe, expect, it } from 'vitest';
import {
  type Counts,
  callsByService,
  diffCounts,
  emptyCounts,
  snapshotCounts,
  splitByFunction,
} from '../../bench/costs/count-calls.ts';

function counts(calls: Record<string, Record<string, number>>, extra: Partial<Counts> = {}): Counts {
  const sdkCalls = new Map<string, number>();
  const sdkCallsByFunction = new Map<string, Map<string, number>>();
  for (const [fn, byCall] of Object.entries(calls)) {
    sdkCallsByFunction.set(fn, new Map(Object.entries(byCall)));
    for (const [call, n] of Object.entries(byCall)) sdkCalls.set(call, (sdkCalls.get(call) ?? 0) + n);
  }
  return { ...emptyCounts(), sdkCalls, sdkCallsByFunction, ...extra };
}

describe('counts per step', () => {
  it('takes the difference between two snapshots, leaving the earlier one untouched', () => {
    const before = counts(
      { 'http-api': { 'DynamoDB.PutItem': 2 } },
      {
        sesMessages: 1,
        sentMessageIds: ['m1'],
        invocations: new Map([['http-api', { count: 2, totalMs: 10, logBytes: 0 }]]),
      },
    );
    const snap = snapshotCounts(before);
    const after = counts(
      {
        'http-api': { 'DynamoDB.PutItem': 5 },
        'reminder-dispatch': { 'SESv2.SendEmail': 1, 'Scheduler.CreateSchedule': 1 },
      },
      {
        sesMessages: 2,
        sentMessageIds: ['m1', 'm2'],
        invocations: new Map([
          ['http-api', { count: 3, totalMs: 16, logBytes: 0 }],
          ['reminder-dispatch', { count: 1, totalMs: 4, logBytes: 9 }],
        ]),
      },
    );
    const d = diffCounts(after, snap);
    expect(d.sdkCalls).toEqual(
      new Map([
        ['DynamoDB.PutItem', 3],
        ['SESv2.SendEmail', 1],
        ['Scheduler.CreateSchedule', 1],
      ]),
    );
    expect(d.sdkCallsByFunction.get('http-api')).toEqual(new Map([['DynamoDB.PutItem', 3]]));
    expect(d.invocations.get('http-api')).toEqual({ count: 1, totalMs: 6, logBytes: 0 });
    expect(d.sesMessages).toBe(1);
    expect(d.sentMessageIds).toEqual(['m2']);
    expect(snap.sdkCalls.get('DynamoDB.PutItem')).toBe(2);
  });

  it('sums calls per AWS service', () => {
    const c = counts({ x: { 'DynamoDB.GetItem': 3, 'DynamoDB.Query': 2, 'S3.GetObject': 1 } });
    expect(callsByService(c.sdkCalls)).toEqual(
      new Map([
        ['DynamoDB', 5],
        ['S3', 1],
      ]),
    );
  });

  it("splits a window into everyone else's calls and one function's", () => {
    const c = counts(
      { 'statement-import': { 'DynamoDB.Query': 4, 'S3.GetObject': 1 }, 'reminder-dispatch': { 'DynamoDB.Query': 2 } },
      { invocations: new Map([['reminder-dispatch', { count: 1, totalMs: 3, logBytes: 0 }]]), sesMessages: 0 },
    );
    const [rest, theirs] = splitByFunction(c, 'reminder-dispatch');
    expect(rest.sdkCalls).toEqual(
      new Map([
        ['DynamoDB.Query', 4],
        ['S3.GetObject', 1],
      ]),
    );
    expect(rest.invocations.size).toBe(0);
    expect(theirs.sdkCalls).toEqual(new Map([['DynamoDB.Query', 2]]));
    expect(theirs.invocations.get('reminder-dispatch')?.count).toBe(1);
  });
});
