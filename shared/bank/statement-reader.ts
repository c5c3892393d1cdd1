/**
 * The StatementReader port over the pure readers: parseStatement, its StatementFormatError turned into the
 * domain's StatementRejectedError (same line or element), and an OFX "no statement" answer (sign-on failure,
 * account list) refused the same way, so a use case never sees the readers' own types.
 */
import { StatementRejectedError } from '#shared/domain/bank/bank-transaction.ts';
import type { StatementReader, StatementReadResult } from '#shared/ports/bank.ts';
import { parseStatement, StatementFormatError } from './parse-statement.ts';
import type { CsvMapping } from './statement-types.ts';

export class BankStatementReader implements StatementReader {
  read(bytes: Uint8Array, options: { fileName?: string; csvMapping?: unknown }): StatementReadResult {
    let result: ReturnType<typeof parseStatement>;
    try {
      result = parseStatement(bytes, {
        fileName: options.fileName,
        csvMapping: (options.csvMapping ?? undefined) as CsvMapping | undefined,
      });
    } catch (error) {
      if (error instanceof StatementFormatError) throw new StatementRejectedError(error.location, error.detail);
      throw error;
    }
    if (result.kind === 'status') {
      throw new StatementRejectedError(
        'file',
        `the ${result.format} file holds no statement (${result.reason}): ${result.message}`,
      );
    }
    return {
      format: result.format,
      statements: result.statements.map((s) => ({
        ...(s.accountIban ? { accountIban: s.accountIban } : {}),
        ...(s.accountId ? { accountId: s.accountId } : {}),
        ...(s.fromDate ? { fromDate: s.fromDate } : {}),
        ...(s.toDate ? { toDate: s.toDate } : {}),
        lines: s.transactions,
      })),
    };
  }
}
