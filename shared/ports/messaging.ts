/**
 * What the reminder channels need from the outside: a mailer (SES), an SMS sender (AWS End User Messaging /
 * SNS, or the local outbox), the company's own templates.
 */

import type { MessageTemplate } from '#shared/domain/messages/templates.ts';
import type { Language } from '#shared/domain/money.ts';

export interface EmailAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingEmail {
  /** `"Name" <address>` or a bare address: the verified sending identity. */
  from: { name: string; address: string };
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
  /** Echoed in every tracking event (SES EmailTags); values are reduced to `[A-Za-z0-9_-]`. */
  tags: Record<string, string>;
}

/**
 * Sends one e-mail. Resolves with the provider's message id once the provider accepted it. Rejects with
 * DeliveryError when it is certain nothing was sent (throttled past the retries, rejected); any other error
 * means the outcome is unknown and the caller must not send again blindly.
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/**
 * A delivery that did not happen. `retryable`: the same message may succeed later (throttling, quota); else it
 * never will as is (address rejected, nobody to write to) and goes to the dead-letter queue with `reason`.
 * Nothing was sent when this is thrown.
 */
export class DeliveryError extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(reason);
    this.name = 'DeliveryError';
  }
}

export interface OutgoingSms {
  /** E.164 (+33612345678). */
  to: string;
  text: string;
  /** The reminder id: the same reference twice sends once. */
  reference: string;
  customerId: string;
}

export interface SmsSender {
  send(sms: OutgoingSms): Promise<{ messageId: string }>;
}

export interface SmsOutboxEntry extends OutgoingSms {
  messageId: string;
  at: string;
}

/** The local stand-in's record of what would have been sent, for the dashboard. */
export interface SmsOutbox {
  list(limit?: number): Promise<SmsOutboxEntry[]>;
}

export interface StoredTemplate {
  id: string;
  language: Language;
  template: MessageTemplate;
  updatedAt: string;
}

/**
 * The company's wording per template id and language. `get` falls back to nothing: callers use the built-in
 * template (templates.ts) when the company wrote none. `put` validates (unknown placeholder → error).
 */
export interface TemplateRepository {
  get(id: string, language: Language): Promise<StoredTemplate | undefined>;
  put(id: string, language: Language, template: MessageTemplate, at: string): Promise<StoredTemplate>;
  /** Removes the company's version: the built-in one applies again. */
  remove(id: string, language: Language): Promise<void>;
  list(): Promise<StoredTemplate[]>;
}
