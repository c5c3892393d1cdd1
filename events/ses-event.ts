/**
 * SES event publishing (INTEGRATIONS.md §7): the event record a configuration set publishes (SNS/Firehose shape),
 * the EventBridge event that carries it in `detail` (source `aws.ses`, detail-type "Email Delivered" …), and
 * the SQS record body that brings either to the tracking function (EventBridge rule → SQS → Lambda; an SNS
 * notification envelope is accepted too).
 */
import * as z from './zod.ts';

export const SES_EVENT_TYPES = [
  'Send',
  'Delivery',
  'Open',
  'Click',
  'Bounce',
  'Complaint',
  'Reject',
  'DeliveryDelay',
  'Rendering Failure',
  'Subscription',
] as const;

/** EventBridge detail-types per event type (the rule's pattern lists them). */
export const SES_DETAIL_TYPES: Record<(typeof SES_EVENT_TYPES)[number], string> = {
  Send: 'Email Sent',
  Delivery: 'Email Delivered',
  Open: 'Email Opened',
  Click: 'Email Clicked',
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Reject: 'Email Rejected',
  DeliveryDelay: 'Email Delivery Delayed',
  'Rendering Failure': 'Email Rendering Failed',
  Subscription: 'Email Subscribed',
};

const Recipient = z.object({ emailAddress: z.string() });
const optionalString = () => z.optional(z.string());

export const SesMail = z.object({
  timestamp: z.string(),
  source: z.string(),
  sourceArn: optionalString(),
  sendingAccountId: optionalString(),
  messageId: z.string().check(z.minLength(1)),
  destination: z.array(z.string()),
  headersTruncated: z.optional(z.boolean()),
  headers: z.optional(z.array(z.object({ name: z.string(), value: z.string() }))),
  commonHeaders: z.optional(z.record(z.string(), z.unknown())),
  tags: z.optional(z.record(z.string(), z.array(z.string()))),
});

export const SesEventRecord = z.pipe(
  // Without event publishing (identity notifications) the field is `notificationType`.
  z.transform((value: unknown) =>
    value && typeof value === 'object' && !('eventType' in value) && 'notificationType' in value
      ? { ...value, eventType: (value as { notificationType: unknown }).notificationType }
      : value,
  ),
  z.object({
    eventType: z.enum(SES_EVENT_TYPES),
    mail: SesMail,
    send: z.optional(z.object({})),
    bounce: z.optional(
      z.object({
        bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
        bounceSubType: z.string(),
        bouncedRecipients: z.array(
          z.extend(Recipient, {
            action: optionalString(),
            status: optionalString(),
            diagnosticCode: optionalString(),
          }),
        ),
        timestamp: z.string(),
        feedbackId: z.string(),
        reportingMTA: optionalString(),
      }),
    ),
    complaint: z.optional(
      z.object({
        complainedRecipients: z.array(Recipient),
        timestamp: z.string(),
        feedbackId: z.string(),
        complaintSubType: z.optional(z.nullable(z.string())),
        complaintFeedbackType: optionalString(),
        userAgent: optionalString(),
        arrivalDate: optionalString(),
      }),
    ),
    delivery: z.optional(
      z.object({
        timestamp: z.string(),
        processingTimeMillis: z.optional(z.number()),
        recipients: z.array(z.string()),
        smtpResponse: optionalString(),
        reportingMTA: optionalString(),
      }),
    ),
    open: z.optional(z.object({ ipAddress: optionalString(), timestamp: z.string(), userAgent: optionalString() })),
    click: z.optional(
      z.object({
        ipAddress: optionalString(),
        link: z.string(),
        linkTags: z.optional(z.record(z.string(), z.array(z.string()))),
        timestamp: z.string(),
        userAgent: optionalString(),
      }),
    ),
    reject: z.optional(z.object({ reason: z.string() })),
    deliveryDelay: z.optional(
      z.object({
        timestamp: z.string(),
        delayType: z.string(),
        expirationTime: optionalString(),
        delayedRecipients: z.array(z.extend(Recipient, { status: optionalString(), diagnosticCode: optionalString() })),
        reportingMTA: optionalString(),
      }),
    ),
    failure: z.optional(z.object({ errorMessage: z.string(), templateName: optionalString() })),
  }),
);

