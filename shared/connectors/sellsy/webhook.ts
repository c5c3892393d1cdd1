/**
 * Sellsy webhooks (INTEGRATIONS.md §1.5). Sellsy signs nothing ([S]): the endpoint URL carries an unguessable
 * secret path segment, compared in constant time. A delivery is a form-encoded POST whose `notif` field is a
 * JSON text `{"event", "relatedtype", "relatedid", …}` that only says "this changed": the worker re-reads the
 * record. The GET ping is answered by the route once `authenticate` passes.
 *
 * Event id (the deduplication key): Sellsy documents none, so it is derived from the notification itself,
 * `{relatedtype}:{relatedid}:{event}:{timestamp}`. With a `timestamp` ([U]) the id is deterministic: a
 * redelivery is recognised as a duplicate. Without one, the second in which we received it stands in for it —
 * a repeat within the same second is a duplicate, while a later genuine change of the same record (another
 * `updated`) is never mistaken for an already processed one and dropped. Processing is idempotent either way.
 */
import { safeEqual } from '#shared/connectors/http/safe-equal.ts';
import type { SourceEvent, SourceSubject } from '#shared/ports/invoice-source.ts';
import {
  MalformedWebhookError,
  type ReceivedEvent,
  type WebhookReceiver,
  type WebhookRequest,
} from '#shared/ports/webhook-events.ts';
import { NOTIF_FIELD, RELATED_TYPES, SOURCE } from './facts.ts';
import { Notif } from './schemas.ts';

/** The `notif` JSON text of a delivery: the form field; a JSON body is accepted too ([U] tolerance). */
function notifText(body: string): string {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new MalformedWebhookError('the body is not valid JSON');
    }
    const inner = (parsed as Record<string, unknown> | null)?.[NOTIF_FIELD];
    if (inner === undefined) return trimmed;
    return typeof inner === 'string' ? inner : JSON.stringify(inner);
  }
  const field = new URLSearchParams(body).get(NOTIF_FIELD);
  if (field === null || !field.trim()) throw new MalformedWebhookError(`the form has no "${NOTIF_FIELD}" field`);
  return field;
}

/** Reads one delivery; an empty list for record types that are not about receivables. */
export function sellsyEvents(body: string, receivedAt: Date): ReceivedEvent[] {
  const text = notifText(body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedWebhookError(`"${NOTIF_FIELD}" is not valid JSON`);
  }
  const parsed = Notif.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.map(String).join('.') || '(root)'} ${issue.message}` : 'invalid';
    throw new MalformedWebhookError(`${NOTIF_FIELD}: ${where}`);
  }
  const notif = parsed.data;
  const type = notif.relatedtype.toLowerCase();
  const subject: SourceSubject | undefined = RELATED_TYPES[type];
  if (!subject) return [];
  const action = notif.event.toLowerCase();
  const seconds = notif.timestamp !== undefined ? Number(notif.timestamp) : undefined;
  // Up to 9999-12-31T23:59:59Z: a larger number is no instant (new Date(…).toISOString() would throw).
  if (seconds !== undefined && seconds > 253_402_300_799) {
    throw new MalformedWebhookError(`${NOTIF_FIELD}: timestamp ${notif.timestamp} is not a Unix time`);
  }
  const stamp = seconds !== undefined ? String(seconds) : `r${Math.floor(receivedAt.getTime() / 1000)}`;
  const event: SourceEvent = {
    provider: SOURCE,
    eventId: `${type}:${notif.relatedid}:${action}:${stamp}`,
    subject,
    ref: { id: notif.relatedid },
    action,
    ...(seconds !== undefined ? { occurredAt: new Date(seconds * 1000).toISOString() } : {}),
  };
  return [{ event, raw: text }];
}

export class SellsyWebhookReceiver implements WebhookReceiver {
  readonly provider = SOURCE;
  constructor(
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  authenticate(request: WebhookRequest): boolean {
    if (!request.pathSecret || !this.secret) return false;
    return safeEqual(request.pathSecret, this.secret);
  }

  parse(request: WebhookRequest): ReceivedEvent[] {
    return sellsyEvents(new TextDecoder().decode(request.body), this.now());
  }
}
