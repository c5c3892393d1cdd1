/**
 * The Mailer over SES API v2 `SendEmail` with `Content.Simple` (SES builds the MIME: HTML and text parts,
 * attachments up to the 40 MB message limit), a configuration set for event publishing, and EmailTags echoed in
 * every event.
 *
 * Sending is paced and retried here, not by the client:
 * - a client-side rate limiter keeps to the account's send rate (messages per second; 1 in the SES sandbox);
 * - throttling answers (`TooManyRequestsException`, `ThrottlingException`, `LimitExceededException`) mean SES
 *   refused the message, so it is retried with bounded exponential back-off and full jitter;
 * - any other failure (a timeout, a 5xx, a dropped connection) may have been sent: it is never retried here,
 *   and the SES client makes one attempt (shared/platform/aws/sesv2.ts), so it does not retry it either. Nothing here sends it twice; the dispatch marks the reminder failed and a
 *   later firing sends it again — a rare duplicate rather than a lost reminder (RELIABILITY.md, "Not guaranteed").
 */
import type { SendEmailInput, SesV2 } from '#shared/platform/aws/sesv2.ts';
import { logger } from '#shared/platform/logger.ts';
import { DeliveryError, type Mailer, type OutgoingEmail } from '#shared/ports/messaging.ts';

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'LimitExceededException']);
/** Refusals that will not change on retry: the message is wrong or the identity is not allowed. */
const REJECTED = new Set([
  'MessageRejected',
  'BadRequestException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
  'AccountSuspendedException',
]);
/** Refusals that may lift later (the account's sending is paused): nothing was sent. */
const PAUSED = new Set(['SendingPausedException']);

export interface SesMailerOptions {
  configurationSetName?: string;
  /** Messages per second (the account's maximum send rate). @default 1 (the SES sandbox) */
  sendRate?: number;
  /** Attempts for a throttled message, the first included. @default 5 */
  maxAttempts?: number;
  /** First back-off delay in ms; doubles each attempt, capped by `maxDelayMs`. @default 200 */
  baseDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
  /** For tests: time and randomness. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Spaces sends at least 1/rate seconds apart, in this process (a Lambda container sends one message at a time;
 * the queue's concurrency bounds the whole).
 */
export class SendRateLimiter {
  private nextSlot = 0;
  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {
    if (!(perSecond > 0)) throw new RangeError('the send rate must be positive');
  }

  async acquire(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    if (slot > now) await this.sleep(slot - now);
  }
}

/** RFC 5322 display name: quoted when ASCII, RFC 2047 encoded-word (UTF-8, base64) otherwise, as SES requires. */
export function formatAddress(name: string, address: string): string {
  const clean = name.replace(/[\r\n]+/g, ' ').trim();
  if (!clean) return address;
  if (/^[\x20-\x7e]*$/.test(clean)) return `"${clean.replace(/(["\\])/g, '\\$1')}" <${address}>`;
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?= <${address}>`;
}

/** SES tag values allow only letters, digits, `_` and `-`, up to 256 characters. */
export function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';
}

export function sendEmailInput(email: OutgoingEmail, configurationSetName?: string): SendEmailInput {
  return {
    FromEmailAddress: formatAddress(email.from.name, email.from.address),
    Destination: { ToAddresses: email.to, ...(email.cc.length ? { CcAddresses: email.cc } : {}) },
    ReplyToAddresses: email.replyTo,
    Content: {
      Simple: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
        ...(email.attachments.length
          ? {
              Attachments: email.attachments.map((a) => ({
                FileName: a.fileName,
                ContentType: a.contentType,
                ContentDisposition: 'ATTACHMENT' as const,
                ContentTransferEncoding: 'BASE64' as const,
                RawContent: a.content,
              })),
            }
          : {}),
      },
    },
    ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
    EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name: tagValue(Name), Value: tagValue(Value) })),
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

export class SesMailer implements Mailer {
  private readonly limiter: SendRateLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: SesV2,
    private readonly options: SesMailerOptions = {},
  ) {
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.limiter = new SendRateLimiter(options.sendRate ?? 1, options.now, this.sleep);
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (email.to.length === 0) throw new DeliveryError('no recipient', false);
    if (email.to.length + email.cc.length > 50) throw new DeliveryError('more than 50 recipients', false);
    const input = sendEmailInput(email, this.options.configurationSetName);
    const maxAttempts = this.options.maxAttempts ?? 5;
    const base = this.options.baseDelayMs ?? 200;
    const cap = this.options.maxDelayMs ?? 5000;
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire();
      try {
        const res = await this.client.sendEmail(input);
        if (!res.MessageId) throw new Error('SES answered without a MessageId');
        return { messageId: res.MessageId };
      } catch (error) {
        const name = errorName(error);
        if (THROTTLING.has(name)) {
          if (attempt >= maxAttempts) {
            logger.warn('ses throttled, giving up', { attempts: attempt, errorName: name });
            throw new DeliveryError(`throttled by SES after ${attempt} attempts (${name})`, true);
          }
          // Full jitter: a random delay up to the exponential bound, so throttled senders spread out.
          const delay = Math.round(this.random() * Math.min(cap, base * 2 ** (attempt - 1)));
          logger.info('ses throttled, retrying', { attempt, delayMs: delay, errorName: name });
          await this.sleep(delay);
          continue;
        }
        if (REJECTED.has(name)) throw new DeliveryError(`rejected by SES (${name})`, false);
        if (PAUSED.has(name)) throw new DeliveryError(`SES sending is paused (${name})`, true);
        // Unknown outcome: may have been sent. Never retried here.
        throw error;
      }
    }
  }
}
