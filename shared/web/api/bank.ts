/**
 * `/api/bank`: statement upload (multipart `file`, optional `mapping` JSON for CSV), the transactions by state
 * (the review queue), one transaction with its candidates and allocations, and the decisions on it: allocate
 * (accept a candidate, pick other invoices, split), ignore (not an invoice payment), undo.
 */
import { Hono } from 'hono';
import {
  BANK_TRANSACTION_STATES,
  type BankTransactionState,
  StatementRejectedError,
} from '#shared/domain/bank/bank-transaction.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { money } from '#shared/domain/money.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import * as z from '#shared/platform/zod.ts';
import {
  makeAcceptBankCandidate,
  makeApplyBankDecision,
  makeIgnoreBankTransaction,
  makeUndoBankDecision,
} from '#shared/use-cases/apply-bank-decision.ts';
import type { BankDeps } from '#shared/use-cases/bank-deps.ts';
import { getBankTransactionDetails, listBankTransactions } from '#shared/use-cases/bank-read-models.ts';
import { makeImportStatement, type StatementInput } from '#shared/use-cases/import-statement.ts';
import { HttpError } from '../errors.ts';
import { formBody, jsonBody, queryParams } from './request.ts';

/** Largest statement file accepted by default (a year of a busy account in camt.053 is a few MB). */
export const DEFAULT_MAX_STATEMENT_BYTES = 5 * 1024 * 1024;

const column = z.union([
  z.string().check(z.minLength(1), z.maxLength(100)),
  z.number().check(z.int(), z.gte(0), z.lte(200)),
]);

/** A saved CSV column mapping (the reader's CsvMapping): a column is a header name or a 0-based index. */
export const CsvMappingBody = z.strictObject({
  delimiter: z.optional(z.enum([';', ',', '\t'])),
  hasHeader: z.boolean(),
  dateColumn: column,
  dateFormat: z.enum(['DD/MM/YYYY', 'YYYY-MM-DD', 'DD.MM.YYYY']),
  amountColumn: z.optional(column),
  debitColumn: z.optional(column),
  creditColumn: z.optional(column),
  decimalSeparator: z.enum([',', '.']),
  valueDateColumn: z.optional(column),
  labelColumn: z.optional(column),
  counterpartyColumn: z.optional(column),
  referenceColumn: z.optional(column),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  accountIban: z.optional(z.string().check(z.maxLength(34))),
});

const ListQuery = z.strictObject({
  status: z.optional(z.enum(BANK_TRANSACTION_STATES as unknown as [BankTransactionState, ...BankTransactionState[]])),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(500))),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

const amount = z.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER));
const id = () => z.string().check(z.minLength(1), z.maxLength(100));
const reason = () => z.optional(z.string().check(z.trim(), z.maxLength(500)));

/** Accept candidate `candidate`, or allocate explicitly (several parts = a split). Amounts in minor units. */
export const AllocateBody = z.union([
  z.strictObject({ candidate: z.number().check(z.int(), z.gte(0), z.lte(20)) }),
  z.strictObject({
    customerId: z.optional(id()),
    allocations: z._default(z.array(z.strictObject({ invoiceId: id(), amount })).check(z.maxLength(50)), []),
    reason: reason(),
  }),
]);

const ReasonBody = z.strictObject({ reason: reason() });

const API_ACTOR: Actor = { kind: 'user', id: 'api' };

