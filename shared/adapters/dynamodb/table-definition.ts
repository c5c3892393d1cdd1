/**
 * The one DynamoDB table, defined once: the CDK stack (infra/) and the local stack both build it from here.
 * Plain data, no SDK import, so infra can read it without pulling runtime code.
 *
 * Key design (single table, every access pattern a key or index query — see keys.ts for the exact values):
 *   pk / sk        the record itself: INVOICE#id | CUSTOMER#id | LOOKUP#… | EVENT#… ; children under the same
 *                  pk (timeline entries TL#…, allocations ALLOC#…) so an invoice page is one query
 *   gsi1pk/gsi1sk  "members of a parent in order": a customer's invoices (OPEN|CLOSED#dueDate), all customers
 *                  by name (prefix search)
 *   gsi2pk/gsi2sk  "work lists by state, in date order": invoices by state and due date, debtors by balance,
 *                  review queues, schedules due — sparse: an item leaves the list by dropping the attributes
 *   gsi3pk/gsi3sk  "secondary lookups": invoices by normalised number, a customer's timeline by time
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

export const TABLE_INDEXES = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
] as const;

export type IndexName = (typeof TABLE_INDEXES)[number]['indexName'];

/** CreateTable input (on-demand, every index projecting all attributes) for the local stack and tests. */
export function createTableInput(tableName: string) {
  const names = [
    TABLE_KEYS.partitionKey,
    TABLE_KEYS.sortKey,
    ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
