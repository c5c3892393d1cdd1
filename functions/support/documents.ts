/** Document intake's services on AWS (Textract, the PDF inspector, the bucket), as three handlers need them. */
import { TextractDocumentReader } from '#shared/adapters/aws/textract/textract-reader.ts';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { PdfInspector } from '#shared/adapters/pdf/pdf-inspector.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { Textract } from '#shared/platform/aws/textract.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { DocumentServices } from '#shared/use-cases/document-deps.ts';

export function textractDocumentServices(args: {
  env: {
    AWS_REGION: string;
    BUCKET_NAME: string;
    TEXTRACT_SNS_TOPIC_ARN: string;
    TEXTRACT_ROLE_ARN: string;
    RELANCE_MAX_DOCUMENT_BYTES: number;
  };
  db: DynamoDocuments;
  tableName: string;
  blobs: BlobStore;
}): DocumentServices {
  const { env } = args;
  return {
    documents: new DynamoDocumentRepository(args.db, args.tableName),
    // The reader retries throttling itself with jittered back-off: one client attempt per call, one retry policy.
    reader: new TextractDocumentReader(new Textract({ region: env.AWS_REGION, maxAttempts: 1 }), {
      bucket: env.BUCKET_NAME,
      snsTopicArn: env.TEXTRACT_SNS_TOPIC_ARN,
      roleArn: env.TEXTRACT_ROLE_ARN,
    }),
    inspector: new PdfInspector(),
    blobs: args.blobs,
    maxDocumentBytes: env.RELANCE_MAX_DOCUMENT_BYTES,
  };
}
