/**
 * Chargebee webhooks (INTEGRATIONS.md §3.2–3.3): HTTP Basic with the user and password configured on the
 * webhook ([V]: Chargebee signs nothing); one JSON event per delivery, deduplicated on its `id`. Invoice and
 * payment events carry the invoice in full, so the worker needs no fetch for them.
 */

import { safeEqual } from '#shared/connectors/http/safe-equal.ts';
import type * as z from '#shared/platform/zod.ts';
import type { SourceEvent, SourceSubject } from '#shared/ports/invoice-source.ts';
import {
  MalformedWebhookError,
  type ReceivedEvent,
  type WebhookReceiver,
  type WebhookRequest,
} from '#shared/ports/webhook-events.ts';
import { CREDIT_NOTE_EVENTS, CUSTOMER_EVENTS, INVOICE_EVENTS, PAYMENT_EVENTS, SOURCE } from './facts.ts';
import { toSourceCustomer, toSourceInvoice } from './mapping.ts';
import { CreditNote, Customer, Event, Invoice, Transaction } from './schemas.ts';

function subjectOf(type: string): SourceSubject | undefined {
  if (INVOICE_EVENTS.has(type)) return 'invoice';
  if (PAYMENT_EVENTS.has(type)) return 'payment';
  if (CREDIT_NOTE_EVENTS.has(type)) return 'credit_note';
  if (CUSTOMER_EVENTS.has(type)) return 'customer';
  return undefined;
}

function part<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.map(String).join('.') || '(root)'} ${issue.message}` : 'invalid';
  throw new MalformedWebhookError(`${what}: ${where}`);
}

/** Reads one Chargebee event; undefined for event types that are not about invoices, payments or customers. */
export function chargebeeEvent(body: unknown): SourceEvent | undefined {
  const event = part(Event, body, 'event');
  const subject = subjectOf(event.event_type);
  if (!subject) return undefined;
  const { content } = event;
  const invoice =
    content.invoice === undefined ? undefined : toSourceInvoice(part(Invoice, content.invoice, 'content.invoice'));
  const customer =
    content.customer === undefined ? undefined : toSourceCustomer(part(Customer, content.customer, 'content.customer'));
  const base = {
    provider: SOURCE,
    eventId: event.id,
    subject,
    action: event.event_type,
    occurredAt: new Date(event.occurred_at * 1000).toISOString(),
    included: { ...(invoice ? { invoices: [invoice] } : {}), ...(customer ? { customers: [customer] } : {}) },
  };
  switch (subject) {
    case 'invoice':
      if (!invoice) throw new MalformedWebhookError(`${event.event_type}: content.invoice is missing`);
      return { ...base, ref: invoice.ref };
    case 'customer':
      if (!customer) throw new MalformedWebhookError(`${event.event_type}: content.customer is missing`);
      return { ...base, ref: { id: customer.externalId } };
    case 'payment': {
      if (content.transaction === undefined)
        throw new MalformedWebhookError(`${event.event_type}: content.transaction is missing`);
      const txn = part(Transaction, content.transaction, 'content.transaction');
      return { ...base, ref: { id: txn.id }, affectedInvoices: txn.linked_invoices.map((l) => ({ id: l.invoice_id })) };
    }
    case 'credit_note': {
      if (content.credit_note === undefined)
        throw new MalformedWebhookError(`${event.event_type}: content.credit_note is missing`);
      const note = part(CreditNote, content.credit_note, 'content.credit_note');
      const ids = new Set(
        [note.reference_invoice_id, ...note.allocations.map((a) => a.invoice_id)].filter((i): i is string =>
          Boolean(i),
        ),
      );
      return { ...base, ref: { id: note.id }, affectedInvoices: [...ids].map((id) => ({ id })) };
    }
  }
}

export class ChargebeeWebhookReceiver implements WebhookReceiver {
  readonly provider = SOURCE;
  constructor(private readonly credentials: { user: string; password: string }) {}

  authenticate(request: WebhookRequest): boolean {
    const header = request.header('authorization') ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!match?.[1]) return false;
    const given = Buffer.from(match[1], 'base64').toString('utf8');
    return safeEqual(given, `${this.credentials.user}:${this.credentials.password}`);
  }

  parse(request: WebhookRequest): ReceivedEvent[] {
    const text = new TextDecoder().decode(request.body);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new MalformedWebhookError('the body is not valid JSON');
    }
    const event = chargebeeEvent(body);
    return event ? [{ event, raw: text }] : [];
  }
}
