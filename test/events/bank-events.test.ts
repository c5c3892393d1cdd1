/** The statement-import trigger: its samples parse, the SQS body carries the EventBridge event, odd bodies fail. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { S3ObjectCreatedEventBridge, StatementObjectSqsEvent } from '#events/bank-statement-object.ts';

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../events/samples/${name}`, import.meta.url), 'utf8'));

describe('statement import event samples', () => {
  it('parses the EventBridge "Object Created" event', () => {
    expect(S3ObjectCreatedEventBridge.parse(sample('bank-statement-object.eventbridge.json')).detail.object.key).toBe(
      'bank/releve 2026-11.sta',
    );
  });

  it('reads the EventBridge event out of the SQS record body', () => {
    const event = StatementObjectSqsEvent.parse(sample('bank-statement-object.sqs.json'));
    expect(event.Records[0]?.body).toMatchObject({
      'detail-type': 'Object Created',
      detail: { bucket: { name: 'relance-documents' } },
    });
  });

  it('refuses a body that is not an S3 Object Created event', () => {
    const event = JSON.parse(JSON.stringify(sample('bank-statement-object.sqs.json')));
    event.Records[0].body = 'not json';
    expect(StatementObjectSqsEvent.safeParse(event).success).toBe(false);
    event.Records[0].body = JSON.stringify({
      ...(sample('bank-statement-object.eventbridge.json') as object),
      'detail-type': 'Object Deleted',
    });
    expect(StatementObjectSqsEvent.safeParse(event).success).toBe(false);
  });
});
