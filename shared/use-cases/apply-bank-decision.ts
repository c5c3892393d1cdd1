/**
 * Applying a bank credit to invoices, and undoing it.
 *
 * Apply — Input: a transaction id and a decision (allocations per invoice, the paying customer). Output: the
 * transaction and whether this call changed it. Steps:
 *  1. read the transaction; already applied with the same allocations → complete what that application began
 *     (every step below is idempotent) and change nothing else; applied otherwise → refused (undo first);
 *  2. validate: a credit, one customer, same currency, each part ≤ the invoice's balance, total ≤ the credit;
 *  3. write the transaction as applied (conditioned on the revision read) with a new payment id — the claim;
 *  4. record one allocation per invoice (idempotent on payment + invoice), recompute each invoice from its full
 *     allocation list (`withAllocations`: balance, state, timeline), write it optimistically, sync the ledger
 *     (which re-plans the customer's reminders: a paid invoice is no longer reminded);
 *  5. the part no invoice took becomes a customer credit, with a timeline entry;
 *  6. a person's confirmation teaches the payer's IBAN and name for the customer.
 * Undo reverts the allocations and the credit of the application in the same way: the invoices reopen.
 */
import {
  type AllocationPart,
  APPLIED_STATES,
  BankDecisionError,
  type BankTransactionRecord,
  customerCreditId,
  type DecisionKind,
  isCredit,
  OPEN_FOR_DECISION,
} from '#shared/domain/bank/bank-transaction.ts';
import { ConcurrentUpdateError, NotFoundError } from '#shared/domain/errors.ts';
import { paymentId as paymentIdOf } from '#shared/domain/ids.ts';
import { balanceOf, type Invoice } from '#shared/domain/invoice.ts';
import { isCollectible } from '#shared/domain/invoice-lifecycle.ts';
import { type Money, money, toDecimalString } from '#shared/domain/money.ts';
import { allocationId, withAllocations } from '#shared/domain/payment.ts';
import { type Actor, timelineEvent } from '#shared/domain/timeline.ts';
import { type BankDeps, MATCHER_ACTOR, updateTransaction } from './bank-deps.ts';
import { recordTimeline, syncLedger } from './record-invoice.ts';
import { MAX_ATTEMPTS } from './stores.ts';

export interface DecisionInput {
  kind: Exclude<DecisionKind, 'ignored' | 'reversal'>;
  /** The paying customer; required when no invoice is named (the whole credit kept on the account). */
  customerId?: string;
  allocations: AllocationPart[];
  actor: Actor;
  reason?: string;
}

export interface DecisionResult {
  transaction: BankTransactionRecord;
  changed: boolean;
}

const sameParts = (a: readonly AllocationPart[], b: readonly AllocationPart[]) => {
  const form = (parts: readonly AllocationPart[]) =>
    parts
      .map((p) => `${p.invoiceId}:${p.amount.amount}:${p.amount.currency}`)
      .sort()
      .join('|');
  return form(a) === form(b);
};

/** Recomputes one invoice from all its allocations and records the change (idempotent; re-run safe). */
async function settleInvoice(
  deps: BankDeps,
  invoiceId: string,
  ctx: { actor: Actor; reason: string; causeKey: string },
): Promise<Invoice> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.invoices.get(invoiceId);
    if (!current) throw new NotFoundError('invoice', invoiceId);
    await recordTimeline(deps, current.outbox);
    const allocations = await deps.allocations.listByInvoice(invoiceId);
    const change = withAllocations(current.value, allocations, { now: deps.clock.now().toISOString(), ...ctx });
    let rev = current.rev;
    if (change.changed) {
      try {
        rev = await deps.invoices.put(change.invoice, current.rev, change.events);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await recordTimeline(deps, change.events);
    }
    await syncLedger(deps, change.invoice, rev);
    return change.invoice;
  }
}

