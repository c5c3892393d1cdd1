/** The cost bench's arithmetic (bench/costs/cost-model.ts): prices × counts, scaling per volume, fixed items. */
import { describe, expect, it } from 'vitest';
import {
  costAtVolume,
  type FixedItems,
  monthlyCost,
  scaleUsage,
  total,
  zeroUsage,
} from '../../bench/costs/cost-model.ts';
import { gsiWriteUnits, itemBytes } from '../../bench/costs/count-calls.ts';
import { PRICES } from '../../bench/costs/prices.ts';

const noFixed: FixedItems = { secrets: 0, alarms: 0, dashboards: 0, usage: zeroUsage() };
const line = (lines: ReturnType<typeof monthlyCost>, service: string) => lines.find((l) => l.service === service);

describe('cost model arithmetic', () => {
  it('multiplies counts by prices per service', () => {
    const usage = { ...zeroUsage(), dynamoWriteUnits: 2_000_000, dynamoReadUnits: 4_000_000, textractPages: 300 };
    const lines = monthlyCost(usage, noFixed);
    expect(line(lines, 'DynamoDB (on-demand)')?.usd).toBeCloseTo(
      2 * PRICES.dynamoWrite.usd + 4 * PRICES.dynamoRead.usd,
      10,
    );
    expect(line(lines, 'Textract')?.usd).toBeCloseTo(300 * PRICES.textractExpensePage.usd, 10);
    expect(total(lines)).toBeCloseTo(2 * PRICES.dynamoWrite.usd + 4 * PRICES.dynamoRead.usd + 3, 10);
  });

  it('scales per-invoice usage linearly with the volume', () => {
    const perInvoice = { ...zeroUsage(), sesMessages: 2, lambdaRequests: 10, sqsStandardRequests: 9 };
    const at100 = total(costAtVolume(perInvoice, 100, noFixed));
    const at1000 = total(costAtVolume(perInvoice, 1_000, noFixed));
    expect(at1000).toBeCloseTo(10 * at100, 10);
    expect(scaleUsage(perInvoice, 3).sesMessages).toBe(6);
  });

  it('adds the fixed items whatever the volume, and reports the free tier apart', () => {
    const fixed: FixedItems = { secrets: 5, alarms: 22, dashboards: 1, usage: zeroUsage() };
    const none = costAtVolume(zeroUsage(), 0, fixed);
    expect(line(none, 'Secrets Manager')?.usd).toBeCloseTo(5 * PRICES.secretMonth.usd, 10);
    expect(line(none, 'CloudWatch')?.usd).toBeCloseTo(22 * PRICES.alarmMonth.usd + PRICES.dashboardMonth.usd, 10);
    // 10 alarms and the first 3 dashboards are free: reported, not subtracted.
    expect(line(none, 'CloudWatch')?.freeTierUsd).toBeCloseTo(
      10 * PRICES.alarmMonth.usd + PRICES.dashboardMonth.usd,
      10,
    );
    expect(total(none)).toBeCloseTo(
      5 * PRICES.secretMonth.usd + 22 * PRICES.alarmMonth.usd + PRICES.dashboardMonth.usd,
      10,
    );
  });

  it('counts the SQS free million across standard and FIFO requests', () => {
    const lines = monthlyCost({ ...zeroUsage(), sqsStandardRequests: 600_000, sqsFifoRequests: 600_000 }, noFixed);
    const sqs = line(lines, 'SQS');
    expect(sqs?.usd).toBeCloseTo(0.6 * PRICES.sqsStandard.usd + 0.6 * PRICES.sqsFifo.usd, 10);
    expect(sqs?.freeTierUsd).toBeCloseTo(0.6 * PRICES.sqsStandard.usd + 0.4 * PRICES.sqsFifo.usd, 10);
  });

  it('derives GSI write units from the index keys an item carries', () => {
    const small = { pk: 'INVOICE#1', sk: 'INVOICE', gsi1pk: 'C#1', gsi1sk: 'OPEN', gsi2pk: 'STATE#open', gsi2sk: 'x' };
    expect(gsiWriteUnits(small)).toBe(2);
    expect(gsiWriteUnits({ pk: 'a', sk: 'b', gsi3pk: 'only the partition key' })).toBe(0);
    const big = { ...small, blob: 'x'.repeat(1500) };
    expect(itemBytes(big)).toBeGreaterThan(1024);
    expect(gsiWriteUnits(big)).toBe(4);
  });
});
