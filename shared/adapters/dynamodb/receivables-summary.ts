/**
 * The company-wide receivables summary on the single table: SUMMARY_SHARDS items, each holding the digests of
 * the customers hashed to it, one top-level attribute per customer (`c_<id>`, a compact JSON string) beside the
 * version it was built from (`v_<id>`). The home page and the sorted customer list read these few items instead
 * of the whole DEBTORS index (5 000 debtors: ~32 reads of a few tens of KB instead of 5 000 full records).
 *
 * Why per-customer digests rather than running totals: a total updated by deltas double-counts when a change is
 * delivered twice or a writer crashes between two writes (no transactions on the emulator, and none needed
 * here); a digest replaced under a version condition is idempotent and order-safe, and the totals are summed at
 * read time (milliseconds for thousands of digests).
 *
 * Capacity: an item holds at most 400 KB; a digest is ~0.3–1 KB (a name, a few open items, 13 months of sales),
 * so 32 shards hold ~15 000 active customers. Raising SUMMARY_SHARDS needs a rebuild (rebuild-summary.ts).
 */
import type { CustomerDigest } from '#shared/domain/receivables/customer-digest.ts';

export const SUMMARY_SHARDS = 32;

export const summaryKey = (shard: number) => ({ pk: `SUMMARY#RECEIVABLES#${shard}`, sk: 'SUMMARY' });

/** FNV-1a over the id: stable across processes and spreads sequential ids evenly. */
export function shardOf(customerId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    hash ^= customerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SUMMARY_SHARDS;
}

export const digestAttribute = (customerId: string) => `c_${customerId}`;
export const versionAttribute = (customerId: string) => `v_${customerId}`;

/**
 * Short keys and flat arrays per currency: a string attribute is read and parsed far faster than nested maps,
 * and every byte saved is saved 5 000 times on each read. l = dues {currency: [dueDate, balance, count, …]},
 * s = sales {currency: [month, amount, …]}, b = balances {currency: amount} (largest first).
 */
interface Encoded {
  n: string;
  g: string;
  p?: string;
  u?: string;
  r?: 1;
  l: Record<string, (string | number)[]>;
  s: Record<string, (string | number)[]>;
  b: [string, number][];
}

export function encodeDigest(d: CustomerDigest): string {
  const l: Encoded['l'] = {};
  for (const g of d.dues) {
    l[g.currency] = [...(l[g.currency] ?? []), g.dueDate, g.balance, g.count];
  }
  const s: Encoded['s'] = {};
  for (const m of d.sales) s[m.currency] = [...(s[m.currency] ?? []), m.month, m.amount];
  const e: Encoded = { n: d.legalName, g: d.segment, l, s, b: d.balances.map((m) => [m.currency, m.amount]) };
  if (d.planId !== undefined) e.p = d.planId;
  if (d.pausedUntil !== undefined) e.u = d.pausedUntil;
  if (d.needsReview) e.r = 1;
  return JSON.stringify(e);
}

export function decodeDigest(customerId: string, text: string): CustomerDigest {
  const e = JSON.parse(text) as Encoded;
  const dues: CustomerDigest['dues'] = [];
  for (const [currency, flat] of Object.entries(e.l)) {
    for (let i = 0; i < flat.length; i += 3)
      dues.push({ dueDate: String(flat[i]), currency, balance: Number(flat[i + 1]), count: Number(flat[i + 2]) });
  }
  if (Object.keys(e.l).length > 1)
    dues.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.currency.localeCompare(b.currency));
  const sales: CustomerDigest['sales'] = [];
  for (const [currency, flat] of Object.entries(e.s)) {
    for (let i = 0; i < flat.length; i += 2)
      sales.push({ month: String(flat[i]), currency, amount: Number(flat[i + 1]) });
  }
  sales.sort((a, b) => b.month.localeCompare(a.month) || a.currency.localeCompare(b.currency));
  return {
    customerId,
    legalName: e.n,
    segment: e.g,
    ...(e.p !== undefined ? { planId: e.p } : {}),
    ...(e.u !== undefined ? { pausedUntil: e.u } : {}),
    ...(e.r ? { needsReview: true } : {}),
    dues,
    balances: e.b.map(([currency, amount]) => ({ currency, amount })),
    sales,
  };
}
