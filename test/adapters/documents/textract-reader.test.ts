/**
 * The Textract reader against a mocked TextractClient: the exact requests it sends (sync for one page and images,
 * async with SNS completion for several pages, paged results), fed the recorded responses of
 * test/data/fixtures/textract; throttling retried with bounded back-off, refusals as failures.
 */
import { readFileSync } from 'node:fs';
import {
  AnalyzeExpenseCommand,
  GetExpenseAnalysisCommand,
  type GetExpenseAnalysisResponse,
  StartExpenseAnalysisCommand,
  TextractClient,
  ThrottlingException,
  UnsupportedDocumentException,
} from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { expenseRequestToken, TextractDocumentReader } from '#shared/adapters/aws/textract/textract-reader.ts';

const FIXTURES = new URL('../../data/fixtures/textract/', import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: recorded service responses, read as the SDK would return them
const fixture = (name: string): any => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

const BUCKET = 'relance-documents';
const TOPIC = 'arn:aws:sns:eu-west-3:123456789012:AmazonTextract-relance';
const ROLE = 'arn:aws:iam::123456789012:role/relance-textract-publish';
const DOC_ID = 'a'.repeat(64);

const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

describe('TextractDocumentReader', () => {
  const textract = mockClient(TextractClient);
  const delays: number[] = [];
  const reader = (attempts = 4) =>
    new TextractDocumentReader(new TextractClient({ region: 'eu-west-3' }), {
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
    });

  afterEach(() => {
    textract.reset();
    delays.length = 0;
  });

  it('analyses a one-page PDF synchronously from S3, retrying a throttled call with back-off', async () => {
    // Prepare
    textract.on(AnalyzeExpenseCommand).rejectsOnce(throttled()).resolves(fixture('invoice-expense-response.json'));
    // Act
    const answer = await reader().start({
      id: DOC_ID,
      key: 'inbox/f-42.pdf',
      pages: 1,
      contentType: 'application/pdf',
    });
    // Assess
    expect(answer.kind).toBe('extracted');
    const calls = textract.commandCalls(AnalyzeExpenseCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.args[0].input).toEqual({ Document: { S3Object: { Bucket: BUCKET, Name: 'inbox/f-42.pdf' } } });
    expect(delays).toEqual([50]);
    expect(textract.commandCalls(StartExpenseAnalysisCommand)).toHaveLength(0);
  });

  it('analyses an image synchronously whatever its page count', async () => {
    textract.on(AnalyzeExpenseCommand).resolves(fixture('test_analyze_expense_from_image.json'));
    const answer = await reader().start({ id: DOC_ID, key: 'inbox/receipt.jpg', pages: 1, contentType: 'image/jpeg' });
    expect(answer.kind).toBe('extracted');
    expect(textract.commandCalls(AnalyzeExpenseCommand)[0]?.args[0].input).toEqual({
      Document: { S3Object: { Bucket: BUCKET, Name: 'inbox/receipt.jpg' } },
    });
  });

  it('starts an asynchronous analysis for a multi-page PDF, idempotent on the document, completion over SNS', async () => {
    // Prepare
    textract.on(StartExpenseAnalysisCommand).resolves({ JobId: 'job-123' });
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
    const calls = textract.commandCalls(StartExpenseAnalysisCommand);
    expect(calls[0]?.args[0].input).toEqual({
      DocumentLocation: { S3Object: { Bucket: BUCKET, Name: 'inbox/long.pdf' } },
      ClientRequestToken: expenseRequestToken(DOC_ID),
      JobTag: DOC_ID,
      NotificationChannel: { SNSTopicArn: TOPIC, RoleArn: ROLE },
    });
    expect(calls[1]?.args[0].input.ClientRequestToken).toBe(calls[0]?.args[0].input.ClientRequestToken);
    expect(expenseRequestToken(DOC_ID)).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(expenseRequestToken('b'.repeat(64))).not.toBe(expenseRequestToken(DOC_ID));
    expect(textract.commandCalls(AnalyzeExpenseCommand)).toHaveLength(0);
  });

  it('collects every page of a finished job with NextToken, then maps them together', async () => {
    // Prepare
    const page1: GetExpenseAnalysisResponse = {
      ...fixture('invoice-expense-response.json'),
      JobStatus: 'SUCCEEDED',
      NextToken: 'page-2',
    };
    const page2: GetExpenseAnalysisResponse = { ...fixture('test_trp2_expense_sample2.json'), JobStatus: 'SUCCEEDED' };
    textract.on(GetExpenseAnalysisCommand).rejectsOnce(throttled()).resolvesOnce(page1).resolvesOnce(page2);
    // Act
    const outcome = await reader().collect('job-123');
    // Assess
    expect(outcome.kind).toBe('extracted');
    const inputs = textract.commandCalls(GetExpenseAnalysisCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { JobId: 'job-123', MaxResults: 20 },
      { JobId: 'job-123', MaxResults: 20 },
      { JobId: 'job-123', MaxResults: 20, NextToken: 'page-2' },
    ]);
  });

  it('answers not_ready for a job still in progress, without paging', async () => {
    textract.on(GetExpenseAnalysisCommand).resolves(fixture('test-inprogress-response.json'));
    expect(await reader().collect('job-9')).toEqual({ kind: 'not_ready' });
    expect(textract.commandCalls(GetExpenseAnalysisCommand)).toHaveLength(1);
  });

  it('gives up after the bounded attempts and lets the error surface (the queue redelivers, then dead-letters)', async () => {
    textract.on(AnalyzeExpenseCommand).rejects(throttled());
    await expect(
      reader(3).start({ id: DOC_ID, key: 'inbox/f.pdf', pages: 1, contentType: 'application/pdf' }),
    ).rejects.toBeInstanceOf(ThrottlingException);
    expect(textract.commandCalls(AnalyzeExpenseCommand)).toHaveLength(3);
    // Exponential ceilings 100, 200 (× jitter 0.5).
    expect(delays).toEqual([50, 100]);
  });

  it('retries service errors (5xx) like throttling', async () => {
    const unavailable = Object.assign(new Error('Service Unavailable'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    textract.on(AnalyzeExpenseCommand).rejectsOnce(unavailable).resolves(fixture('invoice-expense-response.json'));
    const answer = await reader().start({ id: DOC_ID, key: 'inbox/f.pdf', pages: 1, contentType: 'application/pdf' });
    expect(answer.kind).toBe('extracted');
    expect(textract.commandCalls(AnalyzeExpenseCommand)).toHaveLength(2);
  });

  it('fails a file Textract refuses, with a reason, and does not retry it', async () => {
    textract
      .on(AnalyzeExpenseCommand)
      .rejects(new UnsupportedDocumentException({ message: 'Request has unsupported document format', $metadata: {} }));
    const answer = await reader().start({ id: DOC_ID, key: 'inbox/x.tiff', pages: 1, contentType: 'image/tiff' });
    expect(answer).toMatchObject({ kind: 'failed', code: 'unsupported' });
    expect(textract.commandCalls(AnalyzeExpenseCommand)).toHaveLength(1);
    expect(delays).toEqual([]);
  });
});
