/** A fresh table on an in-process dynalite (127.0.0.1, port 0) with the real repositories on top. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { ensureTable } from '#shared/adapters/dynamodb/ensure-table.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { type RunningEmulator, startDynalite } from '#shared/adapters/local/emulators.ts';
import type { Stores } from '#shared/use-cases/stores.ts';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface TestTable {
  stores: Stores;
  db: DynamoDBDocumentClient;
  client: DynamoDBClient;
  tableName: string;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

export async function startTestTable(options: { path?: string } = {}): Promise<TestTable> {
  const emulator = await startDynalite({ path: options.path });
  const client = new DynamoDBClient({
    region: 'eu-west-3',
    endpoint: emulator.endpoint,
    credentials: TEST_CREDENTIALS,
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = 'relance-test';
  await ensureTable(client, tableName);
  const stores: Stores = {
    invoices: new DynamoInvoiceRepository(db, tableName),
    customers: new DynamoCustomerRepository(db, tableName),
    timeline: new DynamoTimelineRepository(db, tableName),
  };
  return {
    stores,
    db,
    client,
    tableName,
    emulator,
    close: async () => {
      client.destroy();
      await emulator.close();
    },
  };
}

/** A clock the test moves by hand. */
export function fixedClock(iso: string) {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set: (next: string) => {
      now = new Date(next);
    },
  };
}
