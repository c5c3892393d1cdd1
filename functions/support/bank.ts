/** The bank repositories and statement reader, as the statement-import function and the bank HTTP family need them. */
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { BankServices } from '#shared/use-cases/bank-deps.ts';
import { bankRepositories } from './bank-records.ts';

export function bankServices(db: DynamoDocuments, tableName: string): BankServices {
  return { ...bankRepositories(db, tableName), reader: new BankStatementReader() };
}
