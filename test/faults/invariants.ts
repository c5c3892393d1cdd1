/**
 * The invariants every fault must leave intact, read from the table through the repositories (index and key
 * reads only, as the product reads it):
 *
 *  1. no invoice lost — every invoice the test expects is stored, listed under its state, in its customer's
 *     ledger exactly once, with exactly one "created" entry on its timeline and its last change's timeline
 *     events (the outbox) recorded;
 *  2. every balance equals the total minus the credits and the paid part, the paid part being the larger of
 *     what the source says was paid and the sum of the invoice's active bank allocations (`allocated` must be
 *     that sum: an allocation counted twice or lost shows here); paid ⇔ nothing left to pay;
 *  3. every ledger entry says what its invoice says, and every customer's stored aggregate equals the one
 *     recomputed from its ledger and, by currency, the sum of its collectible invoices' balances;
 *  4. a bank credit is never spent twice: the active allocations and customer credit of an application add up to
 *     exactly the credit; a reverted application keeps nothing active;
 *  5. no e-mail sent twice — every e-mail in the SES emulator's mailbox is the one reference of exactly one
 *     reminder record (a second send of the same reminder would leave an e-mail no record points to), no
 *     reminder record was sent twice, and no plan step is recorded twice on an invoice or an instalment.
 *
 * Violations are collected and thrown at once, so a failure lists everything that is wrong.
 */
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { APPLIED_STATES, BANK_TRANSACTION_STATES } from '#shared/domain/bank/bank-transaction.ts';
import { computeAggregate, sameAggregate } from '#shared/domain/customer-aggregate.ts';
import type { Invoice } from '#shared/domain/invoice.ts';
import { INVOICE_STATES, isCollectible } from '#shared/domain/invoice-lifecycle.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { ReminderRecord } from '#shared/ports/reminders.ts';
import { readMailbox } from '../../local/dev-routes.ts';

export interface InvariantOptions {
  /** Invoice ids that must exist (what the sources were told). */
  invoices?: readonly string[];
  /** The SES emulator whose mailbox must hold each reminder e-mail exactly once. */
  sesEndpoint?: string;
}

export interface InvariantReport {
  invoices: Invoice[];
  customers: string[];
  /** Reminder records of the e-mail channel that were sent (any status after sending). */
  emailReminders: ReminderRecord[];
  emails: number;
}

const SENT_STATUSES = new Set(['sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained']);

