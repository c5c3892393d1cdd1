/**
 * What the table holds at the end of a run, for the bench's storage figures: a Scan, which the product never makes
 * (so `DynamoDocuments` has no method for it), sent on the client's JSON protocol and unmarshalled here.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';

type WireItem = Parameters<typeof unmarshall>[0];

/** Every item of `tableName`, page by page, as plain values. */
export async function* scanItems(db: DynamoDocuments, tableName: string): AsyncGenerator<Record<string, unknown>> {
  let start: WireItem | undefined;
  do {
    const page = await db.client.call<{ Items?: WireItem[]; LastEvaluatedKey?: WireItem }>('Scan', {
      TableName: tableName,
      ExclusiveStartKey: start,
    });
    for (const item of page.Items ?? []) yield unmarshall(item);
    start = page.LastEvaluatedKey;
  } while (start);
}
