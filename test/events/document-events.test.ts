/**
 * The document-intake triggers: every sample in events/samples for them parses with its schema, and the schemas
 * refuse what the handlers could not use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeS3Key, S3ObjectCreatedEvent } from '#events/s3-object-created.ts';
import { TextractCompletionMessage, TextractCompletionSqsEvent } from '#events/textract-completion.ts';
import { createdObjects } from '#shared/adapters/aws/s3-inbox-events.ts';

const SAMPLES = new URL('../../events/samples/', import.meta.url);
const SCHEMAS = {
  's3-object-created.': S3ObjectCreatedEvent,
  'textract-completion.sqs.': TextractCompletionSqsEvent,
  'textract-completion.message.': TextractCompletionMessage,
} as const;
const sample = (name: string): unknown => JSON.parse(readFileSync(new URL(name, SAMPLES), 'utf8'));

describe('document intake event samples', () => {
  const files = readdirSync(SAMPLES).filter((f) => Object.keys(SCHEMAS).some((prefix) => f.startsWith(prefix)));

  it('has a sample for each schema', () => {
    for (const prefix of Object.keys(SCHEMAS)) expect(files.some((f) => f.startsWith(prefix))).toBe(true);
  });

  it.each(files)('parses %s', (file) => {
    const schema = Object.entries(SCHEMAS).find(([prefix]) => file.startsWith(prefix))![1];
    expect(schema.safeParse(sample(file)).success).toBe(true);
  });

  it('reads the SNS-wrapped Textract message out of the SQS body', () => {
    const event = TextractCompletionSqsEvent.parse(sample('textract-completion.sqs.json'));
    expect(event.Records[0]?.body).toMatchObject({ Status: 'SUCCEEDED', API: 'StartExpenseAnalysis' });
    expect(event.Records[0]?.body.JobTag).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decodes the object keys and keeps only the inbox/ prefix', () => {
    expect(createdObjects(sample('s3-object-created.inbox.json'))).toEqual([
      { key: 'inbox/Facture F-2026-0042.pdf', size: 48213 },
    ]);
    expect(decodeS3Key('inbox/caf%C3%A9+2.pdf')).toBe('inbox/café 2.pdf');
    const elsewhere = JSON.parse(JSON.stringify(sample('s3-object-created.inbox.json')));
    elsewhere.Records[0].s3.object.key = 'bank/statement.xml';
    expect(createdObjects(elsewhere)).toEqual([]);
  });

  it('refuses a body that is not an SNS notification of a Textract job', () => {
    const event = JSON.parse(JSON.stringify(sample('textract-completion.sqs.json')));
    event.Records[0].body = JSON.stringify({ Type: 'Notification', Message: '{"JobId":"x"}' });
    expect(TextractCompletionSqsEvent.safeParse(event).success).toBe(false);
    event.Records[0].body = 'not json';
    expect(TextractCompletionSqsEvent.safeParse(event).success).toBe(false);
  });
});
