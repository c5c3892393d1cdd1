/**
 * The Textract reader against the recording fake AWS endpoint (Textract has no emulator): the exact requests it
 * sends on the wire (sync for one page and images, async with SNS completion for several pages, paged results),
 * answered with the recorded responses of test/data/fixtures/textract; throttling retried with bounded back-off,
 * refusals as failures. The client is built as functions/support/documents.ts builds it: one attempt per call, so
 * the reader's retry policy is the only one.
 */
import { readFileSync } from 'node:fs';
import type { GetExpenseAnalysisResponse } from '@aws-sdk/client-textract';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expenseRequestToken, TextractDocumentReader } from '#shared/adapters/aws/textract/textract-reader.ts';
import { AwsServiceError } from '#shared/platform/aws/errors.ts';
import { Textract } from '#shared/platform/aws/textract.ts';
import { TEST_CREDENTIALS } from '../../support/dynamo.ts';
import { awsError, type FakeAws, type FakeHandler, type FakeReply, startFakeAws } from '../../support/fake-aws.ts';

const FIXTURES = new URL('../../data/fixtures/textract/', import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: recorded service responses, read as the SDK would return them
const fixture = (name: string): any => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

const BUCKET = 'relance-documents';
const TOPIC = 'arn:aws:sns:eu-west-3:123456789012:AmazonTextract-relance';
const ROLE = 'arn:aws:iam::123456789012:role/relance-textract-publish';
const DOC_ID = 'a'.repeat(64);

const ANALYZE = 'Textract.AnalyzeExpense';
const START = 'Textract.StartExpenseAnalysis';
const GET = 'Textract.GetExpenseAnalysis';

const throttled = () => awsError(400, 'ThrottlingException', 'Rate exceeded');
const ok = (body: unknown): FakeReply => ({ body });

/** The replies in turn, the last one for every call after. */
function inTurn(...replies: FakeReply[]): FakeHandler {
  let next = 0;
  return () => replies[Math.min(next++, replies.length - 1)]!;
}

describe('TextractDocumentReader', () => {
  let fake: FakeAws;
  const delays: number[] = [];
  beforeAll(async () => {
    fake = await startFakeAws();
  });
  afterEach(() => {
    fake.reset();
    delays.length = 0;
  });
  afterAll(() => fake.close());

  const reader = (attempts = 4) =>
    new TextractDocumentReader(
      new Textract({ region: 'eu-west-3', endpoint: fake.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
      {
        bucket: BUCKET,
        snsTopicArn: TOPIC,
        roleArn: ROLE,
        retry: {
          attempts,
          baseDelayMs: 100,
          maxDelayMs: 1000,
          random: () => 0.5,
          sleep: async (ms) => {
            delays.push(ms);
          },
        },
      },
    );

  it('analyses a one-page PDF synchronously from S3, retrying a throttled call with back-off', async () => {
    // Prepare
    fake.on(ANALYZE, inTurn(throttled(), ok(fixture('invoice-expense-response.json'))));
    // Act
    const answer = await reader().start({
      id: DOC_ID,
      key: 'inbox/f-42.pdf',
      pages: 1,
      contentType: 'application/pdf',
    });
    // Assess
    expect(answer.kind).toBe('extracted');
    const calls = fake.callsOf(ANALYZE);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.headers['x-amz-target']).toBe('Textract.AnalyzeExpense');
    expect(calls[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(calls[0]?.body).toEqual({ Document: { S3Object: { Bucket: BUCKET, Name: 'inbox/f-42.pdf' } } });
    expect(calls[1]?.body).toEqual(calls[0]?.body);
    expect(delays).toEqual([50]);
    expect(fake.callsOf(START)).toHaveLength(0);
  });

  it('analyses an image synchronously whatever its page count', async () => {
    fake.on(ANALYZE, ok(fixture('test_analyze_expense_from_image.json')));
    const answer = await reader().start({ id: DOC_ID, key: 'inbox/receipt.jpg', pages: 1, contentType: 'image/jpeg' });
    expect(answer.kind).toBe('extracted');
    expect(fake.callsOf(ANALYZE)[0]?.body).toEqual({
      Document: { S3Object: { Bucket: BUCKET, Name: 'inbox/receipt.jpg' } },
    });
  });

  it('starts an asynchronous analysis for a multi-page PDF, idempotent on the document, completion over SNS', async () => {
    // Prepare
    fake.on(START, ok({ JobId: 'job-123' }));
    // Act
    const answer = await reader().start({
      id: DOC_ID,
      key: 'inbox/long.pdf',
      pages: 3,
      contentType: 'application/pdf',
    });
    const again = await reader().start({ id: DOC_ID, key: 'inbox/long.pdf', pages: 3, contentType: 'application/pdf' });
    // Assess
    expect(answer).toEqual({ kind: 'pending', jobId: 'job-123' });
    expect(again).toEqual(answer);
    const calls = fake.callsOf(START);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.headers['x-amz-target']).toBe('Textract.StartExpenseAnalysis');
    expect(calls[0]?.body).toEqual({
      DocumentLocation: { S3Object: { Bucket: BUCKET, Name: 'inbox/long.pdf' } },
      ClientRequestToken: expenseRequestToken(DOC_ID),
      JobTag: DOC_ID,
      NotificationChannel: { SNSTopicArn: TOPIC, RoleArn: ROLE },
    });
    expect(calls[1]?.body?.ClientRequestToken).toBe(calls[0]?.body?.ClientRequestToken);
    expect(expenseRequestToken(DOC_ID)).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(expenseRequestToken('b'.repeat(64))).not.toBe(expenseRequestToken(DOC_ID));
    expect(fake.callsOf(ANALYZE)).toHaveLength(0);
  });

  it('collects every page of a finished job with NextToken, then maps them together', async () => {
    // Prepare
    const page1: GetExpenseAnalysisResponse = {
      ...fixture('invoice-expense-response.json'),
      JobStatus: 'SUCCEEDED',
      NextToken: 'page-2',
    };
    const page2: GetExpenseAnalysisResponse = { ...fixture('test_trp2_expense_sample2.json'), JobStatus: 'SUCCEEDED' };
    fake.on(GET, inTurn(throttled(), ok(page1), ok(page2)));
    // Act
    const outcome = await reader().collect('job-123');
    // Assess
    expect(outcome.kind).toBe('extracted');
    const calls = fake.callsOf(GET);
    expect(calls.map((c) => c.headers['x-amz-target'])).toEqual(Array(3).fill('Textract.GetExpenseAnalysis'));
    expect(calls.map((c) => c.body)).toEqual([
      { JobId: 'job-123', MaxResults: 20 },
      { JobId: 'job-123', MaxResults: 20 },
      { JobId: 'job-123', MaxResults: 20, NextToken: 'page-2' },
    ]);
  });

  it('answers not_ready for a job still in progress, without paging', async () => {
    fake.on(GET, ok(fixture('test-inprogress-response.json')));
    expect(await reader().collect('job-9')).toEqual({ kind: 'not_ready' });
    expect(fake.callsOf(GET)).toHaveLength(1);
  });

  it('gives up after the bounded attempts and lets the error surface (the queue redelivers, then dead-letters)', async () => {
    fake.on(ANALYZE, throttled());
    const error = await reader(3)
      .start({ id: DOC_ID, key: 'inbox/f.pdf', pages: 1, contentType: 'application/pdf' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'ThrottlingException', statusCode: 400 });
    expect(fake.callsOf(ANALYZE)).toHaveLength(3);
    // Exponential ceilings 100, 200 (× jitter 0.5).
    expect(delays).toEqual([50, 100]);
  });

  it('retries service errors (5xx) like throttling', async () => {
    // A 503 whose name is none of the throttling codes: retried for its status.
    fake.on(
      ANALYZE,
      inTurn(awsError(503, 'ServiceUnavailable', 'Service Unavailable'), ok(fixture('invoice-expense-response.json'))),
    );
    const answer = await reader().start({ id: DOC_ID, key: 'inbox/f.pdf', pages: 1, contentType: 'application/pdf' });
    expect(answer.kind).toBe('extracted');
    expect(fake.callsOf(ANALYZE)).toHaveLength(2);
    expect(delays).toEqual([50]);
  });

  it('fails a file Textract refuses, with a reason, and does not retry it', async () => {
    fake.on(ANALYZE, awsError(400, 'UnsupportedDocumentException', 'Request has unsupported document format'));
    const answer = await reader().start({ id: DOC_ID, key: 'inbox/x.tiff', pages: 1, contentType: 'image/tiff' });
    expect(answer).toMatchObject({ kind: 'failed', code: 'unsupported' });
    expect(fake.callsOf(ANALYZE)).toHaveLength(1);
    expect(delays).toEqual([]);
  });
});
