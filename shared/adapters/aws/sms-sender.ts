/**
 * The SmsSender port over AWS End User Messaging SMS (`SendTextMessage`, API pinpoint-sms-voice-v2): a
 * transactional text from the configured origination identity (phone number, sender ID or pool), with the
 * optional configuration set for delivery events, and the reminder id in the message context.
 *
 * Retries follow the SES mailer's rule:
 * - `ThrottlingException` means the service refused the message: retried here with bounded exponential back-off
 *   and full jitter, then a retryable DeliveryError;
 * - refusals that will not change on retry (invalid or opted-out number, unknown identity, access denied) are a
 *   non-retryable DeliveryError; a spending quota reached is retryable (nothing was sent, it may lift);
 * - anything else (a timeout, a 5xx) may have been sent: never retried here, and the client must be built with
 *   `maxAttempts: 1` so it does not retry it either. A later firing of the failed reminder may send it again:
 *   a rare duplicate rather than a lost reminder (RELIABILITY.md, "Not guaranteed").
 * Logs carry the reminder id and error names only, never the number or the text.
 */
import type { SendTextMessageInput, SmsVoice } from '#shared/platform/aws/sms-voice.ts';
import { logger } from '#shared/platform/logger.ts';
import { DeliveryError, type OutgoingSms, type SmsSender } from '#shared/ports/messaging.ts';

const THROTTLING = new Set(['ThrottlingException']);
/** Refusals that will not change on retry. */
const REJECTED = new Set([
  'ValidationException',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ConflictException',
]);
/** Nothing was sent, and the cause may lift (monthly spending limit, account quota). */
const QUOTA = new Set(['ServiceQuotaExceededException']);

export interface EndUserMessagingSmsOptions {
  /** Phone number, sender ID or pool (id or ARN) the text is sent from. */
  originationIdentity: string;
  /** Configuration set whose event destinations receive the delivery events. */
  configurationSetName?: string;
  /** Attempts for a throttled message, the first included. @default 5 */
  maxAttempts?: number;
  /** First back-off delay in ms; doubles each attempt, capped by `maxDelayMs`. @default 200 */
  baseDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function sendTextMessageInput(sms: OutgoingSms, options: EndUserMessagingSmsOptions): SendTextMessageInput {
  return {
    DestinationPhoneNumber: sms.to,
    OriginationIdentity: options.originationIdentity,
    MessageBody: sms.text,
    MessageType: 'TRANSACTIONAL',
    ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
    // Echoed in the configuration set's events: the reminder the text belongs to (an id, no personal data).
    Context: { reminderId: sms.reference },
  };
}

export class EndUserMessagingSmsSender implements SmsSender {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: SmsVoice,
    private readonly options: EndUserMessagingSmsOptions,
  ) {
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  async send(sms: OutgoingSms): Promise<{ messageId: string }> {
    const input = sendTextMessageInput(sms, this.options);
    const maxAttempts = this.options.maxAttempts ?? 5;
    const base = this.options.baseDelayMs ?? 200;
    const cap = this.options.maxDelayMs ?? 5000;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.client.sendTextMessage(input);
        if (!res.MessageId) throw new Error('End User Messaging answered without a MessageId');
        return { messageId: res.MessageId };
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (THROTTLING.has(name)) {
          if (attempt >= maxAttempts) {
            logger.warn('sms throttled, giving up', { reminderId: sms.reference, attempts: attempt });
            throw new DeliveryError(`throttled by End User Messaging after ${attempt} attempts (${name})`, true);
          }
          const delay = Math.round(this.random() * Math.min(cap, base * 2 ** (attempt - 1)));
          logger.info('sms throttled, retrying', { reminderId: sms.reference, attempt, delayMs: delay });
          await this.sleep(delay);
          continue;
        }
        if (REJECTED.has(name)) throw new DeliveryError(`rejected by End User Messaging (${name})`, false);
        if (QUOTA.has(name)) throw new DeliveryError(`End User Messaging quota reached (${name})`, true);
        // Unknown outcome: may have been sent. Never retried here.
        throw error;
      }
    }
  }
}
