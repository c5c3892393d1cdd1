/**
 * What the API and the dashboard read about bank transactions: the work lists by state, and one transaction with
 * its candidates, its allocations and a summary of every invoice and customer they name.
 */
import {
  BANK_TRANSACTION_STATES,
  type BankAllocation,
  type BankTransactionRecord,
  type BankTransactionState,
} from '#shared/domain/bank/bank-transaction.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { balanceOf } from '#shared/domain/invoice.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import type { Page } from '#shared/ports/repositories.ts';
import type { BankDeps } from './bank-deps.ts';

export interface InvoiceSummary {
  id: string;
  number: string;
  customerId: string;
  currency: string;
  total: number;
  balance: number;
  state: InvoiceState;
  dueDate: string;
  rfReference?: string;
}

export interface BankTransactionDetails {
  transaction: BankTransactionRecord;
  allocations: BankAllocation[];
  invoices: Record<string, InvoiceSummary>;
  customers: Record<string, { id: string; legalName: string }>;
}

/** Summaries of the invoices and customers a set of transactions names (candidates, decisions). */
export async function namedRecords(
  deps: Pick<BankDeps, 'invoices' | 'customers'>,
  transactions: readonly BankTransactionRecord[],
  allocations: readonly BankAllocation[] = [],
): Promise<Pick<BankTransactionDetails, 'invoices' | 'customers'>> {
  const invoiceIds = new Set<string>(allocations.map((a) => a.invoiceId));
  const customerIds = new Set<string>();
  for (const tx of transactions) {
    for (const c of tx.candidates) {
      customerIds.add(c.customerId);
      for (const a of c.allocations) invoiceIds.add(a.invoiceId);
    }
    if (tx.decision?.customerId) customerIds.add(tx.decision.customerId);
    for (const a of tx.decision?.allocations ?? []) invoiceIds.add(a.invoiceId);
  }
  const invoices: Record<string, InvoiceSummary> = {};
  for (const id of invoiceIds) {
    const found = await deps.invoices.get(id);
    if (!found) continue;
    const i = found.value;
    customerIds.add(i.customerId);
    invoices[id] = {
      id,
      number: i.number,
      customerId: i.customerId,
      currency: i.currency,
      total: i.total,
      balance: balanceOf(i).amount,
      state: i.state,
      dueDate: i.dueDate,
      ...(i.rfReference ? { rfReference: i.rfReference } : {}),
    };
  }
  const customers: Record<string, { id: string; legalName: string }> = {};
  for (const id of customerIds) {
    const found = await deps.customers.get(id);
    if (found) customers[id] = { id, legalName: found.value.legalName };
  }
  return { invoices, customers };
}

export async function getBankTransactionDetails(deps: BankDeps, id: string): Promise<BankTransactionDetails> {
  const found = await deps.transactions.get(id);
  if (!found) throw new NotFoundError('bank transaction', id);
  const allocations = await deps.allocations.listByTransaction(id);
  return { transaction: found.value, allocations, ...(await namedRecords(deps, [found.value], allocations)) };
}

/** One state's list (paged), or every state merged, most recent booking first. */
export async function listBankTransactions(
  deps: BankDeps,
  filter: { status?: BankTransactionState; limit?: number; cursor?: string },
): Promise<Page<BankTransactionRecord>> {
  if (filter.status) return deps.transactions.listByState(filter.status, filter);
  const limit = filter.limit ?? 100;
  const pages = await Promise.all(BANK_TRANSACTION_STATES.map((s) => deps.transactions.listByState(s, { limit })));
  const dateOf = (t: BankTransactionRecord) => t.bookingDate ?? t.valueDate ?? t.createdAt;
  const items = pages
    .flatMap((p) => p.items)
    .sort((a, b) => dateOf(b).localeCompare(dateOf(a)) || a.id.localeCompare(b.id))
    .slice(0, limit);
  return { items };
}
