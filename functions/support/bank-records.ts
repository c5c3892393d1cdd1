/**
 * The bank repositories alone, for the functions that show bank records without reading statements (the
 * dashboard's home and customer pages): the statement parsers stay out of their bundles.
 */
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
  DynamoPayerRepository,
  DynamoStatementImportRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { BankServices } from '#shared/use-cases/bank-deps.ts';

export function bankRepositories(db: DynamoDocuments, tableName: string): Omit<BankServices, 'reader'> {
  return {
    transactions: new DynamoBankTransactionRepository(db, tableName),
    allocations: new DynamoAllocationRepository(db, tableName),
    credits: new DynamoCustomerCreditRepository(db, tableName),
    payers: new DynamoPayerRepository(db, tableName),
    imports: new DynamoStatementImportRepository(db, tableName),
  };
}