/** Steps 4–5 for an applied transaction: allocations, invoices, customer credit. Idempotent. */
async function completeApplication(deps: BankDeps, tx: BankTransactionRecord): Promise<void> {
  const decision = tx.decision;
  if (!decision?.paymentId || !decision.customerId) return;
  const { paymentId, customerId } = decision;
  const at = decision.at;
  for (const part of decision.allocations) {
    await deps.allocations.add({
      id: allocationId(paymentId, part.invoiceId),
      paymentId,
      invoiceId: part.invoiceId,
      customerId,
      bankTransactionId: tx.id,
      amount: part.amount.amount,
      currency: part.amount.currency,
      appliedAt: at,
    });
  }
  const reason = `bank transaction ${tx.id}`;
  for (const part of decision.allocations) {
    await settleInvoice(deps, part.invoiceId, { actor: decision.actor, reason, causeKey: paymentId });
  }
  if (decision.unallocated && decision.unallocated.amount > 0) {
    const credit = {
      id: customerCreditId(paymentId),
      customerId,
      amount: decision.unallocated,
      paymentId,
      bankTransactionId: tx.id,
      createdAt: at,
    };
    await deps.credits.add(credit);
    await deps.timeline.append(
      timelineEvent({
        customerId,
        at,
        actor: decision.actor,
        reason,
        type: 'payment.applied',
        causeKey: `${paymentId}:credit`,
        summary: `Overpayment of ${toDecimalString(credit.amount)} ${credit.amount.currency} kept as a customer credit`,
        data: { creditId: credit.id, amount: credit.amount.amount, currency: credit.amount.currency },
      }),
    );
  }
}

/** Undo of an application: allocations and credit reverted, invoices recomputed. Idempotent. */
async function completeUndo(
  deps: BankDeps,
  tx: BankTransactionRecord,
  actor: Actor,
  at: string,
  why?: string,
): Promise<void> {
  const decision = tx.decision;
  if (!decision?.paymentId || !decision.customerId) return;
  const { paymentId, customerId } = decision;
  const mine = (await deps.allocations.listByTransaction(tx.id)).filter((a) => a.paymentId === paymentId);
  for (const allocation of mine) await deps.allocations.revert(allocation, at);
  const reason = why ? `bank transaction ${tx.id} undone: ${why}` : `bank transaction ${tx.id} undone`;
  for (const allocation of mine) {
    await settleInvoice(deps, allocation.invoiceId, { actor, reason, causeKey: `${paymentId}:undo` });
  }
  const credit = await deps.credits.get(customerId, customerCreditId(paymentId));
  if (credit) {
    await deps.credits.revert(credit, at);
    await deps.timeline.append(
      timelineEvent({
        customerId,
        at,
        actor,
        reason,
        type: 'payment.reverted',
        causeKey: `${paymentId}:credit:undo`,
        summary: `Customer credit of ${toDecimalString(credit.amount)} ${credit.amount.currency} removed`,
        data: { creditId: credit.id, amount: credit.amount.amount, currency: credit.amount.currency },
      }),
    );
  }
}

/**
 * An automatic application that met another one on the same invoice: two workers (two imports, a Qonto webhook
 * and an import) each matched a different credit to the invoice while it was still open, and both applied, so
 * the invoice is now paid beyond its total. The matcher must never be wrong when it acts alone, so an automatic
 * application that finds its invoice overpaid is undone and its credit goes to a person's review queue. Both
 * workers may find it: then both credits wait for review and the invoice is as before. A person's decision is
 * never withdrawn this way.
 */
