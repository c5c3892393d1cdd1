/**
 * Provider webhooks, as the web layer and the worker see them. The web layer authenticates a delivery, splits
 * it into events and stores each raw event (deduplicated by the provider's event id) before queuing it, so the
 * answer is fast and nothing is lost; the worker does the rest. Provider-specific verification and parsing are
 * WebhookReceivers implemented by the connectors and injected by the host (the web layer never imports them).
 */
import type { SourceEvent } from './invoice-source.ts';
import type { Page } from './repositories.ts';

export type WebhookEventState = 'received' | 'processed' | 'failed';

export interface WebhookEventRecord {
  provider: string;
  eventId: string;
  state: WebhookEventState;
  /** The normalised event; absent when the delivery could not be parsed. */
  event?: SourceEvent;
  /** The provider's payload for this event, as received (the whole body when it could not be parsed). */
  raw: string;
  /** Why it failed last (never a secret, never personal data). */
  reason?: string;
  /** Processing attempts so far. */
  attempts: number;
  receivedAt: string;
  updatedAt: string;
}

export interface NewWebhookEvent {
  provider: string;
  eventId: string;
  event?: SourceEvent;
  raw: string;
  receivedAt: string;
  /** `failed` with a reason for a delivery that could not be parsed: kept to be looked at and replayed. */
  failure?: string;
}

/** The stored raw events (a DynamoDB item per event on both hosts). */
export interface WebhookEventStore {
  /** Stores the event unless one with the same provider + id exists (a conditional put): `duplicate` then. */
  record(event: NewWebhookEvent): Promise<'new' | 'duplicate'>;
  get(provider: string, eventId: string): Promise<WebhookEventRecord | undefined>;
  markProcessed(provider: string, eventId: string, at: string): Promise<void>;
  /** Records the reason and counts the attempt; the event stays stored and listed among the failed ones. */
  markFailed(provider: string, eventId: string, reason: string, at: string): Promise<void>;
  /** Failed events, oldest first (an index query). */
  listFailed(options?: { provider?: string; limit?: number; cursor?: string }): Promise<Page<WebhookEventRecord>>;
}

/** The parts of an HTTP request a receiver needs; the body is the raw bytes (signatures are over them). */
export interface WebhookRequest {
  method: string;
  header(name: string): string | undefined;
  body: Uint8Array;
  /** The secret path segment (Sellsy authenticates by an unguessable URL). */
  pathSecret?: string;
}

export interface ReceivedEvent {
  event: SourceEvent;
  /** This event's part of the payload, as JSON text. */
  raw: string;
}

/** The body is not what the provider sends; the reason is safe to return and store. */
export class MalformedWebhookError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedWebhookError';
  }
}

export interface WebhookReceiver {
  readonly provider: string;
  /** The provider's own authentication (path secret, HMAC, Basic), checked in constant time. */
  authenticate(request: WebhookRequest): boolean;
  /** Splits one delivery into events; throws MalformedWebhookError when the body is not a valid payload. */
  parse(request: WebhookRequest): ReceivedEvent[];
}

/** The queue the webhook endpoints and the catch-up sync feed, and the worker consumes. */
export const PROVIDER_EVENTS_QUEUE = 'provider-events';

export interface ProviderEventMessage {
  provider: string;
  eventId: string;
}

/** The queue message id of an event: stable, so a re-queued event is recognisable. */
export const providerEventMessageId = (provider: string, eventId: string): string => `${provider}#${eventId}`;
