/**
 * Textract's expense analysis (awsJson1_1): AnalyzeExpense on a document in S3 or given as bytes, and the
 * asynchronous StartExpenseAnalysis / GetExpenseAnalysis pair. The answers' shapes are the SDK's own types.
 */
import type {
  AnalyzeExpenseCommandOutput,
  GetExpenseAnalysisCommandOutput,
  StartExpenseAnalysisCommandOutput,
} from '@aws-sdk/client-textract';
import type { ClientOptions } from './aws-service.ts';
import { JsonProtocolClient } from './json-protocol.ts';

export interface S3ObjectRef {
  Bucket: string;
  Name: string;
  Version?: string;
}

/** A document by its S3 location, or its bytes (sent base64-encoded, as the JSON protocol carries blobs). */
export type TextractDocument = { S3Object: S3ObjectRef } | { Bytes: Uint8Array };

type Answer<T> = Omit<T, '$metadata'>;

export class Textract {
  readonly client: JsonProtocolClient;

  constructor(options: ClientOptions) {
    this.client = new JsonProtocolClient(
      { name: 'Textract', signingName: 'textract', endpointPrefix: 'textract', envKey: 'TEXTRACT' },
      options,
      { targetPrefix: 'Textract', version: '1.1' },
    );
  }

  analyzeExpense(input: { Document: TextractDocument }): Promise<Answer<AnalyzeExpenseCommandOutput>> {
    return this.client.call('AnalyzeExpense', input);
  }

  startExpenseAnalysis(input: {
    DocumentLocation: { S3Object: S3ObjectRef };
    ClientRequestToken?: string;
    JobTag?: string;
    NotificationChannel?: { SNSTopicArn: string; RoleArn: string };
  }): Promise<Answer<StartExpenseAnalysisCommandOutput>> {
    return this.client.call('StartExpenseAnalysis', input);
  }

  getExpenseAnalysis(input: {
    JobId: string;
    MaxResults?: number;
    NextToken?: string;
  }): Promise<Answer<GetExpenseAnalysisCommandOutput>> {
    return this.client.call('GetExpenseAnalysis', input);
  }
}