async function withdrawIfCollided(
  deps: BankDeps,
  tx: BankTransactionRecord,
): Promise<BankTransactionRecord | undefined> {
  const decision = tx.decision;
  if (decision?.kind !== 'auto' || !decision.paymentId) return undefined;
  for (const part of decision.allocations) {
    const invoice = (await deps.invoices.get(part.invoiceId))?.value;
    // The balance stops at zero; the bank allocations beyond what is due are the sign of the collision.
    if (!invoice || invoice.allocated <= invoice.total - invoice.credited) continue;
    const why = 'another payment settled the same invoice at the same time';
    const { transaction } = await makeUndoBankDecision(deps)(tx.id, MATCHER_ACTOR, why);
    if (transaction.state !== 'reverted') return transaction;
    const now = deps.clock.now().toISOString();
    return updateTransaction(deps, tx.id, (t) =>
      t.state === 'reverted' ? { ...t, state: 'review', updatedAt: now } : undefined,
    );
  }
  return undefined;
}

interface Validated {
  customerId: string;
  unallocated: Money;
}

/** Step 2: the decision fits the credit and the invoices as they are now. */
async function validate(deps: BankDeps, tx: BankTransactionRecord, input: DecisionInput): Promise<Validated> {
  if (!isCredit(tx) || tx.reversal) throw new BankDecisionError('only a credit can pay invoices');
  const currency = tx.amount.currency;
  const seen = new Set<string>();
  let total = 0;
  let customerId = input.customerId;
  for (const part of input.allocations) {
    if (seen.has(part.invoiceId)) throw new BankDecisionError(`invoice ${part.invoiceId} is named twice`);
    seen.add(part.invoiceId);
    if (part.amount.currency !== currency) {
      throw new BankDecisionError(
        `invoice ${part.invoiceId}: the credit is in ${currency}, not ${part.amount.currency}`,
      );
    }
    if (!Number.isSafeInteger(part.amount.amount) || part.amount.amount <= 0) {
      throw new BankDecisionError(`invoice ${part.invoiceId}: the amount must be positive`);
    }
    const found = await deps.invoices.get(part.invoiceId);
    if (!found) throw new NotFoundError('invoice', part.invoiceId);
    const invoice = found.value;
    if (invoice.currency !== currency) {
      throw new BankDecisionError(`invoice ${invoice.number} is in ${invoice.currency}, the credit in ${currency}`);
    }
    if (!isCollectible(invoice.state)) throw new BankDecisionError(`invoice ${invoice.number} is ${invoice.state}`);
    const balance = balanceOf(invoice).amount;
    if (part.amount.amount > balance) {
      throw new BankDecisionError(
        `invoice ${invoice.number}: ${toDecimalString(part.amount)} exceeds its balance of ${toDecimalString(money(balance, currency))}`,
      );
    }
    if (customerId !== undefined && customerId !== invoice.customerId) {
      throw new BankDecisionError('the invoices of one payment must belong to one customer');
    }
    customerId = invoice.customerId;
    total += part.amount.amount;
  }
  if (total > tx.amount.amount) {
    throw new BankDecisionError(
      `the allocations (${toDecimalString(money(total, currency))}) exceed the credit (${toDecimalString(tx.amount)})`,
    );
  }
  if (!customerId) throw new BankDecisionError('name at least one invoice, or the customer to credit');
  if (input.allocations.length === 0 && !(await deps.customers.get(customerId))) {
    throw new NotFoundError('customer', customerId);
  }
  return { customerId, unallocated: money(tx.amount.amount - total, currency) };
}

