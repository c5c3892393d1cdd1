/**
 * The Textract completion function: an SQS batch of SNS-wrapped completion messages, processed record by record
 * (Powertools batch), the document completed from the job's results (Textract on the recording fake endpoint, the
 * table on dynalite); a record that cannot be processed is reported alone, so only it is redelivered and finally
 * dead-lettered.
 */
import { readFileSync } from 'node:fs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';
import { type FakeAws, startFakeAws } from '../support/fake-aws.ts';

const DOC_ID = 'c'.repeat(64);
const sample = JSON.parse(
  readFileSync(new URL('../../events/samples/textract-completion.sqs.json', import.meta.url), 'utf8'),
) as SQSEvent;

function record(messageId: string, message: unknown) {
  const template = sample.Records[0]!;
  const envelope = JSON.parse(template.body);
  return { ...template, messageId, body: JSON.stringify({ ...envelope, Message: JSON.stringify(message) }) };
}

describe('functions/textract-completion.handler', () => {
  let table: TestTable;
  let aws: FakeAws;
  let handler: (e: SQSEvent, c: Context) => Promise<SQSBatchResponse>;

  beforeAll(async () => {
    aws = await startFakeAws();
    // The re-plan queue (no emulator): what the function sends is not this test's subject.
    aws.on('SQS.SendMessage', { body: { MessageId: 'm' } });
    table = await startTestTable();
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // Every service on the fake (none reaches AWS), the table on dynalite.
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: table.emulator.endpoint,
      TABLE_NAME: table.tableName,
      REPLAN_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-replan.fifo',
      BUCKET_NAME: 'relance-documents',
      TEXTRACT_SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-3:123456789012:AmazonTextract-relance',
      TEXTRACT_ROLE_ARN: 'arn:aws:iam::123456789012:role/relance-textract-publish',
    });
    await new DynamoDocumentRepository(table.db, table.tableName).create({
      id: DOC_ID,
      state: 'received',
      key: 'inbox/long.pdf',
      aliases: [],
      origin: 'bucket',
      contentType: 'application/pdf',
      size: 120_000,
      pages: 3,
      jobId: 'job-42',
      reviewReasons: [],
      createdAt: '2026-11-23T09:00:00.000Z',
      updatedAt: '2026-11-23T09:00:00.000Z',
    });
    ({ handler } = (await import('../../functions/textract-completion.handler.ts')) as never);
  });
  afterAll(async () => {
    await aws?.close();
    await table?.close();
  });

  it('completes the document from the job results and reports only the record it could not process', async () => {
    // Prepare
    const results = JSON.parse(
      readFileSync(new URL('../data/fixtures/textract/invoice-expense-response.json', import.meta.url), 'utf8'),
    );
    aws.on('Textract.GetExpenseAnalysis', { body: { ...results, JobStatus: 'SUCCEEDED' } });
    const message = {
      JobId: 'job-42',
      Status: 'SUCCEEDED',
      API: 'StartExpenseAnalysis',
      JobTag: DOC_ID,
      Timestamp: 1795424400000,
      DocumentLocation: { S3ObjectName: 'inbox/long.pdf', S3Bucket: 'relance-documents' },
    };
    const event: SQSEvent = {
      Records: [record('ok-1', message), record('bad-1', { JobId: 'x' }), record('again-1', message)],
    };
    // Act
    const response = await handler(event, {} as Context);
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }]);
    expect(aws.callsOf('Textract.GetExpenseAnalysis')[0]?.body).toEqual({
      JobId: 'job-42',
      MaxResults: 20,
    });
    const doc = (await new DynamoDocumentRepository(table.db, table.tableName).get(DOC_ID))?.value;
    expect(['review', 'converted']).toContain(doc?.state);
    expect(doc?.fields?.number).toBeDefined();
  });
});
