/** The bank repositories and statement reader, as the statement-import function and the HTTP API both need them. */
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
  DynamoPayerRepository,
  DynamoStatementImportRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { BankServices } from '#shared/use-cases/bank-deps.ts';

export function bankServices(db: DynamoDocuments, tableName: string): BankServices {
  return {
    transactions: new DynamoBankTransactionRepository(db, tableName),
    allocations: new DynamoAllocationRepository(db, tableName),
    credits: new DynamoCustomerCreditRepository(db, tableName),
    payers: new DynamoPayerRepository(db, tableName),
    imports: new DynamoStatementImportRepository(db, tableName),
    reader: new BankStatementReader(),
  };
}
