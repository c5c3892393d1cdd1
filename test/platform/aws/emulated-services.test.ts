/**
 * The AWS clients against the real protocol emulators: DynamoDB (dynalite), S3 (s3rver) and SES v2
 * (aws-ses-v2-local), each started on 127.0.0.1 and port 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '#shared/adapters/dynamodb/ensure-table.ts';
import {
  type RunningEmulator,
  type RunningS3,
  startDynalite,
  startS3,
  startSes,
} from '#shared/adapters/local/emulators.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { AwsServiceError } from '#shared/platform/aws/errors.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SesV2 } from '#shared/platform/aws/sesv2.ts';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const region = 'eu-west-3';

describe('DynamoDocuments on dynalite', () => {
  let emulator: RunningEmulator;
  let db: DynamoDocuments;
  const TableName = 'relance-platform-test';

  beforeAll(async () => {
    emulator = await startDynalite();
    db = new DynamoDocuments({ region, endpoint: emulator.endpoint, credentials });
    await ensureTable(db, TableName);
  });
  afterAll(() => emulator.close());

  it('writes, reads, updates and deletes plain values, numbers and sets included', async () => {
    const item = {
      pk: 'C#1',
      sk: 'INV#1',
      amount: 12_345,
      tags: new Set(['a', 'b']),
      note: undefined,
      nested: { ok: true },
    };
    await db.put({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
    expect((await db.get({ TableName, Key: { pk: 'C#1', sk: 'INV#1' } })).Item).toEqual({
      pk: 'C#1',
      sk: 'INV#1',
      amount: 12_345,
      tags: new Set(['a', 'b']),
      nested: { ok: true },
    });
    const updated = await db.update({
      TableName,
      Key: { pk: 'C#1', sk: 'INV#1' },
      UpdateExpression: 'SET amount = amount + :d',
      ExpressionAttributeValues: { ':d': 5 },
      ReturnValues: 'ALL_NEW',
    });
    expect(updated.Attributes?.amount).toBe(12_350);
    await db.delete({ TableName, Key: { pk: 'C#1', sk: 'INV#1' } });
    expect((await db.get({ TableName, Key: { pk: 'C#1', sk: 'INV#1' } })).Item).toBeUndefined();
  });

  it('names a lost condition ConditionalCheckFailedException, as the SDK does', async () => {
    await db.put({ TableName, Item: { pk: 'C#2', sk: 'X' } });
    const error = await db
      .put({ TableName, Item: { pk: 'C#2', sk: 'X' }, ConditionExpression: 'attribute_not_exists(pk)' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect((error as AwsServiceError).name).toBe('ConditionalCheckFailedException');
    expect((error as AwsServiceError).statusCode).toBe(400);
  });

  it('pages a query with its last evaluated key and reads a batch', async () => {
    for (let i = 0; i < 5; i++) await db.put({ TableName, Item: { pk: 'C#3', sk: `N#${i}`, i } });
    const first = await db.query({
      TableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'C#3' },
      Limit: 3,
    });
    expect(first.Items?.map((x) => x.i)).toEqual([0, 1, 2]);
    expect(first.LastEvaluatedKey).toEqual({ pk: 'C#3', sk: 'N#2' });
    const rest = await db.query({
      TableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'C#3' },
      ExclusiveStartKey: first.LastEvaluatedKey,
    });
    expect(rest.Items?.map((x) => x.i)).toEqual([3, 4]);
    const batch = await db.batchGet({
      RequestItems: {
        [TableName]: {
          Keys: [
            { pk: 'C#3', sk: 'N#1' },
            { pk: 'C#3', sk: 'N#4' },
            { pk: 'C#3', sk: 'none' },
          ],
        },
      },
    });
    expect(batch.Responses?.[TableName]?.map((x) => x.i).sort()).toEqual([1, 4]);
    expect(batch.UnprocessedKeys).toEqual({});
  });

  it('lets an interceptor see each call by operation and input before it is sent, and stop it', async () => {
    const seen: string[] = [];
    const hook = db.service.intercept(({ service, operation }) => {
      seen.push(`${service}.${operation}`);
      if (operation === 'DeleteItem') throw new Error('stopped');
    });
    await db.get({ TableName, Key: { pk: 'C#2', sk: 'X' } });
    await expect(db.delete({ TableName, Key: { pk: 'C#2', sk: 'X' } })).rejects.toThrow('stopped');
    hook.off();
    await db.get({ TableName, Key: { pk: 'C#2', sk: 'X' } });
    expect(seen).toEqual(['DynamoDB.GetItem', 'DynamoDB.DeleteItem']);
    expect((await db.get({ TableName, Key: { pk: 'C#2', sk: 'X' } })).Item).toBeDefined();
  });
});

describe('S3Objects on s3rver', () => {
  let s3: RunningS3;
  let dir: string;
  let objects: S3Objects;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-s3-'));
    s3 = await startS3({ directory: dir, buckets: ['relance-bucket'] });
    objects = new S3Objects({ region, endpoint: s3.endpoint, credentials });
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts and gets bytes under a key with spaces and accents, keeping the content type', async () => {
    const body = new Uint8Array([0, 1, 2, 250, 255]);
    const Key = 'inbox/2026/facture été n°1 (copie).pdf';
    await objects.putObject({ Bucket: 'relance-bucket', Key, Body: body, ContentType: 'application/pdf' });
    const got = await objects.getObject({ Bucket: 'relance-bucket', Key });
    expect([...got.Body]).toEqual([...body]);
    expect(got.ContentType).toBe('application/pdf');
  });

  it('names a missing object NoSuchKey', async () => {
    const error = await objects.getObject({ Bucket: 'relance-bucket', Key: 'nothing/here' }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('NoSuchKey');
  });
});

describe('SesV2 on aws-ses-v2-local', () => {
  let ses: RunningEmulator;
  beforeAll(async () => {
    ses = await startSes();
  });
  afterAll(() => ses.close());

  it('sends a message with an attachment, the bytes base64 on the wire', async () => {
    const client = new SesV2({ region, endpoint: ses.endpoint, credentials, maxAttempts: 1 });
    const res = await client.sendEmail({
      FromEmailAddress: 'relance@example.com',
      Destination: { ToAddresses: ['client@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Facture F-1', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Bonjour', Charset: 'UTF-8' } },
          Attachments: [
            { FileName: 'F-1.pdf', ContentType: 'application/pdf', RawContent: new TextEncoder().encode('%PDF-1.4 x') },
          ],
        },
      },
    });
    expect(res.MessageId).toBeTruthy();
    const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
      emails: { subject: string; attachments: { filename: string; content: string }[] }[];
    };
    const sent = store.emails.find((e) => e.subject === 'Facture F-1');
    expect(sent?.attachments[0]?.filename).toBe('F-1.pdf');
  });
});
