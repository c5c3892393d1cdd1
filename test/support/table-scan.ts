/**
 * What a table holds, for tests and the bench: a Scan, which the product never makes (so `DynamoDocuments` has no
 * method for it and no function may), sent on the client's JSON protocol and unmarshalled here.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';

type WireItem = Parameters<typeof unmarshall>[0];

/** Every item of `tableName`, page by page, as plain values (strongly consistent: what was just written). */
export async function* scanItems(db: DynamoDocuments, tableName: string): AsyncGenerator<Record<string, unknown>> {
  let start: WireItem | undefined;
  do {
    const page = await db.client.call<{ Items?: WireItem[]; LastEvaluatedKey?: WireItem }>('Scan', {
      TableName: tableName,
      ConsistentRead: true,
      ExclusiveStartKey: start,
    });
    for (const item of page.Items ?? []) yield unmarshall(item);
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Every item of `tableName` (optionally only those `keep` accepts), as plain values. */
export async function scanAll(
  db: DynamoDocuments,
  tableName: string,
  keep: (item: Record<string, unknown>) => boolean = () => true,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const item of scanItems(db, tableName)) if (keep(item)) items.push(item);
  return items;
}
