/**
 * Bank API transactions in: a signed webhook's lines, and the polling catch-up that is the safety net under the
 * webhooks (a delivery lost or refused is picked up by the next poll; a transaction seen by both adds nothing,
 * being keyed by the bank's own id).
 */
import type { BankFeed, ImportCounts } from '#shared/ports/bank.ts';
import type { BankDeps } from './bank-deps.ts';
import { makeRecordBankLines } from './record-bank-lines.ts';

/** How far back the first poll looks when no cursor was saved yet. */
export const FIRST_POLL_DAYS = 30;

/**
 * Polls `feed` for what changed since the saved cursor (or FIRST_POLL_DAYS back), records and matches it, then
 * saves the new cursor — only after the lines are recorded, so a failure polls the same window again.
 */
export const makeSyncBankFeed = (deps: BankDeps) => {
  const recordLines = makeRecordBankLines(deps);
  return async (feed: BankFeed): Promise<ImportCounts> => {
    const saved = await deps.imports.getFeedCursor(feed.name);
    const since = saved ?? new Date(deps.clock.now().getTime() - FIRST_POLL_DAYS * 86_400_000).toISOString();
    const { lines, cursor } = await feed.updatedSince(since);
    const { counts } = await recordLines(lines, { source: feed.name });
    await deps.imports.putFeedCursor(feed.name, cursor);
    return counts;
  };
};
