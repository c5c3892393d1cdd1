/**
 * The catch-up sync, run on a schedule and when a provider is connected: repairs missed webhooks and does the
 * first import. It does not process anything itself: every change becomes a stored event on the same queue
 * as the webhooks, so the worker, its retries, its DLQ and its idempotency apply unchanged.
 *
 * Input: the provider. Output: how many events were queued and how many were already known.
 * Steps:
 *  1. ask the provider what changed since the last completed sync (nothing recorded: the first import);
 *  2. where the change list only shows open invoices (Sellsy), add a re-check of every invoice we still hold
 *     as open for that source, so one paid or cancelled during an outage is seen too;
 *  3. store each change (its id is deterministic per record version: a re-run stores nothing twice), queue
 *     the new ones, and remember when this run started (less an overlap for clock skew) for the next one.
 */
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { ConnectionStore } from '#shared/ports/connections.ts';
import type { InvoiceSourceClient, SourceEvent } from '#shared/ports/invoice-source.ts';
import type { WorkQueue } from '#shared/ports/queue.ts';
import type { InvoiceRepository } from '#shared/ports/repositories.ts';
import {
  PROVIDER_EVENTS_QUEUE,
  type ProviderEventMessage,
  providerEventMessageId,
  type WebhookEventStore,
} from '#shared/ports/webhook-events.ts';

export interface SyncDeps {
  events: WebhookEventStore;
  queue: WorkQueue;
  connections: ConnectionStore;
  invoices: Pick<InvoiceRepository, 'listByState'>;
  clock: Clock;
  sources: Readonly<Record<string, InvoiceSourceClient>>;
}

/** Changes made at the provider while our previous run was reading are caught by overlapping the windows. */
const OVERLAP_MS = 10 * 60_000;
/** The states in which we still expect money, hence a change at the source matters. */
const OPEN_STATES: InvoiceState[] = ['open', 'partially_paid', 'disputed', 'promised', 'in_payment_plan'];

export const makeSyncProvider =
  (deps: SyncDeps) =>
  async (provider: string): Promise<{ queued: number; known: number }> => {
    const client = deps.sources[provider];
    if (!client) throw new Error(`provider ${provider} is not configured`);
    const startedAt = deps.clock.now();
    const since = (await deps.connections.get(provider))?.lastSyncedAt;
    const changes = await client.listChangedSince(since, startedAt);
    if (client.recheckOpenInvoices) changes.push(...(await openInvoiceRechecks(deps, client, changes, startedAt)));

    let queued = 0;
    let known = 0;
    for (const event of changes) {
      const outcome = await deps.events.record({
        provider,
        eventId: event.eventId,
        event,
        raw: JSON.stringify(event),
        receivedAt: startedAt.toISOString(),
      });
      if (outcome === 'duplicate') {
        known++;
        continue;
      }
      await deps.queue.send<ProviderEventMessage>(PROVIDER_EVENTS_QUEUE, {
        id: providerEventMessageId(provider, event.eventId),
        body: { provider, eventId: event.eventId },
      });
      queued++;
    }
    await deps.connections.saveSyncedAt(provider, new Date(startedAt.getTime() - OVERLAP_MS).toISOString());
    return { queued, known };
  };

async function openInvoiceRechecks(
  deps: SyncDeps,
  client: InvoiceSourceClient,
  changes: readonly SourceEvent[],
  startedAt: Date,
): Promise<SourceEvent[]> {
  // Invoices the change list already covers, whether it carries them or only names them (to be re-read).
  const seen = new Set(
    changes.flatMap((c) => [
      ...(c.included?.invoices ?? []).map((i) => i.invoice.externalId),
      ...(c.subject === 'invoice' ? [client.externalIdOf(c.ref)] : []),
    ]),
  );
  const out: SourceEvent[] = [];
  for (const state of OPEN_STATES) {
    let cursor: string | undefined;
    do {
      const page = await deps.invoices.listByState(state, { cursor, limit: 500 });
      for (const invoice of page.items) {
        if (invoice.source !== client.source || seen.has(invoice.externalId)) continue;
        seen.add(invoice.externalId);
        out.push({
          provider: client.source,
          // One re-check per invoice per run.
          eventId: `recheck:${invoice.externalId}:${startedAt.toISOString()}`,
          subject: 'invoice',
          ref: client.refFromExternalId(invoice.externalId),
          action: 'recheck',
          occurredAt: startedAt.toISOString(),
        });
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return out;
}
