/** A fresh table on an in-process dynalite (127.0.0.1, port 0) with the real repositories on top. */
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { ensureTable } from '#shared/adapters/dynamodb/ensure-table.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { type RunningEmulator, startDynalite } from '#shared/adapters/local/emulators.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { Stores } from '#shared/use-cases/stores.ts';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface TestTable {
  stores: Stores;
  db: DynamoDocuments;
  tableName: string;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

export async function startTestTable(options: { path?: string } = {}): Promise<TestTable> {
  const emulator = await startDynalite({ path: options.path });
  const db = new DynamoDocuments({ region: 'eu-west-3', endpoint: emulator.endpoint, credentials: TEST_CREDENTIALS });
  const tableName = 'relance-test';
  await ensureTable(db, tableName);
  const stores: Stores = {
    invoices: new DynamoInvoiceRepository(db, tableName),
    customers: new DynamoCustomerRepository(db, tableName),
    timeline: new DynamoTimelineRepository(db, tableName),
  };
  return {
    stores,
    db,
    tableName,
    emulator,
    close: () => emulator.close(),
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