async function pages<T>(read: (cursor?: string) => Promise<{ items: T[]; cursor?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** Runs the checks of each item concurrently; their violations come back in the items' order. */
async function each<T>(items: Iterable<T>, check: (item: T) => Promise<string[]>): Promise<string[]> {
  return (await Promise.all([...items].map(check))).flat();
}

export async function checkInvariants(
  table: { db: DynamoDocuments; tableName: string },
  options: InvariantOptions = {},
): Promise<InvariantReport> {
  const { db, tableName } = table;
  const invoices = new DynamoInvoiceRepository(db, tableName);
  const customers = new DynamoCustomerRepository(db, tableName);
  const timeline = new DynamoTimelineRepository(db, tableName);
  const allocations = new DynamoAllocationRepository(db, tableName);
  const credits = new DynamoCustomerCreditRepository(db, tableName);
  const transactions = new DynamoBankTransactionRepository(db, tableName);
  const reminders = new DynamoReminderRepository(db, tableName);
  const violations: string[] = [];

  // Every invoice, by state (index queries), then re-read by key for its revision and outbox.
  const byState = await Promise.all(
    INVOICE_STATES.map((state) => pages((cursor) => invoices.listByState(state, { cursor, limit: 500 }))),
  );
  const listed = new Map<string, Invoice>();
  for (const item of byState.flat()) {
    if (listed.has(item.id)) violations.push(`invoice ${item.id} is listed under two states`);
    listed.set(item.id, item);
  }
  violations.push(
    ...(await each(options.invoices ?? [], async (id) => [
      ...(listed.has(id) ? [] : [`invoice ${id} is lost: not listed under any state`]),
      ...((await invoices.get(id)) ? [] : [`invoice ${id} is lost: not readable by its key`]),
    ])),
  );

  const stored = new Map<string, Invoice>();
  /** What each invoice should owe, recomputed from its parts. */
  const owes = new Map<string, number>();
  violations.push(
    ...(await each(listed.values(), async (summary) => {
      const [found, invoiceAllocations, entries] = await Promise.all([
        invoices.get(summary.id),
        allocations.listByInvoice(summary.id),
        timeline.forInvoice(summary.id, { limit: 1000 }),
      ]);
      if (!found) return [`invoice ${summary.id} is listed but not readable by its key`];
      const invoice = found.value;
      const out: string[] = [];
      stored.set(invoice.id, invoice);
      if (invoice.state !== summary.state) out.push(`invoice ${invoice.id}: index says ${summary.state}`);

      // 2. Balance = total − credited − max(source paid, Σ active allocations).
      const active = invoiceAllocations.filter((a) => !a.revertedAt);
      const allocated = active.reduce((sum, a) => sum + a.amount, 0);
      if (invoice.allocated !== allocated) {
        out.push(`invoice ${invoice.id}: allocated ${invoice.allocated} ≠ Σ active allocations ${allocated}`);
      }
      if (active.some((a) => a.currency !== invoice.currency)) {
        out.push(`invoice ${invoice.id}: an allocation in another currency`);
      }
      if (invoice.credited + invoice.amountPaid > invoice.total) {
        out.push(`invoice ${invoice.id}: paid ${invoice.amountPaid} + credited ${invoice.credited} > total`);
      }
      const balance = Math.max(0, invoice.total - invoice.credited - Math.max(invoice.amountPaid, allocated));
      owes.set(invoice.id, balance);
      if (invoice.state === 'paid' && balance !== 0) out.push(`invoice ${invoice.id}: paid with ${balance} due`);
      if (balance === 0 && isCollectible(invoice.state)) {
        out.push(`invoice ${invoice.id}: nothing due but still ${invoice.state}`);
      }

      // 1. One creation on the timeline; the last change's events recorded.
      const created = entries.filter((e) => e.type === 'invoice.created').length;
      if (created !== 1) out.push(`invoice ${invoice.id}: ${created} "invoice.created" timeline entries`);
      const ids = new Set(entries.map((e) => e.id));
      for (const pending of found.outbox) {
        if (!ids.has(pending.id)) out.push(`invoice ${invoice.id}: outbox event ${pending.type} not recorded`);
      }

      // 5. No plan step recorded twice.
      const steps = [
        invoice.stepsDone ?? [],
        ...(invoice.paymentPlan?.instalments ?? []).map((i) => i.stepsDone ?? []),
      ];
      if (steps.some((done) => new Set(done).size !== done.length)) {
        out.push(`invoice ${invoice.id}: a step recorded twice`);
      }
      return out;
    })),
  );

  // 3. Ledgers and aggregates, per customer (every customer by name, and every customer an invoice names).
  // In the order the index listed them (the reads above finish in any order).
  const all = [...listed.keys()].flatMap((id) => stored.get(id) ?? []);
  const byCustomer = new Map<string, Invoice[]>();
  for (const invoice of all) {
    byCustomer.set(invoice.customerId, [...(byCustomer.get(invoice.customerId) ?? []), invoice]);
  }
  const customerIds = new Set(byCustomer.keys());
  for (const summary of await pages((cursor) => customers.list({ cursor, limit: 500 }))) {
    customerIds.add(summary.customer.id);
  }
  violations.push(
    ...(await each(customerIds, async (customerId) => {
      const [customer, ledger] = await Promise.all([customers.get(customerId), customers.ledger(customerId)]);
      if (!customer) return [`customer ${customerId} of an invoice does not exist`];
      const out: string[] = [];
      const mine = byCustomer.get(customerId) ?? [];
      for (const invoice of mine) {
        const entries = ledger.filter((e) => e.invoiceId === invoice.id);
        const balance = owes.get(invoice.id);
        if (entries.length !== 1) {
          out.push(`invoice ${invoice.id}: ${entries.length} entries in its customer's ledger`);
        } else if (entries[0]?.balance !== balance || entries[0]?.state !== invoice.state) {
          out.push(
            `invoice ${invoice.id}: ledger says ${entries[0]?.balance} ${entries[0]?.state}, invoice ${balance} ${invoice.state}`,
          );
        }
      }
      for (const entry of ledger) {
        if (!mine.some((i) => i.id === entry.invoiceId)) {
          out.push(`customer ${customerId}: ledger entry for ${entry.invoiceId}, not one of its invoices`);
        }
      }
      if (!sameAggregate(customer.aggregate, computeAggregate(ledger))) {
        out.push(`customer ${customerId}: stored aggregate differs from the one recomputed from its ledger`);
      }
      const owed = new Map<string, number>();
      for (const invoice of mine) {
        const balance = owes.get(invoice.id) ?? 0;
        if (isCollectible(invoice.state) && balance > 0) {
          owed.set(invoice.currency, (owed.get(invoice.currency) ?? 0) + balance);
        }
      }
      const aggregate = new Map(customer.aggregate.balances.map((m) => [m.currency, m.amount]));
      for (const currency of new Set([...owed.keys(), ...aggregate.keys()])) {
        if ((owed.get(currency) ?? 0) !== (aggregate.get(currency) ?? 0)) {
          out.push(
            `customer ${customerId}: aggregate owes ${aggregate.get(currency) ?? 0} ${currency}, invoices ${owed.get(currency) ?? 0}`,
          );
        }
      }
      return out;
    })),
  );

  // 4. Bank credits: what an application spent adds up to the credit, once.
  const txs = (
    await Promise.all(
      BANK_TRANSACTION_STATES.map((state) =>
        pages((cursor) => transactions.listByState(state, { cursor, limit: 500 })),
      ),
    )
  ).flat();
  violations.push(
    ...(await each(txs, async (tx) => {
      const customerId = tx.decision?.customerId;
      const [txAllocations, customerCredits] = await Promise.all([
        allocations.listByTransaction(tx.id),
        customerId ? credits.listByCustomer(customerId) : Promise.resolve([]),
      ]);
      const active = txAllocations.filter((a) => !a.revertedAt);
      const credited = customerCredits.filter((c) => c.bankTransactionId === tx.id && !c.revertedAt);
      const spent = active.reduce((sum, a) => sum + a.amount, 0) + credited.reduce((s, c) => s + c.amount.amount, 0);
      const out: string[] = [];
      if (APPLIED_STATES.includes(tx.state) && tx.decision?.kind !== 'reversal') {
        if (active.some((a) => a.paymentId !== tx.decision?.paymentId)) {
          out.push(`transaction ${tx.id}: allocations of an earlier application still active`);
        }
        if (spent !== tx.amount.amount) {
          out.push(`transaction ${tx.id}: ${spent} allocated or credited of a ${tx.amount.amount} credit`);
        }
      } else if (spent !== 0) {
        out.push(`transaction ${tx.id} is ${tx.state} but ${spent} of it is still allocated or credited`);
      }
      return out;
    })),
  );

  // 5. E-mails: each in the mailbox is the one reference of one reminder; each sent e-mail reminder is there.
  const emailReminders = (
    await Promise.all([...customerIds].map((customerId) => reminders.listByCustomer(customerId, 1000)))
  )
    .flat()
    .filter((r) => r.channel === 'email' && SENT_STATUSES.has(r.status));
  let emails = 0;
  if (options.sesEndpoint) {
    const mailbox = await readMailbox(options.sesEndpoint);
    emails = mailbox.length;
    const owners = await Promise.all(mailbox.map((mail) => reminders.findByReference(mail.messageId)));
    const seen = new Map<string, string>();
    mailbox.forEach((mail, i) => {
      const reminder = owners[i];
      if (!reminder) {
        violations.push(`e-mail ${mail.messageId} ("${mail.subject}") is no reminder's reference: sent twice?`);
        return;
      }
      const earlier = seen.get(reminder.id);
      if (earlier) violations.push(`reminder ${reminder.id} was e-mailed twice (${earlier}, ${mail.messageId})`);
      seen.set(reminder.id, mail.messageId);
    });
    for (const reminder of emailReminders) {
      if (!seen.has(reminder.id))
        violations.push(`reminder ${reminder.id} is ${reminder.status} but not in the mailbox`);
    }
  }

  if (violations.length > 0) throw new Error(`invariants violated:\n- ${violations.join('\n- ')}`);
  return { invoices: all, customers: [...customerIds], emailReminders, emails };
}
