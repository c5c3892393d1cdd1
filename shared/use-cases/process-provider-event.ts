/**
 * The worker: processes one stored provider event (a webhook or a catch-up change) into our invoices and
 * customers. Idempotent: a redelivered or replayed event lands on the same records and changes nothing more.
 *
 * Input: the event's provider and id (the queue message). Output: processed | skipped | retryable | permanent.
 * Steps:
 *  1. read the stored event (already processed → skipped);
 *  2. by subject —
 *     invoice: the record included in the event, else fetched from the provider (gone → the invoice is voided;
 *       not found and never held → retryable: the provider's API may not serve a record it just notified);
 *     customer: the profile and billing contacts, included or fetched, merged (versioned);
 *     payment / credit note: the invoices they apply to are fetched again and recorded — the provider's own
 *       paid and credited amounts are the truth, so a payment lowers the balance (and a zero balance is paid,
 *       which stops reminders) without us keeping a second ledger of the provider's payments;
 *  3. an invoice seen for the first time gets its customer (profile + billing contacts) first; an invoice that
 *     changed, or has no PDF yet, gets its PDF fetched and stored;
 *  4. the event is marked processed, or failed with its reason: retryable ones (provider down, rate-limited,
 *     connection broken, a lost race) go back to the queue and end in its DLQ if they keep failing; permanent
 *     ones (the provider refuses, a record we cannot read) stay stored as failed, listed for a person.
 * Versions (Chargebee resource_version, QuickBooks LastUpdatedTime + SyncToken, Sellsy update time) travel in
 * InvoiceInput.version, so an out-of-order delivery never moves an invoice backwards.
 */
import { DomainError, InvalidTransitionError } from '#shared/domain/errors.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import {
  type InvoiceSourceClient,
  NOT_A_RECEIVABLE,
  SourceConnectionBrokenError,
  type SourceEvent,
  type SourceInvoice,
  SourceRecordError,
  type SourceRef,
  SourceUnavailableError,
} from '#shared/ports/invoice-source.ts';
import type { ProviderEventMessage, WebhookEventStore } from '#shared/ports/webhook-events.ts';
import { makeAttachInvoicePdf } from './attach-invoice-pdf.ts';
import { makeChangeInvoiceState } from './change-invoice-state.ts';
import { makeRecordInvoice } from './record-invoice.ts';
import type { UseCaseDeps } from './stores.ts';
import { makeUpsertSourceCustomer } from './upsert-source-customer.ts';

export interface ProviderEventDeps extends UseCaseDeps {
  /** The bucket where invoice PDFs are kept. */
  blobs: BlobStore;
  events: WebhookEventStore;
  /** The configured sources by provider name. */
  sources: Readonly<Record<string, InvoiceSourceClient>>;
}

export type ProcessOutcome =
  | { status: 'processed' }
  | { status: 'skipped'; reason: string }
  | { status: 'retryable'; reason: string; retryAfterMs?: number }
  | { status: 'permanent'; reason: string };

