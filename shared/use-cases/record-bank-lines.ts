/**
 * Records bank lines (from a statement file or a bank API) and matches the new credits.
 *
 * Input: the lines, where they came from. Output: counts. Steps, line by line in the bank's order:
 *  1. pending and information-only lines are skipped (they come again once booked);
 *  2. the transaction is created unless its dedupe key is known (the same file twice, overlapping statements, a
 *     webhook and a poll of the same Qonto transaction: nothing new); a known one the matcher never saw (an
 *     interrupted import) is matched now, and a known applied one has its application completed (an import
 *     interrupted between the claim and the allocations);
 *  3. a credit is matched against an index of every open invoice and what is known of payers, built once per
 *     call; one unambiguous confident candidate is applied at once (and the index learns the new balances so
 *     the next credit of the batch sees them), several go to review, none leaves it unmatched;
 *  4. a reversal of a credit we applied undoes that application; other debits pay no invoice (ignored).
 */
import {
  APPLIED_STATES,
  BankDecisionError,
  type BankLine,
  type BankTransactionRecord,
  bankTransactionId,
  incomingCreditOf,
  isCredit,
  reversalAffinity,
} from '#shared/domain/bank/bank-transaction.ts';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { balanceOf, defaultRfReference, type Invoice } from '#shared/domain/invoice.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import { defaultMatcherConfig, matchCredit } from '#shared/domain/matching/matcher.ts';
import { buildMatchingIndex, type MatchingIndex, recordAllocations } from '#shared/domain/matching/matching-index.ts';
import type { OpenInvoiceRef, PayerKnowledge } from '#shared/domain/matching/matching-types.ts';
import type { ImportCounts } from '#shared/ports/bank.ts';
import { makeApplyBankDecision, makeUndoBankDecision } from './apply-bank-decision.ts';
import { type BankDeps, MATCHER_ACTOR, updateTransaction } from './bank-deps.ts';

/** The states whose invoices still wait for money, hence can be matched (index queries, never a scan). */
export const MATCHABLE_STATES: readonly InvoiceState[] = [
  'open',
  'partially_paid',
  'promised',
  'in_payment_plan',
  'disputed',
  'in_collection',
];

const PAGE = 500;