/** Reads the multipart upload: the `file` (415 when not multipart, 413 when too large) and its optional mapping. */
export async function statementUpload(
  request: { header(name: string): string | undefined; parseBody(): Promise<Record<string, unknown>> },
  maxBytes: number,
): Promise<Omit<StatementInput, 'origin'>> {
  const type = request.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be multipart/form-data with the file in "file"');
  }
  const form = await formBody(request);
  const file = form.file;
  if (!(file instanceof File)) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'the file is missing', [{ field: 'file', message: 'required' }]);
  }
  if (file.size > maxBytes) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `the file exceeds ${maxBytes} bytes`);
  let csvMapping: unknown;
  const mapping = form.mapping;
  if (typeof mapping === 'string' && mapping.trim() !== '') {
    let raw: unknown;
    try {
      raw = JSON.parse(mapping);
    } catch {
      throw new HttpError(400, 'INVALID_JSON', 'the mapping is not valid JSON', [
        { field: 'mapping', message: 'JSON' },
      ]);
    }
    const parsed = CsvMappingBody.safeParse(raw);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ field: ['mapping', ...i.path].join('.'), message: i.message }));
      throw new HttpError(400, 'VALIDATION_FAILED', 'invalid request: mapping', details);
    }
    csvMapping = parsed.data;
  }
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    ...(file.name ? { fileName: file.name.slice(0, 255) } : {}),
    ...(csvMapping !== undefined ? { csvMapping } : {}),
  };
}

/** A refused statement as a 422 naming the line or element. */
export function rejectedStatement(error: StatementRejectedError): HttpError {
  return new HttpError(422, error.code, `the statement was refused: ${error.message}`, [
    { field: error.location, message: error.detail },
  ]);
}

/** Runs `fn`, turning a refused statement into its 422. */
export async function importOrReject<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StatementRejectedError) throw rejectedStatement(error);
    throw error;
  }
}

export function bankRoutes(deps: BankDeps, options: { maxStatementBytes?: number } = {}) {
  const importStatement = makeImportStatement(deps);
  const apply = makeApplyBankDecision(deps);
  const accept = makeAcceptBankCandidate(deps);
  const ignore = makeIgnoreBankTransaction(deps);
  const undo = makeUndoBankDecision(deps);
  const maxBytes = options.maxStatementBytes ?? DEFAULT_MAX_STATEMENT_BYTES;

  const transactionId = async (id: string) => {
    if (!/^btx_[0-9a-z]{20}$/.test(id) || !(await deps.transactions.get(id))) {
      throw new NotFoundError('bank transaction', id);
    }
    return id;
  };
  const details = (id: string) => getBankTransactionDetails(deps, id);

  return new Hono()
    .post('/statements', async (c) => {
      const upload = await statementUpload(c.req, maxBytes);
      const result = await importOrReject(() => importStatement({ ...upload, origin: 'upload' }));
      return c.json(result.import, result.created ? 201 : 200);
    })
    .get('/statements', async (c) => c.json({ items: await deps.imports.list({ limit: 50 }) }))
    .get('/transactions', async (c) => {
      const query = queryParams(c, ListQuery);
      const page = await listBankTransactions(deps, query);
      return c.json({ items: page.items, cursor: page.cursor ?? null });
    })
    .get('/transactions/:id', async (c) => c.json(await details(await transactionId(c.req.param('id')))))
    .post('/transactions/:id/allocations', async (c) => {
      const id = await transactionId(c.req.param('id'));
      const body = await jsonBody(c, AllocateBody);
      let changed: boolean;
      if ('candidate' in body) {
        changed = (await accept(id, body.candidate, API_ACTOR)).changed;
      } else {
        const tx = (await deps.transactions.get(id))?.value;
        if (!tx) throw new NotFoundError('bank transaction', id);
        const currency = tx.amount.currency;
        changed = (
          await apply(id, {
            kind: 'manual',
            customerId: body.customerId,
            allocations: body.allocations.map((a) => ({ invoiceId: a.invoiceId, amount: money(a.amount, currency) })),
            actor: API_ACTOR,
            reason: body.reason,
          })
        ).changed;
      }
      return c.json(await details(id), changed ? 201 : 200);
    })
    .post('/transactions/:id/ignore', async (c) => {
      const id = await transactionId(c.req.param('id'));
      const body = c.req.header('content-type') ? await jsonBody(c, ReasonBody) : {};
      await ignore(id, API_ACTOR, body.reason);
      return c.json(await details(id));
    })
    .post('/transactions/:id/undo', async (c) => {
      const id = await transactionId(c.req.param('id'));
      const body = c.req.header('content-type') ? await jsonBody(c, ReasonBody) : {};
      await undo(id, API_ACTOR, body.reason);
      return c.json(await details(id));
    });
}
