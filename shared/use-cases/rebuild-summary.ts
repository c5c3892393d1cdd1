/**
 * Rebuilds the company-wide receivables summary from the customer records: for data written before the summary
 * existed, after changing the number of shards, or to repair it after an incident. Safe to run at any time and
 * concurrently with normal traffic (each digest is written under its record's version).
 */
import type { Stores } from './stores.ts';

export async function rebuildReceivablesSummary(
  stores: Pick<Stores, 'customers'>,
  options: { concurrency?: number } = {},
): Promise<{ customers: number }> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await stores.customers.list({ limit: 1000, cursor });
    const ids = page.items.map((s) => s.customer.id);
    const width = options.concurrency ?? 16;
    for (let i = 0; i < ids.length; i += width) {
      await Promise.all(ids.slice(i, i + width).map((id) => stores.customers.syncSummary(id)));
    }
    count += ids.length;
    cursor = page.cursor;
  } while (cursor);
  return { customers: count };
}
