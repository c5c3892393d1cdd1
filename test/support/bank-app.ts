/** The Hono app with the bank ports on a real dynalite table, called in-process (for the bank web tests). */
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
  DynamoPayerRepository,
  DynamoStatementImportRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import type { BankWebhookReceiver } from '#shared/ports/bank.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { createApp } from '#shared/web/app.ts';
import type { BankWebDeps } from '#shared/web/dashboard/bank-routes.ts';
import { TEST_TOKEN } from './app.ts';
import { fixedClock, startTestTable } from './dynamo.ts';

export async function startBankApp(
  options: { now?: string; maxStatementBytes?: number; webhooks?: BankWebhookReceiver[] } = {},
) {
  const table = await startTestTable();
  const clock = fixedClock(options.now ?? '2026-11-23T09:00:00Z');
  const { db, tableName } = table;
  const bank: BankWebDeps = {
    transactions: new DynamoBankTransactionRepository(db, tableName),
    allocations: new DynamoAllocationRepository(db, tableName),
    credits: new DynamoCustomerCreditRepository(db, tableName),
    payers: new DynamoPayerRepository(db, tableName),
    imports: new DynamoStatementImportRepository(db, tableName),
    reader: new BankStatementReader(),
    maxStatementBytes: options.maxStatementBytes,
    webhooks: options.webhooks,
  };
  const app = createApp({
    ...table.stores,
    clock,
    bank,
    config: { apiToken: TEST_TOKEN, timeZone: 'Europe/Paris', maxBodyBytes: 1024 * 1024 },
  });
  const recordInvoice = (externalId: string, number: string, total: number, customer = `C-${externalId}`) =>
    makeRecordInvoice({ ...table.stores, clock })(
      {
        source: 'api',
        externalId,
        number,
        customer: { externalId: customer, name: `${customer} SARL` },
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        currency: 'EUR',
        total,
        amountPaid: 0,
      },
      { kind: 'integration', id: 'api' },
    );
  return { app, table, clock, bank, recordInvoice, close: () => table.close() };
}