export type SesEventRecord = z.infer<typeof SesEventRecord>;

export const SesEventBridgeEvent = z.object({
  version: optionalString(),
  id: z.string().check(z.minLength(1)),
  'detail-type': z.enum(Object.values(SES_DETAIL_TYPES) as [string, ...string[]]),
  source: z.literal('aws.ses'),
  account: optionalString(),
  time: z.string(),
  region: optionalString(),
  resources: z.optional(z.array(z.string())),
  detail: SesEventRecord,
});

export type SesEventBridgeEvent = z.infer<typeof SesEventBridgeEvent>;

const SnsEnvelope = z.object({ Type: z.literal('Notification'), MessageId: z.string(), Message: z.string() });

function parseJson(text: string, ctx: z.core.ParsePayload): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.issues.push({ code: 'custom', message: 'not JSON', input: ctx.value });
    return z.NEVER;
  }
}

/** An SQS record body: an EventBridge event, an SNS notification, or the bare record; gives the record. */
export const SesEventBody = z.pipe(
  z.pipe(
    z.string(),
    z.transform((body: string, ctx) => parseJson(body, ctx)),
  ),
  z.transform((value: unknown, ctx) => {
    if (value && typeof value === 'object' && 'detail-type' in value) return SesEventBridgeEvent.parse(value).detail;
    const sns = SnsEnvelope.safeParse(value);
    if (sns.success) return SesEventRecord.parse(parseJson(sns.data.Message, ctx));
    return SesEventRecord.parse(value);
  }),
);

/** The tracking event as the use case takes it (structurally the domain's EmailEvent). */
export interface TrackingEvent {
  type:
    | 'send'
    | 'delivery'
    | 'open'
    | 'click'
    | 'bounce'
    | 'complaint'
    | 'reject'
    | 'delivery_delay'
    | 'rendering_failure'
    | 'subscription';
  messageId: string;
  at: string;
  bounceType?: 'permanent' | 'transient' | 'undetermined';
  recipients: string[];
  detail?: string;
}

const TYPES: Record<SesEventRecord['eventType'], TrackingEvent['type']> = {
  Send: 'send',
  Delivery: 'delivery',
  Open: 'open',
  Click: 'click',
  Bounce: 'bounce',
  Complaint: 'complaint',
  Reject: 'reject',
  DeliveryDelay: 'delivery_delay',
  'Rendering Failure': 'rendering_failure',
  Subscription: 'subscription',
};

/**
 * The record as a tracking event: when it happened (the sub-object's timestamp, else the mail's), the addresses
 * it concerns, and a short detail without personal data (no address, no clicked URL: it carries the portal token).
 */
export function toTrackingEvent(record: SesEventRecord): TrackingEvent {
  const base = { type: TYPES[record.eventType], messageId: record.mail.messageId };
  const { bounce, complaint, delivery, open, click, reject, deliveryDelay, failure } = record;
  if (bounce) {
    const statuses = [...new Set(bounce.bouncedRecipients.map((r) => r.status).filter(Boolean))];
    return {
      ...base,
      at: bounce.timestamp,
      bounceType: bounce.bounceType.toLowerCase() as TrackingEvent['bounceType'],
      recipients: bounce.bouncedRecipients.map((r) => r.emailAddress),
      detail: [bounce.bounceSubType, ...statuses].join(' '),
    };
  }
  if (complaint) {
    return {
      ...base,
      at: complaint.timestamp,
      recipients: complaint.complainedRecipients.map((r) => r.emailAddress),
      ...(complaint.complaintFeedbackType ? { detail: complaint.complaintFeedbackType } : {}),
    };
  }
  if (delivery) return { ...base, at: delivery.timestamp, recipients: delivery.recipients };
  if (deliveryDelay) {
    return {
      ...base,
      at: deliveryDelay.timestamp,
      recipients: deliveryDelay.delayedRecipients.map((r) => r.emailAddress),
      detail: deliveryDelay.delayType,
    };
  }
  if (open) return { ...base, at: open.timestamp, recipients: record.mail.destination };
  if (click) return { ...base, at: click.timestamp, recipients: record.mail.destination };
  const detail = reject?.reason ?? failure?.errorMessage;
  return { ...base, at: record.mail.timestamp, recipients: record.mail.destination, ...(detail ? { detail } : {}) };
}