export const makeProcessProviderEvent = (deps: ProviderEventDeps) => {
  const record = makeRecordInvoice(deps);
  const upsertCustomer = makeUpsertSourceCustomer(deps);
  const attachPdf = makeAttachInvoicePdf(deps);
  const changeState = makeChangeInvoiceState(deps);

  async function applyInvoice(client: InvoiceSourceClient, event: SourceEvent, rec: SourceInvoice, actor: Actor) {
    const id = invoiceId(rec.invoice.source, rec.invoice.externalId);
    const included = event.included?.customers?.find((c) => c.externalId === rec.invoice.customer.externalId);
    if (included) await upsertCustomer(included, actor);
    else if (!(await deps.invoices.get(id))) {
      // First sight of this invoice: bring its customer's profile and billing contacts along.
      const profile = await client.fetchCustomer(rec.customerRef);
      if (profile) await upsertCustomer(profile, actor);
    }
    const result = await record(rec.invoice, actor, reasonOf(event));
    if (result.invoice.state !== 'void' && (result.changed || !result.invoice.pdf)) {
      const file = await client.fetchInvoicePdf(rec.ref);
      if (file && file.body.byteLength > 0) await attachPdf(result.invoice.id, file.body, actor);
    }
  }

  /** The provider no longer has the invoice: it was deleted there, so it is void here. */
  async function voidGone(client: InvoiceSourceClient, event: SourceEvent, ref: SourceRef, actor: Actor) {
    const id = invoiceId(client.source, client.externalIdOf(ref));
    if (!(await deps.invoices.get(id))) {
      // An invoice event for a record we never held, that the provider cannot read: its API lags its webhooks.
      // Retried (then dead-lettered, the event kept as failed) rather than marked done, or the invoice is lost.
      if (event.subject === 'invoice' && !/delet/i.test(event.action)) {
        throw new SourceUnavailableError(`${client.source} invoice ${ref.id} is not readable yet`);
      }
      return;
    }
    try {
      await changeState(id, 'void', { actor, reason: reasonOf(event), requestId: event.eventId });
    } catch (error) {
      // A written-off invoice stays written off: nothing to collect either way.
      if (!(error instanceof InvalidTransitionError)) throw error;
    }
  }

  async function refreshInvoice(client: InvoiceSourceClient, event: SourceEvent, ref: SourceRef, actor: Actor) {
    const rec = await client.fetchInvoice(ref);
    if (rec === NOT_A_RECEIVABLE) return;
    if (rec) await applyInvoice(client, event, rec, actor);
    else await voidGone(client, event, ref, actor);
  }

  async function handle(client: InvoiceSourceClient, event: SourceEvent): Promise<void> {
    const actor: Actor = { kind: 'integration', id: client.source };
    const includedInvoices = event.included?.invoices ?? [];
    switch (event.subject) {
      case 'customer': {
        const profiles = [...(event.included?.customers ?? [])];
        if (profiles.length === 0) {
          const fetched = await client.fetchCustomer(event.ref);
          if (fetched) profiles.push(fetched);
        }
        // A customer deleted at the source keeps its history here: nothing to do.
        for (const profile of profiles) await upsertCustomer(profile, actor);
        return;
      }
      case 'invoice': {
        if (includedInvoices.length > 0) {
          for (const rec of includedInvoices) await applyInvoice(client, event, rec, actor);
        } else {
          await refreshInvoice(client, event, event.ref, actor);
        }
        return;
      }
      case 'payment':
      case 'credit_note': {
        for (const rec of includedInvoices) await applyInvoice(client, event, rec, actor);
        const affected = event.affectedInvoices ?? (await client.invoicesAffectedBy(event.subject, event.ref));
        const done = new Set(includedInvoices.map((r) => r.ref.id));
        for (const ref of affected) {
          if (done.has(ref.id)) continue;
          done.add(ref.id);
          await refreshInvoice(client, event, ref, actor);
        }
        return;
      }
    }
  }

  return async (message: ProviderEventMessage): Promise<ProcessOutcome> => {
    const stored = await deps.events.get(message.provider, message.eventId);
    if (!stored) return { status: 'permanent', reason: 'event not stored' };
    if (stored.state === 'processed') return { status: 'skipped', reason: 'already processed' };
    const at = () => deps.clock.now().toISOString();
    const fail = async (outcome: Exclude<ProcessOutcome, { status: 'processed' | 'skipped' }>) => {
      await deps.events.markFailed(message.provider, message.eventId, `${outcome.status}: ${outcome.reason}`, at());
      return outcome;
    };
    if (!stored.event) return fail({ status: 'permanent', reason: stored.reason ?? 'the payload could not be read' });
    const client = deps.sources[message.provider];
    if (!client) return fail({ status: 'permanent', reason: `provider ${message.provider} is not configured` });
    try {
      await handle(client, stored.event);
    } catch (error) {
      return fail(classify(error));
    }
    await deps.events.markProcessed(message.provider, message.eventId, at());
    return { status: 'processed' };
  };
};

function reasonOf(event: SourceEvent): string {
  return `${event.provider} ${event.subject} ${event.action} (event ${event.eventId})`;
}

/** Retry what time can fix; keep, but stop retrying, what only a person or a code change can fix. */
export function classify(error: unknown): Exclude<ProcessOutcome, { status: 'processed' | 'skipped' }> {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof SourceUnavailableError) {
    return { status: 'retryable', reason, ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}) };
  }
  if (error instanceof SourceConnectionBrokenError) return { status: 'retryable', reason };
  if (error instanceof SourceRecordError) return { status: 'permanent', reason };
  if (error instanceof DomainError && error.code !== 'CONCURRENT_UPDATE') return { status: 'permanent', reason };
  // Lost races, throttled storage, anything unexpected: another attempt may well succeed.
  return { status: 'retryable', reason };
}

/** Thrown to the queue for a retryable outcome, so it redelivers (and dead-letters, with this reason, at the end). */
export class RetryLaterError extends Error {
  constructor(
    reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
    this.name = 'RetryLaterError';
  }
}

/** The queue consumer (in-process locally, SQS on AWS): retryable outcomes are thrown, the rest acknowledged. */
export const makeProviderEventConsumer = (deps: ProviderEventDeps) => {
  const process = makeProcessProviderEvent(deps);
  return async (message: ProviderEventMessage): Promise<ProcessOutcome> => {
    const outcome = await process(message);
    if (outcome.status === 'retryable') throw new RetryLaterError(outcome.reason, outcome.retryAfterMs);
    return outcome;
  };
};
