/** Creates the table when it does not exist (local stack and tests; on AWS the CDK stack owns it). */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { createTableInput } from './table-definition.ts';

export async function ensureTable(client: DynamoDocuments, tableName: string): Promise<void> {
  try {
    await client.describeTable({ TableName: tableName });
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ResourceNotFoundException') throw error;
    await client.createTable(createTableInput(tableName));
  }
  // A table answers "not found" to item requests until it is ACTIVE.
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.describeTable({ TableName: tableName });
    if (Table?.TableStatus === 'ACTIVE') return;
    await sleep(20);
  }
  throw new Error(`table ${tableName} did not become active`);
}
