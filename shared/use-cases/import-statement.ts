/**
 * Imports a statement file: an upload (POST /api/bank/statements) or an object dropped under the bucket's bank/.
 *
 * Input: the bytes, the file name, where it came from, optionally a CSV column mapping. Output: the import
 * record (with this run's counts) and whether the file was new. Steps:
 *  1. the whole file is read first; a malformed one is refused with the line or element at fault, recorded as a
 *     failed import (retryable with a fixed file or mapping), and nothing else is written;
 *  2. a mapping given with a CSV file is saved, and used for the next CSV files that come without one;
 *  3. the lines are recorded and matched (record-bank-lines.ts): the same file twice, or overlapping statements,
 *     add nothing; a re-run completes what an interrupted one began.
 */
import { createHash } from 'node:crypto';
import { StatementRejectedError } from '#shared/domain/bank/bank-transaction.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { plainFileName } from '#shared/domain/file-name.ts';
import type { StatementImport, StatementReadResult } from '#shared/ports/bank.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { BankDeps } from './bank-deps.ts';
import { makeRecordBankLines } from './record-bank-lines.ts';

export interface StatementInput {
  bytes: Uint8Array;
  fileName?: string;
  /** `upload`, or the bucket key. */
  origin: string;
  csvMapping?: unknown;
}

export interface ImportResult {
  import: StatementImport;
  /** False when this file (with this mapping) was imported before. */
  created: boolean;
}

/** The import id: the file's SHA-256, with the mapping when one was given (another mapping reads other lines). */
export function statementImportId(bytes: Uint8Array, csvMapping?: unknown): string {
  const hash = createHash('sha256').update(bytes);
  if (csvMapping !== undefined) hash.update(`\u001fmapping:${JSON.stringify(csvMapping)}`);
  return hash.digest('hex');
}

export const makeImportStatement = (deps: BankDeps) => {
  const recordLines = makeRecordBankLines(deps);
  return async (input: StatementInput): Promise<ImportResult> => {
    const id = statementImportId(input.bytes, input.csvMapping);
    const fileName = plainFileName(input.fileName);
    const existing = await deps.imports.get(id);
    const now = deps.clock.now().toISOString();
    const base = {
      id,
      origin: input.origin,
      ...(fileName ? { fileName } : {}),
      attempts: (existing?.attempts ?? 0) + 1,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };

    let read: StatementReadResult;
    try {
      const csvMapping = input.csvMapping ?? (await deps.imports.getCsvMapping());
      read = deps.reader.read(input.bytes, { fileName, csvMapping });
    } catch (error) {
      if (!(error instanceof StatementRejectedError)) throw error;
      await deps.imports.put({
        ...base,
        state: 'failed',
        statements: 0,
        error: { location: error.location, message: error.detail },
      });
      throw error;
    }
    if (input.csvMapping !== undefined && read.format === 'csv') await deps.imports.saveCsvMapping(input.csvMapping);

    const lines = read.statements.flatMap((s) => s.lines);
    const { counts } = await recordLines(lines, { source: 'file', importId: id });
    const record: StatementImport = {
      ...base,
      format: read.format,
      state: 'imported',
      statements: read.statements.length,
      counts,
    };
    await deps.imports.put(record);
    return { import: record, created: existing?.state !== 'imported' };
  };
};

/**
 * A statement dropped in the bucket (bank/ prefix): its bytes read, then imported like an upload. A refused file
 * answers `rejected` (recorded as a failed import; redelivering it would fail the same way), so the caller does
 * not retry it; any other error propagates to be retried.
 */
export const makeImportStatementObject = (deps: BankDeps & { blobs: BlobStore }) => {
  const importStatement = makeImportStatement(deps);
  return async (key: string): Promise<ImportResult | { rejected: StatementRejectedError }> => {
    const object = await deps.blobs.get(key);
    if (!object) throw new NotFoundError('object', key);
    try {
      return await importStatement({ bytes: object.body, fileName: key.split('/').pop() || key, origin: key });
    } catch (error) {
      if (error instanceof StatementRejectedError) return { rejected: error };
      throw error;
    }
  };
};
