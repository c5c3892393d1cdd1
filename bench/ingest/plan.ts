/**
 * The ingest bench's pure parts: which webhook deliveries are sent in which order (a seeded plan of new
 * invoices, exact redeliveries and updates across two providers), what the stored invoices must look like once
 * the queue has drained, the check of what was stored against it, and the latency statistics.
 */
import { Prng } from '../matching/prng.ts';

export type Provider = 'chargebee' | 'sellsy';
export const PROVIDERS: readonly Provider[] = ['chargebee', 'sellsy'];

/** new: an invoice seen for the first time; duplicate: a byte-identical redelivery; update: a newer version. */
export type DeliveryKind = 'new' | 'duplicate' | 'update';

export interface PlannedInvoice {
  provider: Provider;
  /** The provider's invoice id (Chargebee "BENCH-000001", Sellsy an integer). */
  externalId: string;
  number: string;
  /** The provider's customer id (Chargebee customer id, Sellsy company id). */
  customer: string;
  /** Minor units. */
  total: number;
}

export interface Delivery {
  seq: number;
  kind: DeliveryKind;
  /** Index into DeliveryPlan.invoices. */
  invoice: number;
  /** The invoice version this delivery announces: 0 is the creation, each update adds one. */
  version: number;
  /** For a duplicate: the seq of the delivery it repeats. */
  repeats?: number;
}

export interface DeliveryPlan {
  invoices: PlannedInvoice[];
  deliveries: Delivery[];
}

export interface PlanOptions {
  deliveries: number;
  seed?: number;
  /** Share of deliveries that repeat an earlier one byte for byte (the provider retrying). */
  duplicateShare?: number;
  /** Share of deliveries that announce a newer version of an invoice already sent (a partial payment). */
  updateShare?: number;
  invoicesPerCustomer?: number;
  /** Updates per invoice at most; version v has v / (maxUpdates + 1) of the total paid. */
  maxUpdates?: number;
}

export const DEFAULT_PLAN = {
  seed: 10,
  duplicateShare: 0.1,
  updateShare: 0.1,
  invoicesPerCustomer: 5,
  maxUpdates: 3,
} as const;

/** Amount paid at `version` (minor units): a quarter of the total per update with the default three updates. */
export function amountPaidAt(total: number, version: number, maxUpdates: number = DEFAULT_PLAN.maxUpdates): number {
  const v = Math.max(0, Math.min(version, maxUpdates));
  return Math.floor((total * v) / (maxUpdates + 1));
}

/** The deliveries, in sending order; deterministic for the options. */
export function planDeliveries(options: PlanOptions): DeliveryPlan {
  const o = { ...DEFAULT_PLAN, ...options };
  const rng = new Prng(o.seed);
  const invoices: PlannedInvoice[] = [];
  const versions: number[] = [];
  const deliveries: Delivery[] = [];
  // Invoices per provider so far: each provider's customers get invoicesPerCustomer of them, interleaved.
  const perProvider: Record<Provider, number> = { chargebee: 0, sellsy: 0 };
  const expectedNew = Math.max(1, Math.round(o.deliveries * (1 - o.duplicateShare - o.updateShare)));
  const customersPerProvider = Math.max(1, Math.ceil(expectedNew / 2 / o.invoicesPerCustomer));

  const newInvoice = (seq: number): Delivery => {
    const index = invoices.length;
    const provider = PROVIDERS[index % PROVIDERS.length] as Provider;
    const n = perProvider[provider]++;
    const c = n % customersPerProvider;
    invoices.push(
      provider === 'chargebee'
        ? {
            provider,
            externalId: `BENCH-${String(n + 1).padStart(6, '0')}`,
            number: `CB-${String(n + 1).padStart(6, '0')}`,
            customer: `cust_bench_${String(c + 1).padStart(5, '0')}`,
            total: 10_000 * rng.int(1, 250),
          }
        : {
            provider,
            externalId: String(20_000_000 + n + 1),
            number: `SL-${String(n + 1).padStart(6, '0')}`,
            customer: String(7_000_000 + c + 1),
            total: 10_000 * rng.int(1, 250),
          },
    );
    versions.push(0);
    return { seq, kind: 'new', invoice: index, version: 0 };
  };

  for (let seq = 0; seq < o.deliveries; seq++) {
    const draw = rng.next();
    if (deliveries.length > 0 && draw < o.duplicateShare) {
      const picked = deliveries[rng.int(0, deliveries.length - 1)] as Delivery;
      const original = picked.repeats === undefined ? picked : (deliveries[picked.repeats] as Delivery);
      deliveries.push({
        seq,
        kind: 'duplicate',
        invoice: original.invoice,
        version: original.version,
        repeats: original.seq,
      });
      continue;
    }
    if (invoices.length > 0 && draw < o.duplicateShare + o.updateShare) {
      // A few tries at an invoice that can still change; else a new invoice.
      let chosen: number | undefined;
      for (let attempt = 0; attempt < 4 && chosen === undefined; attempt++) {
        const i = rng.int(0, invoices.length - 1);
        if ((versions[i] ?? 0) < o.maxUpdates) chosen = i;
      }
      if (chosen !== undefined) {
        const version = (versions[chosen] ?? 0) + 1;
        versions[chosen] = version;
        deliveries.push({ seq, kind: 'update', invoice: chosen, version });
        continue;
      }
    }
    deliveries.push(newInvoice(seq));
  }
  return { invoices, deliveries };
}