async function openInvoices(deps: BankDeps): Promise<Invoice[]> {
  const out: Invoice[] = [];
  for (const state of MATCHABLE_STATES) {
    let cursor: string | undefined;
    do {
      const page = await deps.invoices.listByState(state, { limit: PAGE, cursor });
      out.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
  }
  return out;
}

/** The matching index over every open invoice, learned payers, and each customer's legal name. */
export async function buildBankIndex(deps: BankDeps): Promise<MatchingIndex> {
  const invoices = await openInvoices(deps);
  const refs: OpenInvoiceRef[] = invoices.map((invoice) => ({
    id: invoice.id,
    customerId: invoice.customerId,
    number: invoice.number,
    rfReference: invoice.rfReference ?? defaultRfReference(invoice.id),
    balance: balanceOf(invoice),
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
  }));
  const payers = new Map<string, PayerKnowledge>();
  for (const known of await deps.payers.list()) payers.set(known.customerId, { ...known, names: [...known.names] });
  for (const customerId of new Set(invoices.map((i) => i.customerId))) {
    const customer = await deps.customers.get(customerId);
    if (!customer) continue;
    const entry = payers.get(customerId) ?? { customerId, ibans: [], names: [] };
    if (!entry.names.includes(customer.value.legalName)) entry.names.unshift(customer.value.legalName);
    payers.set(customerId, entry);
  }
  return buildMatchingIndex(refs, [...payers.values()]);
}

export type LineOutcome = 'auto_applied' | 'review' | 'unmatched' | 'ignored' | 'reversal' | 'duplicate' | 'skipped';

export interface RecordLinesResult {
  counts: ImportCounts;
  /** Per line, the transaction id (absent for skipped lines) and what became of it. */
  outcomes: { transactionId?: string; outcome: LineOutcome }[];
}

export const emptyCounts = (): ImportCounts => ({
  transactions: 0,
  new: 0,
  duplicates: 0,
  autoApplied: 0,
  review: 0,
  unmatched: 0,
  ignored: 0,
  reversals: 0,
  skipped: 0,
});

export const makeRecordBankLines = (deps: BankDeps) => {
  const apply = makeApplyBankDecision(deps);
  const undo = makeUndoBankDecision(deps);

  /** Step 4: the applied credit this reversal takes back, undone; the reversal itself is recorded as applied. */
  async function reverse(tx: BankTransactionRecord, now: string): Promise<LineOutcome> {
    const candidates = (await deps.transactions.findCreditsOfAmount({ ...tx.amount, amount: -tx.amount.amount }))
      // An applied credit no reversal took yet, or the one this reversal claimed before it was interrupted.
      .filter((c) => c.reversedBy === tx.id || (APPLIED_STATES.includes(c.state) && !c.reversedBy))
      .map((c) => ({ credit: c, score: reversalAffinity(tx, c) }))
      .filter((c) => c.score > 0)
      .sort(
        (a, b) =>
          Number(b.credit.reversedBy === tx.id) - Number(a.credit.reversedBy === tx.id) ||
          b.score - a.score ||
          (b.credit.bookingDate ?? '').localeCompare(a.credit.bookingDate ?? ''),
      );
    const candidate = candidates[0]?.credit;
    // Claimed before it is undone, so a redelivery after a crash finds it again and completes the undo.
    const original =
      candidate &&
      (await updateTransaction(deps, candidate.id, (t) => (t.reversedBy ? undefined : { ...t, reversedBy: tx.id })));
    if (!original || original.reversedBy !== tx.id) {
      await updateTransaction(deps, tx.id, (t) => ({ ...t, state: 'unmatched', matchedAt: now, updatedAt: now }));
      return 'unmatched';
    }
    await undo(original.id, MATCHER_ACTOR, `reversed by the bank (${tx.id})`);
    await updateTransaction(deps, tx.id, (t) => ({
      ...t,
      state: 'applied',
      matchedAt: now,
      decision: { kind: 'reversal', actor: MATCHER_ACTOR, at: now, allocations: [], reverses: original.id },
      updatedAt: now,
    }));
    return 'reversal';
  }

  return async (lines: readonly BankLine[], origin: { source: string; importId?: string }) => {
    const counts = emptyCounts();
    const outcomes: RecordLinesResult['outcomes'] = [];
    const config = deps.matcher ?? defaultMatcherConfig();
    let index: MatchingIndex | undefined;

    for (const line of lines) {
      counts.transactions++;
      if (line.status !== 'booked') {
        counts.skipped++;
        outcomes.push({ outcome: 'skipped' });
        continue;
      }
      const now = deps.clock.now().toISOString();
      const record: BankTransactionRecord = {
        ...line,
        id: bankTransactionId(line.key),
        source: origin.source,
        ...(origin.importId ? { importId: origin.importId } : {}),
        state: 'unmatched',
        candidates: [],
        applications: 0,
        createdAt: now,
        updatedAt: now,
      };
      const { created, transaction } = await deps.transactions.create(record);
      const tx = transaction.value;
      if (created) counts.new++;
      else counts.duplicates++;
      if (!created && tx.matchedAt !== undefined) {
        // Applied by a run that may have stopped before its allocations, invoices or credit were written: the
        // application is completed (idempotent, nothing is applied twice), so a redelivered import converges.
        const decision = tx.decision;
        if (APPLIED_STATES.includes(tx.state) && decision?.paymentId && decision.customerId) {
          await apply(tx.id, {
            kind: 'auto',
            customerId: decision.customerId,
            allocations: decision.allocations,
            actor: decision.actor,
          });
        }
        outcomes.push({ transactionId: tx.id, outcome: 'duplicate' });
        continue;
      }

      let outcome: LineOutcome;
      if (!isCredit(tx) && tx.reversal) {
        outcome = await reverse(tx, now);
      } else if (!isCredit(tx) || tx.reversal) {
        await updateTransaction(deps, tx.id, (t) => ({
          ...t,
          state: 'ignored',
          matchedAt: now,
          decision: {
            kind: 'ignored',
            actor: MATCHER_ACTOR,
            at: now,
            allocations: [],
            reason: t.reversal ? 'a reversal of a debit' : 'an outgoing payment',
          },
          updatedAt: now,
        }));
        outcome = 'ignored';
      } else {
        index ??= await buildBankIndex(deps);
        const today = dateInZone(deps.clock.now(), 'UTC');
        const decision = matchCredit(index, incomingCreditOf(tx, today), config);
        outcome = 'unmatched';
        if (decision.kind === 'auto') {
          const { candidate } = decision;
          await updateTransaction(deps, tx.id, (t) => ({ ...t, candidates: [candidate], updatedAt: now }));
          try {
            const applied = await apply(tx.id, {
              kind: 'auto',
              customerId: candidate.customerId,
              allocations: candidate.allocations,
              actor: MATCHER_ACTOR,
              reason: `matched by ${candidate.tier} (confidence ${candidate.confidence.toFixed(2)})`,
            });
            recordAllocations(index, candidate.allocations);
            // Withdrawn because another worker paid the same invoice at the same moment: it waits for a person.
            outcome = applied.transaction.state === 'review' ? 'review' : 'auto_applied';
          } catch (error) {
            // The invoices moved since the index was built (a concurrent payment): a person decides.
            if (!(error instanceof BankDecisionError)) throw error;
            outcome = 'review';
          }
        } else if (decision.kind === 'review') {
          outcome = 'review';
        }
        if (outcome !== 'auto_applied') {
          const candidates =
            decision.kind === 'review' ? decision.candidates : decision.kind === 'auto' ? [decision.candidate] : [];
          const state = outcome === 'review' ? 'review' : 'unmatched';
          await updateTransaction(deps, tx.id, (t) => ({ ...t, state, candidates, matchedAt: now, updatedAt: now }));
        }
      }
      if (outcome === 'auto_applied') counts.autoApplied++;
      else if (outcome === 'review') counts.review++;
      else if (outcome === 'unmatched') counts.unmatched++;
      else if (outcome === 'reversal') counts.reversals++;
      else counts.ignored++;
      outcomes.push({ transactionId: tx.id, outcome });
    }
    return { counts, outcomes };
  };
};