export const makeApplyBankDecision =
  (deps: BankDeps) =>
  async (transactionId: string, input: DecisionInput): Promise<DecisionResult> => {
    for (let attempt = 1; ; attempt++) {
      const current = await deps.transactions.get(transactionId);
      if (!current) throw new NotFoundError('bank transaction', transactionId);
      const tx = current.value;
      if (APPLIED_STATES.includes(tx.state)) {
        if (!tx.decision || !sameParts(tx.decision.allocations, input.allocations)) {
          throw new BankDecisionError('the transaction is already applied; undo it first');
        }
        await completeApplication(deps, tx);
        const withdrawn = await withdrawIfCollided(deps, tx);
        return { transaction: withdrawn ?? tx, changed: withdrawn !== undefined };
      }
      if (!OPEN_FOR_DECISION.includes(tx.state)) throw new BankDecisionError(`the transaction is ${tx.state}`);
      const { customerId, unallocated } = await validate(deps, tx, input);
      const now = deps.clock.now().toISOString();
      const applications = tx.applications + 1;
      const next: BankTransactionRecord = {
        ...tx,
        state: input.kind === 'auto' ? 'auto_applied' : 'applied',
        matchedAt: tx.matchedAt ?? now,
        applications,
        decision: {
          kind: input.kind,
          actor: input.actor,
          at: now,
          customerId,
          allocations: input.allocations,
          unallocated,
          paymentId: paymentIdOf('bank', `${tx.id}#${applications}`),
          ...(input.reason ? { reason: input.reason } : {}),
        },
        updatedAt: now,
      };
      try {
        await deps.transactions.put(next, current.rev);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await completeApplication(deps, next);
      const withdrawn = await withdrawIfCollided(deps, next);
      if (withdrawn) return { transaction: withdrawn, changed: true };
      if (input.kind !== 'auto') {
        await deps.payers.learn(customerId, { iban: tx.counterpartyIban, name: tx.counterpartyName });
      }
      return { transaction: next, changed: true };
    }
  };

/**
 * Undoes a transaction's application (its invoices reopen, its customer credit goes), or takes back an
 * "ignore". Undoing twice changes nothing the second time (and completes an interrupted undo).
 */
export const makeUndoBankDecision =
  (deps: BankDeps) =>
  async (transactionId: string, actor: Actor, reason?: string): Promise<DecisionResult> => {
    const now = deps.clock.now().toISOString();
    let changed = false;
    const tx = await updateTransaction(deps, transactionId, (t) => {
      changed = false;
      if (APPLIED_STATES.includes(t.state)) {
        changed = true;
        return { ...t, state: 'reverted', updatedAt: now };
      }
      if (t.state === 'ignored') {
        changed = true;
        const { decision: _ignored, ...rest } = t;
        return { ...rest, state: t.candidates.length > 0 ? 'review' : 'unmatched', updatedAt: now };
      }
      if (t.state === 'reverted') return undefined;
      throw new BankDecisionError(`a ${t.state} transaction has nothing to undo`);
    });
    if (tx.state === 'reverted') await completeUndo(deps, tx, actor, tx.updatedAt, reason);
    return { transaction: tx, changed };
  };

/** Marks a transaction as not an invoice payment (a refund received, a transfer between own accounts …). */
export const makeIgnoreBankTransaction =
  (deps: BankDeps) =>
  async (transactionId: string, actor: Actor, reason?: string): Promise<DecisionResult> => {
    const now = deps.clock.now().toISOString();
    let changed = false;
    const tx = await updateTransaction(deps, transactionId, (t) => {
      changed = false;
      if (t.state === 'ignored') return undefined;
      if (APPLIED_STATES.includes(t.state)) {
        throw new BankDecisionError('the transaction is applied; undo it before marking it as not a payment');
      }
      changed = true;
      return {
        ...t,
        state: 'ignored',
        matchedAt: t.matchedAt ?? now,
        decision: { kind: 'ignored', actor, at: now, allocations: [], ...(reason ? { reason } : {}) },
        updatedAt: now,
      };
    });
    return { transaction: tx, changed };
  };

/** Accepts the matcher's candidate number `index` (0 = the best) as it stands. */
export const makeAcceptBankCandidate = (deps: BankDeps) => {
  const apply = makeApplyBankDecision(deps);
  return async (transactionId: string, index: number, actor: Actor): Promise<DecisionResult> => {
    const found = await deps.transactions.get(transactionId);
    if (!found) throw new NotFoundError('bank transaction', transactionId);
    const candidate = found.value.candidates[index];
    if (!candidate) throw new BankDecisionError(`the transaction has no candidate ${index}`);
    return apply(transactionId, {
      kind: 'accepted',
      customerId: candidate.customerId,
      allocations: candidate.allocations,
      actor,
    });
  };
};