export interface ExpectedInvoice {
  provider: Provider;
  externalId: string;
  /** The amount paid of the newest version sent. */
  amountPaid: number;
}

/** What must be stored once the first `sent` deliveries are processed: one invoice per distinct invoice sent. */
export function expectedInvoices(
  plan: DeliveryPlan,
  sent: number,
  maxUpdates: number = DEFAULT_PLAN.maxUpdates,
): Map<string, ExpectedInvoice> {
  const newest = new Map<number, number>();
  for (const d of plan.deliveries.slice(0, sent))
    newest.set(d.invoice, Math.max(d.version, newest.get(d.invoice) ?? 0));
  const out = new Map<string, ExpectedInvoice>();
  for (const [index, version] of newest) {
    const inv = plan.invoices[index] as PlannedInvoice;
    out.set(invoiceKey(inv.provider, inv.externalId), {
      provider: inv.provider,
      externalId: inv.externalId,
      amountPaid: amountPaidAt(inv.total, version, maxUpdates),
    });
  }
  return out;
}

export const invoiceKey = (source: string, externalId: string) => `${source}:${externalId}`;

/** How many deliveries of each kind the first `sent` ones hold. */
export function kindsSent(plan: DeliveryPlan, sent: number): Record<DeliveryKind, number> {
  const out: Record<DeliveryKind, number> = { new: 0, duplicate: 0, update: 0 };
  for (const d of plan.deliveries.slice(0, sent)) out[d.kind]++;
  return out;
}

export interface StoredInvoice {
  id: string;
  source: string;
  externalId: string;
  amountPaid: number;
}

export interface Verification {
  distinctSent: number;
  stored: number;
  /** Sent but not stored. */
  lost: number;
  /** Stored more than once (the same source + external id under two records, or listed twice). */
  duplicated: number;
  /** Stored but never sent. */
  unexpected: number;
  /** Stored with an amount paid other than the newest version's: an update lost or applied out of order. */
  stale: number;
  /** A few of the keys at fault, for the report. */
  examples: string[];
}

export function verifyStored(expected: Map<string, ExpectedInvoice>, stored: readonly StoredInvoice[]): Verification {
  const seen = new Map<string, number>();
  const examples: string[] = [];
  const note = (what: string) => {
    if (examples.length < 5) examples.push(what);
  };
  let unexpected = 0;
  let stale = 0;
  for (const s of stored) {
    const key = invoiceKey(s.source, s.externalId);
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const want = expected.get(key);
    if (!want) {
      unexpected++;
      note(`unexpected ${key}`);
    } else if (want.amountPaid !== s.amountPaid && seen.get(key) === 1) {
      stale++;
      note(`stale ${key}: paid ${s.amountPaid}, expected ${want.amountPaid}`);
    }
  }
  let duplicated = 0;
  for (const [key, n] of seen) {
    if (n > 1) {
      duplicated += n - 1;
      note(`duplicated ${key} ×${n}`);
    }
  }
  let lost = 0;
  for (const key of expected.keys()) {
    if (!seen.has(key)) {
      lost++;
      note(`lost ${key}`);
    }
  }
  return { distinctSent: expected.size, stored: stored.length, lost, duplicated, unexpected, stale, examples };
}

/** Nearest-rank percentile of an ascending list (p in 0–100); NaN for an empty list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface LoadStats {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** Throughput and latency of one load run: latencies in ms of the requests that got an answer. */
export function loadStats(latenciesMs: readonly number[], errors: number, seconds: number): LoadStats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    requests: latenciesMs.length + errors,
    errors,
    seconds,
    perSecond: seconds > 0 ? latenciesMs.length / seconds : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}
