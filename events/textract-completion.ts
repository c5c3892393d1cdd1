/**
 * Textract's job-completion message (INTEGRATIONS.md §4.1), published to SNS and delivered to the completion
 * queue wrapped in an SNS notification envelope (raw message delivery off): SQS record body → SNS envelope →
 * `Message` (a JSON string) → the Textract message.
 */
import * as z from './zod.ts';

const nonEmpty = () => z.string().check(z.minLength(1));

export const TextractCompletionMessage = z.object({
  JobId: nonEmpty(),
  Status: z.enum(['SUCCEEDED', 'FAILED', 'ERROR']),
  API: nonEmpty(),
  /** We tag each job with its document id (the file's SHA-256). */
  JobTag: nonEmpty(),
  /** Milliseconds since the epoch. */
  Timestamp: z.number(),
  DocumentLocation: z.object({ S3ObjectName: z.string(), S3Bucket: z.string() }),
});

export type TextractCompletionMessage = z.infer<typeof TextractCompletionMessage>;

export const SnsNotificationEnvelope = z.object({
  Type: z.literal('Notification'),
  MessageId: nonEmpty(),
  TopicArn: z.string().check(z.startsWith('arn:')),
  Message: nonEmpty(),
  Timestamp: z.string(),
});

/** An SQS record body carrying a Textract completion: the envelope, then its Message parsed and checked. */
export const TextractCompletionBody = z.pipe(
  z.pipe(
    z.pipe(z.jsonText('the body'), SnsNotificationEnvelope),
    z.transform((envelope) => envelope.Message),
  ),
  z.pipe(z.jsonText('the SNS Message'), TextractCompletionMessage),
);

/** The SQS event the completion function receives (only what it reads). */
export const TextractCompletionSqsEvent = z.object({
  Records: z
    .array(
      z.object({
        messageId: nonEmpty(),
        eventSource: z.literal('aws:sqs'),
        body: TextractCompletionBody,
      }),
    )
    .check(z.minLength(1)),
});
