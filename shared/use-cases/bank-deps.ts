/**
 * What the bank use cases need, built once by the host, and the one way they change a transaction record: read,
 * apply a pure change, write conditioned on the revision read, and start again from the read when a concurrent
 * writer won.
 */
import type { BankTransactionRecord } from '#shared/domain/bank/bank-transaction.ts';
import { ConcurrentUpdateError, NotFoundError } from '#shared/domain/errors.ts';
import type { MatcherConfig } from '#shared/domain/matching/matching-types.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type {
  AllocationRepository,
  BankTransactionRepository,
  CustomerCreditRepository,
  PayerRepository,
  StatementImportRepository,
  StatementReader,
} from '#shared/ports/bank.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

export interface BankServices {
  transactions: BankTransactionRepository;
  allocations: AllocationRepository;
  credits: CustomerCreditRepository;
  payers: PayerRepository;
  imports: StatementImportRepository;
  reader: StatementReader;
  /** Matcher thresholds; the defaults (auto at 0.90 with a 0.15 lead) when absent. */
  matcher?: MatcherConfig;
}

export type BankDeps = UseCaseDeps & BankServices;

/** Who applies what the matcher decided on its own, and what a bank reversal undoes. */
export const MATCHER_ACTOR: Actor = { kind: 'system', id: 'bank-matching' };

/**
 * Applies `change` to the stored transaction and writes it, retrying from a fresh read when another writer came
 * first. `change` returns undefined when there is nothing to write.
 */
export async function updateTransaction(
  deps: Pick<BankServices, 'transactions'>,
  id: string,
  change: (tx: BankTransactionRecord) => BankTransactionRecord | undefined,
): Promise<BankTransactionRecord> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.transactions.get(id);
    if (!current) throw new NotFoundError('bank transaction', id);
    const next = change(current.value);
    if (!next) return current.value;
    try {
      await deps.transactions.put(next, current.rev);
      return next;
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}
