/** The ingest bench's pure parts (bench/ingest/plan.ts): the delivery plan, the check after the drain, the stats. */
import { describe, expect, it } from 'vitest';
import {
  amountPaidAt,
  type Delivery,
  expectedInvoices,
  invoiceKey,
  kindsSent,
  loadStats,
  percentile,
  planDeliveries,
  type StoredInvoice,
  verifyStored,
} from '../../bench/ingest/plan.ts';

describe('ingest delivery plan', () => {
  const plan = planDeliveries({ deliveries: 2_000, seed: 7 });

  it('is deterministic for a seed', () => {
    expect(planDeliveries({ deliveries: 2_000, seed: 7 })).toEqual(plan);
    expect(planDeliveries({ deliveries: 2_000, seed: 8 }).deliveries).not.toEqual(plan.deliveries);
  });

  it('mixes new invoices, duplicates and updates in the planned shares', () => {
    const kinds = kindsSent(plan, plan.deliveries.length);
    expect(kinds.new + kinds.duplicate + kinds.update).toBe(2_000);
    expect(kinds.duplicate / 2_000).toBeGreaterThan(0.07);
    expect(kinds.duplicate / 2_000).toBeLessThan(0.13);
    expect(kinds.update / 2_000).toBeGreaterThan(0.07);
    expect(kinds.update / 2_000).toBeLessThan(0.13);
    expect(plan.invoices).toHaveLength(kinds.new);
  });

  it('repeats only earlier originals, and updates each invoice one version at a time', () => {
    const versions = new Map<number, number>();
    for (const d of plan.deliveries) {
      if (d.kind === 'duplicate') {
        const original = plan.deliveries[d.repeats ?? -1] as Delivery;
        expect(original.seq).toBeLessThan(d.seq);
        expect(original.kind).not.toBe('duplicate');
        expect([original.invoice, original.version]).toEqual([d.invoice, d.version]);
      } else if (d.kind === 'update') {
        expect(d.version).toBe((versions.get(d.invoice) ?? 0) + 1);
        expect(d.version).toBeLessThanOrEqual(3);
        versions.set(d.invoice, d.version);
      } else {
        expect(versions.has(d.invoice)).toBe(false);
        versions.set(d.invoice, 0);
      }
    }
  });

  it('splits invoices between the two providers, with distinct ids and several invoices per customer', () => {
    const byProvider = plan.invoices.filter((i) => i.provider === 'sellsy').length;
    expect(Math.abs(2 * byProvider - plan.invoices.length)).toBeLessThanOrEqual(1);
    const keys = new Set(plan.invoices.map((i) => invoiceKey(i.provider, i.externalId)));
    expect(keys.size).toBe(plan.invoices.length);
    const customers = new Set(plan.invoices.map((i) => `${i.provider}:${i.customer}`));
    expect(plan.invoices.length / customers.size).toBeGreaterThanOrEqual(4);
    // Sellsy ids are integers.
    expect(plan.invoices.filter((i) => i.provider === 'sellsy').every((i) => /^\d+$/.test(i.externalId))).toBe(true);
  });

  it('pays a quarter of the total per update, never all of it', () => {
    expect([0, 1, 2, 3, 4].map((v) => amountPaidAt(100_000, v))).toEqual([0, 25_000, 50_000, 75_000, 75_000]);
  });
});

describe('the check after the drain', () => {
  const plan = {
    invoices: [
      { provider: 'chargebee' as const, externalId: 'A', number: 'A', customer: 'c1', total: 40_000 },
      { provider: 'sellsy' as const, externalId: '1', number: 'S1', customer: '7', total: 80_000 },
      { provider: 'chargebee' as const, externalId: 'B', number: 'B', customer: 'c1', total: 10_000 },
    ],
    deliveries: [
      { seq: 0, kind: 'new' as const, invoice: 0, version: 0 },
      { seq: 1, kind: 'new' as const, invoice: 1, version: 0 },
      { seq: 2, kind: 'update' as const, invoice: 0, version: 1 },
      { seq: 3, kind: 'duplicate' as const, invoice: 1, version: 0, repeats: 1 },
      { seq: 4, kind: 'new' as const, invoice: 2, version: 0 },
    ],
  };
  const stored = (source: string, externalId: string, amountPaid: number): StoredInvoice => ({
    id: `inv_${externalId}`,
    source,
    externalId,
    amountPaid,
  });

  it('expects one invoice per distinct invoice sent, at its newest version', () => {
    const expected = expectedInvoices(plan, 4);
    expect([...expected.keys()]).toEqual(['chargebee:A', 'sellsy:1']);
    expect(expected.get('chargebee:A')?.amountPaid).toBe(10_000);
    expect(expectedInvoices(plan, 5).size).toBe(3);
  });

  it('passes when every invoice is stored once with its newest amount', () => {
    const v = verifyStored(expectedInvoices(plan, 4), [stored('chargebee', 'A', 10_000), stored('sellsy', '1', 0)]);
    expect(v).toMatchObject({ distinctSent: 2, stored: 2, lost: 0, duplicated: 0, unexpected: 0, stale: 0 });
    expect(v.examples).toEqual([]);
  });

  it('counts lost, duplicated, unexpected and stale invoices', () => {
    const v = verifyStored(expectedInvoices(plan, 4), [
      stored('chargebee', 'A', 0),
      stored('chargebee', 'A', 0),
      stored('chargebee', 'Z', 0),
    ]);
    expect(v).toMatchObject({ distinctSent: 2, stored: 3, lost: 1, duplicated: 1, unexpected: 1, stale: 1 });
    expect(v.examples.join('; ')).toContain('lost sellsy:1');
  });
});

describe('load statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });

  it('reports throughput over the answered requests and counts errors apart', () => {
    const s = loadStats([30, 10, 20, 40], 1, 2);
    expect(s).toEqual({ requests: 5, errors: 1, seconds: 2, perSecond: 2, p50: 20, p99: 40, max: 40 });
  });
});
