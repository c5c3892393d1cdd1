/**
 * Issue #10, trigger events: the SES tracking event (EventBridge, SNS or bare, in an SQS body), the S3
 * ObjectCreated notification, the S3 "Object Created" EventBridge event of a statement or inbox drop, and the
 * Textract completion, each fed mutated copies of its sample in events/samples.
 * Property: what the handler does with a record body — parse with the schema, then read it — gives a value of
 * the expected shape or throws a zod error naming the path; never a TypeError, RangeError, URIError or a
 * SyntaxError, which the batch processor would retry as if the table were down. FUZZ_RUNS multiplies the runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { $ZodError } from 'zod/v4/core';
import { StatementObjectBody, StatementObjectSqsEvent } from '#events/bank-statement-object.ts';
import { S3ObjectCreatedEvent } from '#events/s3-object-created.ts';
import { SesEventBody, toTrackingEvent } from '#events/ses-event.ts';
import { TextractCompletionBody, TextractCompletionSqsEvent } from '#events/textract-completion.ts';
import { objectCreatedUnder } from '#shared/adapters/aws/s3-eventbridge-objects.ts';
import { createdObjects } from '#shared/adapters/aws/s3-inbox-events.ts';
import { jsonBodyText, mutatedJson, PROPERTY_TIMEOUT, params } from './support/fuzz.ts';

const SAMPLES = new URL('../../events/samples/', import.meta.url);
const samples = (prefix: string): unknown[] =>
  readdirSync(SAMPLES)
    .filter((f) => f.startsWith(prefix))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, SAMPLES), 'utf8')));

/** Runs what a handler runs on one record; a zod error must name where, anything else but a value fails. */
function parsedOrRefused<T>(run: () => T, check: (value: T) => void = () => undefined): 'parsed' | 'refused' {
  let value: T;
  try {
    value = run();
  } catch (error) {
    if (!(error instanceof $ZodError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    return 'refused';
  }
  check(value);
  return 'parsed';
}

function tally() {
  return { parsed: 0, refused: 0 };
}

describe('trigger event schemas', () => {
  it(
    'SES tracking events: an SQS body (EventBridge, SNS or bare record) becomes a tracking event or a zod error',
    () => {
      const events = samples('ses-event.') as { detail: unknown }[];
      const bodies = [
        ...events,
        ...events.map((e) => e.detail),
        ...events.slice(0, 3).map((e) => ({
          Type: 'Notification',
          MessageId: 'm-1',
          Message: JSON.stringify(e.detail),
        })),
      ];
      const counts = tally();
      fc.assert(
        fc.property(
          fc.oneof(
            jsonBodyText(bodies),
            // The SNS Message is itself JSON text: mutate what it carries.
            mutatedJson(events.map((e) => e.detail)).map((detail) =>
              JSON.stringify({ Type: 'Notification', MessageId: 'm-2', Message: JSON.stringify(detail) }),
            ),
          ),
          (body) => {
            counts[
              parsedOrRefused(
                () => toTrackingEvent(SesEventBody.parse(body)),
                (event) => {
                  expect(event.messageId).not.toBe('');
                  expect(event.at).toEqual(expect.any(String));
                  expect(Array.isArray(event.recipients)).toBe(true);
                },
              )
            ]++;
          },
        ),
        params(0x5e5, 1000),
      );
      expect(counts.parsed).toBeGreaterThan(0);
      expect(counts.refused).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'S3 ObjectCreated notifications: the created inbox objects, keys decoded, or a zod error',
    () => {
      const counts = tally();
      fc.assert(
        fc.property(mutatedJson(samples('s3-object-created.')), (event) => {
          counts[
            parsedOrRefused(
              () => createdObjects(event),
              (objects) => {
                for (const o of objects) {
                  expect(o.key.startsWith('inbox/')).toBe(true);
                  expect(Number.isSafeInteger(o.size) && o.size >= 0).toBe(true);
                }
              },
            )
          ]++;
          parsedOrRefused(() => S3ObjectCreatedEvent.parse(event));
        }),
        params(0x53, 1000),
      );
      expect(counts.parsed).toBeGreaterThan(0);
      expect(counts.refused).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'S3 "Object Created" EventBridge events in an SQS body: the object under the prefix, or a zod error',
    () => {
      const sqs = samples('bank-statement-object.sqs') as { Records: { body: string }[] }[];
      const eventBridge = samples('bank-statement-object.eventbridge');
      const counts = tally();
      fc.assert(
        fc.property(jsonBodyText(eventBridge), mutatedJson(sqs), (body, sqsEvent) => {
          counts[parsedOrRefused(() => StatementObjectBody.parse(body))]++;
          parsedOrRefused(() => objectCreatedUnder(body, 'bank/'));
          parsedOrRefused(() => objectCreatedUnder(body, 'inbox/'));
          parsedOrRefused(() => StatementObjectSqsEvent.parse(sqsEvent));
        }),
        params(0xeb, 1000),
      );
      expect(counts.parsed).toBeGreaterThan(0);
      expect(counts.refused).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'Textract completions: the SNS-wrapped message out of an SQS body, or a zod error',
    () => {
      const message = samples('textract-completion.message')[0];
      const sqs = samples('textract-completion.sqs') as { Records: { body: string }[] }[];
      const envelope = JSON.parse((sqs[0] as { Records: { body: string }[] }).Records[0]?.body ?? '{}') as Record<
        string,
        unknown
      >;
      const counts = tally();
      fc.assert(
        fc.property(
          fc.oneof(
            jsonBodyText([envelope]),
            mutatedJson([message]).map((m) => JSON.stringify({ ...envelope, Message: JSON.stringify(m) })),
          ),
          mutatedJson(sqs),
          (body, event) => {
            counts[
              parsedOrRefused(
                () => TextractCompletionBody.parse(body),
                (m) => expect(m.JobId).not.toBe(''),
              )
            ]++;
            parsedOrRefused(() => TextractCompletionSqsEvent.parse(event));
          },
        ),
        params(0x7c, 1000),
      );
      expect(counts.parsed).toBeGreaterThan(0);
      expect(counts.refused).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );
});
