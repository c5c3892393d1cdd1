/**
 * The DocumentReader on AWS: Textract's expense analysis over the object where it lies in the bucket.
 *
 * - One-page PDFs and images: AnalyzeExpense (synchronous; PDF/TIFF must be one page), answered at once.
 * - Multi-page PDFs: StartExpenseAnalysis with an SNS completion channel; answered 'pending' with the job id. The
 *   ClientRequestToken is a digest of the document id, so starting twice (a redelivered S3 event) returns the same
 *   job instead of paying twice; the JobTag carries the document id back in the completion message.
 * - collect(): GetExpenseAnalysis, following NextToken over every page of results, then mapExpenseResponse.
 *
 * Throttling (ProvisionedThroughputExceededException, ThrottlingException, LimitExceededException) and 5xx errors
 * are retried here with exponential back-off and full jitter, a bounded number of times; then the error is thrown,
 * so the function fails and its queue (or the S3 async invocation) redelivers and finally dead-letters it.
 * A file Textract refuses (unsupported, damaged, too large) is a 'failed' outcome, not an error: retrying it
 * would not help. Build the client with `maxAttempts: 1` so this is the one retry policy.
 */
import type { GetExpenseAnalysisResponse } from '@aws-sdk/client-textract';
import type { ExtractionOutcome } from '#shared/domain/documents/extracted-invoice.ts';
import { digest } from '#shared/domain/ids.ts';
import { AwsServiceError } from '#shared/platform/aws/errors.ts';
import type { Textract } from '#shared/platform/aws/textract.ts';
import type { DocumentReader, DocumentToRead, ReaderAnswer } from '#shared/ports/documents.ts';
import { mapExpenseResponse } from './expense-mapper.ts';

export interface TextractReaderConfig {
  /** The bucket the documents are in (same Region as Textract). */
  bucket: string;
  /** Topic Textract publishes job completion to (its name starts with "AmazonTextract" for the managed policy). */
  snsTopicArn: string;
  /** Role Textract assumes to publish to the topic. */
  roleArn: string;
  retry?: RetryPolicy;
}

export interface RetryPolicy {
  /** Calls in all, the first included. @default 5 */
  attempts: number;
  /** Back-off ceiling of the first retry, doubled each time. @default 200 ms */
  baseDelayMs: number;
  /** Largest back-off. @default 5000 ms */
  maxDelayMs: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
  'InternalServerError',
]);

/** Files Textract refuses for what they are: a failure with a reason, never retried. */
const REFUSED: Record<string, { code: 'unsupported' | 'corrupt' | 'too_large'; reason: string }> = {
  UnsupportedDocumentException: {
    code: 'unsupported',
    reason: 'Textract does not support this file (format, or a password-protected PDF)',
  },
  BadDocumentException: { code: 'corrupt', reason: 'Textract cannot read this file (damaged or not an image/PDF)' },
  DocumentTooLargeException: { code: 'too_large', reason: 'the file exceeds Textract’s size or page limits' },
};

function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = error instanceof AwsServiceError ? error.statusCode : 0;
  return RETRYABLE.has(error.name) || status >= 500;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Up to 20 results per GetExpenseAnalysis page (the service maximum). */
const MAX_RESULTS = 20;

export class TextractDocumentReader implements DocumentReader {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly client: Textract,
    private readonly config: TextractReaderConfig,
  ) {
    this.retry = { ...DEFAULT_RETRY, ...config.retry };
  }

  async start(doc: DocumentToRead): Promise<ReaderAnswer> {
    const s3Object = { Bucket: this.config.bucket, Name: doc.key };
    try {
      if (doc.contentType !== 'application/pdf' || doc.pages <= 1) {
        const response = await this.withRetry(() => this.client.analyzeExpense({ Document: { S3Object: s3Object } }));
        return mapExpenseResponse(response);
      }
      const { JobId } = await this.withRetry(() =>
        this.client.startExpenseAnalysis({
          DocumentLocation: { S3Object: s3Object },
          ClientRequestToken: expenseRequestToken(doc.id),
          JobTag: doc.id,
          NotificationChannel: { SNSTopicArn: this.config.snsTopicArn, RoleArn: this.config.roleArn },
        }),
      );
      if (!JobId) throw new Error('StartExpenseAnalysis returned no JobId');
      return { kind: 'pending', jobId: JobId };
    } catch (error) {
      return refusal(error);
    }
  }

  async collect(jobId: string): Promise<ExtractionOutcome> {
    const pages: GetExpenseAnalysisResponse[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const token = nextToken;
        const page = await this.withRetry(() =>
          this.client.getExpenseAnalysis({
            JobId: jobId,
            MaxResults: MAX_RESULTS,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        pages.push(page);
        // A job still running has no results to page through yet.
        if (page.JobStatus !== 'SUCCEEDED' && page.JobStatus !== 'PARTIAL_SUCCESS') break;
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      return refusal(error);
    }
    return mapExpenseResponse(pages);
  }

  private async withRetry<T>(call: () => Promise<T>): Promise<T> {
    const { attempts, baseDelayMs, maxDelayMs } = this.retry;
    const sleep = this.retry.sleep ?? sleepMs;
    const random = this.retry.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!isRetryable(error) || attempt >= attempts) throw error;
        // Full jitter: concurrent invocations throttled together do not retry in lockstep.
        await sleep(Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))));
      }
    }
  }
}

/** The idempotency token of a document's expense analysis: [a-zA-Z0-9-_], at most 64 characters. */
export function expenseRequestToken(documentId: string): string {
  return `doc-${digest(['textract-expense', documentId], 32)}`;
}

function refusal(error: unknown): ExtractionOutcome {
  const refused = error instanceof Error ? REFUSED[error.name] : undefined;
  if (!refused) throw error;
  return { kind: 'failed', ...refused };
}
