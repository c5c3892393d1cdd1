/**
 * QuickBooks webhooks (INTEGRATIONS.md §2.5–2.6). Authentication: `intuit-signature` is
 * base64(HMAC-SHA256(verifier token, raw body bytes)), compared in constant time over the raw bytes ([V]).
 * Two payload formats: legacy `{"eventNotifications": [...]}` and CloudEvents (a JSON array, possibly mixing
 * companies), told apart by the first non-space character `[` ([V]). Each entity change becomes one event;
 * the payloads only say "changed", so the worker re-reads the record.
 */
import { createHmac } from 'node:crypto';
import { safeEqualBytes } from '#shared/connectors/http/safe-equal.ts';
import type { SourceEvent, SourceSubject } from '#shared/ports/invoice-source.ts';
import {
  MalformedWebhookError,
  type ReceivedEvent,
  type WebhookReceiver,
  type WebhookRequest,
} from '#shared/ports/webhook-events.ts';
import { CLOUD_EVENT_TYPE, SOURCE, SUBJECTS } from './facts.ts';
import { CloudEventsPayload, LegacyPayload } from './schemas.ts';

function subjectOf(entity: string): SourceSubject | undefined {
  return SUBJECTS[entity.toLowerCase() as keyof typeof SUBJECTS];
}

function issue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join('.') || '(root)'} ${first.message}` : 'invalid';
}

export function quickBooksEvents(text: string): ReceivedEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MalformedWebhookError('the body is not valid JSON');
  }
  const out: ReceivedEvent[] = [];
  if (text.trimStart().startsWith('[')) {
    const parsed = CloudEventsPayload.safeParse(body);
    if (!parsed.success) throw new MalformedWebhookError(`CloudEvents payload: ${issue(parsed.error)}`);
    for (const e of parsed.data) {
      const match = CLOUD_EVENT_TYPE.exec(e.type);
      const subject = match?.[1] ? subjectOf(match[1]) : undefined;
      if (!match || !subject) continue;
      const event: SourceEvent = {
        provider: SOURCE,
        eventId: e.id,
        subject,
        ref: { account: e.intuitaccountid, id: e.intuitentityid },
        action: match[2] ?? 'changed',
        ...(e.time ? { occurredAt: e.time } : {}),
      };
      out.push({ event, raw: JSON.stringify(e) });
    }
    return out;
  }
  const parsed = LegacyPayload.safeParse(body);
  if (!parsed.success) throw new MalformedWebhookError(`legacy payload: ${issue(parsed.error)}`);
  for (const notification of parsed.data.eventNotifications) {
    for (const entity of notification.dataChangeEvent.entities) {
      const subject = subjectOf(entity.name);
      if (!subject) continue;
      // The legacy format has no event id: the change itself (company, entity, id, operation, time) is one.
      const eventId = [notification.realmId, entity.name, entity.id, entity.operation, entity.lastUpdated ?? ''].join(
        ':',
      );
      const event: SourceEvent = {
        provider: SOURCE,
        eventId,
        subject,
        ref: { account: notification.realmId, id: entity.id },
        action: entity.operation.toLowerCase(),
        ...(entity.lastUpdated ? { occurredAt: entity.lastUpdated } : {}),
      };
      out.push({ event, raw: JSON.stringify({ realmId: notification.realmId, ...entity }) });
    }
  }
  return out;
}

export class QuickBooksWebhookReceiver implements WebhookReceiver {
  readonly provider = SOURCE;
  constructor(private readonly verifierToken: string) {}

  authenticate(request: WebhookRequest): boolean {
    const signature = request.header('intuit-signature');
    if (!signature) return false;
    const expected = createHmac('sha256', this.verifierToken).update(request.body).digest();
    return safeEqualBytes(Buffer.from(signature.trim(), 'base64'), expected);
  }

  parse(request: WebhookRequest): ReceivedEvent[] {
    return quickBooksEvents(new TextDecoder().decode(request.body));
  }
}
