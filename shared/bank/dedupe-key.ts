/**
 * Dedupe keys for bank transactions.
 *
 * - When the bank gives its own id for the line (camt AcctSvcrRef, OFX FITID, MT940 bank reference…) the key is
 *   `<kind>:<account>:<id>`. If the same id appears twice in one statement (some banks reuse a batch reference),
 *   the second and later lines get `#2`, `#3`… so two lines never collapse into one.
 * - Otherwise it is `sha256:<hex>` of account, booking date, amount, currency, remittance, counterparty and the
 *   occurrence index among identical lines of the same statement, so two identical card payments on the same day
 *   stay two transactions, and re-importing the same file gives the same keys.
 *
 * "Same statement" is a key group: MT940 continuation pages (`:60M:` … `:62M:`) share one group with the page they
 * continue, so identical lines spread over pages are still counted together.
 */
import { createHash } from 'node:crypto';
import type { BankTransaction, Statement } from './statement-types.ts';

export interface BankId {
  kind: string;
  value: string;
}

export type DraftTransaction = Omit<BankTransaction, 'key'>;

export interface DraftEntry {
  tx: DraftTransaction;
  bankId?: BankId;
}

export interface DraftStatement extends Omit<Statement, 'transactions'> {
  transactions: DraftEntry[];
  /** Statements with the same group share occurrence counters (MT940 continuation pages). Defaults to its index. */
  keyGroup?: number;
}

function accountPart(tx: DraftTransaction, statement: DraftStatement): string {
  const account = tx.accountIban ?? tx.accountId ?? '';
  if (!tx.accountIban && statement.bankId && account) return `${statement.bankId}/${account}`;
  return account;
}

function contentFingerprint(tx: DraftTransaction, account: string): string {
  return JSON.stringify([
    account,
    tx.bookingDate ?? tx.valueDate ?? '',
    tx.amount.amount,
    tx.amount.currency,
    tx.remittanceUnstructured.join('\n'),
    tx.counterpartyName ?? '',
    tx.counterpartyIban ?? tx.counterpartyAccountId ?? '',
  ]);
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Turns draft statements into statements whose transactions carry their dedupe key. */
export function finalizeStatements(drafts: readonly DraftStatement[]): Statement[] {
  const occurrences = new Map<string, number>();
  const idUses = new Map<string, number>();
  return drafts.map((draft, index) => {
    const group = draft.keyGroup ?? index;
    const { transactions, keyGroup: _group, ...rest } = draft;
    const finished: BankTransaction[] = transactions.map(({ tx, bankId }) => {
      const account = accountPart(tx, draft);
      let key: string;
      if (bankId && bankId.value.trim() !== '') {
        const base = `${bankId.kind}:${account}:${bankId.value.trim()}`;
        const counter = `${group}\u0000${base}`;
        const used = (idUses.get(counter) ?? 0) + 1;
        idUses.set(counter, used);
        key = used === 1 ? base : `${base}#${used}`;
      } else {
        const fingerprint = contentFingerprint(tx, account);
        const counter = `${group}\u0000${fingerprint}`;
        const occurrence = occurrences.get(counter) ?? 0;
        occurrences.set(counter, occurrence + 1);
        key = `sha256:${sha256Hex(`${fingerprint}\u0000${occurrence}`)}`;
      }
      return { key, ...tx };
    });
    return { ...rest, transactions: finished };
  });
}
