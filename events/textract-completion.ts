/**
 * Textract's job-completion message (INTEGRATIONS.md §4.1), published to SNS and delivered to the completion
 * queue wrapped in an SNS notification envelope (raw message delivery off): SQS record body → SNS envelope →
 * `Message` (a JSON string) → the Textract message.
 */
import { z } from 'zod';

export const TextractCompletionMessage = z.object({
  JobId: z.string().min(1),
  Status: z.enum(['SUCCEEDED', 'FAILED', 'ERROR']),
  API: z.string().min(1),
  /** We tag each job with its document id (the file's SHA-256). */
  JobTag: z.string().min(1),
  /** Milliseconds since the epoch. */
  Timestamp: z.number(),
  DocumentLocation: z.object({ S3ObjectName: z.string(), S3Bucket: z.string() }),
});

export type TextractCompletionMessage = z.infer<typeof TextractCompletionMessage>;

export const SnsNotificationEnvelope = z.object({
  Type: z.literal('Notification'),
  MessageId: z.string().min(1),
  TopicArn: z.string().startsWith('arn:'),
  Message: z.string().min(1),
  Timestamp: z.string(),
});

/** An SQS record body carrying a Textract completion: the envelope, then its Message parsed and checked. */
export const TextractCompletionBody = z
  .string()
  .transform((body, ctx) => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'the body is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(SnsNotificationEnvelope)
  .transform((envelope, ctx) => {
    try {
      return JSON.parse(envelope.Message) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'the SNS Message is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(TextractCompletionMessage);

/** The SQS event the completion function receives (only what it reads). */
export const TextractCompletionSqsEvent = z.object({
  Records: z
    .array(
      z.object({
        messageId: z.string().min(1),
        eventSource: z.literal('aws:sqs'),
        body: TextractCompletionBody,
      }),
    )
    .min(1),
});
