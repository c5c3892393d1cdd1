/**
 * What a person does with a task: post a letter (the date and the registered letter's tracking number are
 * recorded), record a call's outcome, or take the collection-or-write-off decision. Outcomes feed the plan:
 * a promise or a dispute moves the invoices to `promised` / `disputed` (the dispatch skips them), a wrong
 * contact is flagged so the next step goes to someone else, a decision hands the invoices over or writes them off.
 *
 * Each is idempotent: the same request again changes nothing (invoice moves are keyed by the task).
 */
import { assertIsoDate, type IsoDate } from '#shared/domain/calendar-date.ts';
import {
  ConcurrentUpdateError,
  InvalidTransitionError,
  InvalidValueError,
  NotFoundError,
} from '#shared/domain/errors.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import { flagWrongContact } from '#shared/domain/messages/recipients.ts';
import { formatMoney, money } from '#shared/domain/money.ts';
import { type Actor, timelineEvent } from '#shared/domain/timeline.ts';
import type { Task, TaskOutcome, TaskRepository } from '#shared/ports/tasks.ts';
import { makeChangeInvoiceState } from './change-invoice-state.ts';
import { recordTimeline } from './record-invoice.ts';
import { MAX_ATTEMPTS, type UseCaseDeps } from './stores.ts';

export interface TaskDeps extends UseCaseDeps {
  tasks: TaskRepository;
}

async function loadTask(deps: TaskDeps, id: string) {
  const found = await deps.tasks.get(id);
  if (!found) throw new NotFoundError('task', id);
  return found;
}

function noteOnInvoices(deps: TaskDeps, task: Task, actor: Actor, causeKey: string, summary: string, data: object) {
  const at = deps.clock.now().toISOString();
  return recordTimeline(
    deps,
    task.invoiceIds.map((invoiceId) =>
      timelineEvent({
        customerId: task.customerId,
        invoiceId,
        type: 'reminder.event',
        at,
        actor,
        causeKey,
        summary,
        data: { taskId: task.id, reminderId: task.reminderId, ...data },
      }),
    ),
  );
}

/** Assigns an open task (a call to make, a letter to post, a decision) to a person, or clears it. */
export const makeAssignTask =
  (deps: TaskDeps) =>
  async (taskId: string, assignee: string | undefined, actor: Actor): Promise<Task> => {
    const who = assignee?.trim() || undefined;
    if (who !== undefined && who.length > 100) throw new InvalidValueError('assignee', 'at most 100 characters');
    for (let attempt = 1; ; attempt++) {
      const { task, rev } = await loadTask(deps, taskId);
      if (task.state === 'done') throw new InvalidValueError('taskId', `task ${taskId} is done`);
      if (task.assignee === who) return task;
      const next: Task = { ...task };
      if (who) next.assignee = who;
      else delete next.assignee;
      try {
        await deps.tasks.update(next, rev);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await noteOnInvoices(
        deps,
        next,
        actor,
        `${task.id}:assigned:${rev}`,
        who ? `Task assigned to ${who}` : 'Task unassigned',
        { assignee: who ?? null },
      );
      return next;
    }
  };

/** Records that a letter was posted: the day and (registered letters) the tracking number. */
export const makeMarkLetterPosted =
  (deps: TaskDeps) =>
  async (taskId: string, input: { postedAt: IsoDate; trackingNumber?: string }, actor: Actor): Promise<Task> => {
    assertIsoDate(input.postedAt, 'postedAt');
    const trackingNumber = input.trackingNumber?.trim() || undefined;
    for (let attempt = 1; ; attempt++) {
      const { task, rev } = await loadTask(deps, taskId);
      if (task.kind !== 'letter' && task.kind !== 'registered_letter') {
        throw new InvalidValueError('taskId', `task ${taskId} is a ${task.kind} task, not a letter`);
      }
      if (task.kind === 'registered_letter' && !trackingNumber) {
        throw new InvalidValueError('trackingNumber', 'a registered letter needs its tracking number');
      }
      if (task.state === 'done') {
        if (task.postedAt === input.postedAt && task.trackingNumber === trackingNumber) return task;
        throw new InvalidValueError('taskId', `task ${taskId} was already marked posted on ${task.postedAt}`);
      }
      const next: Task = {
        ...task,
        state: 'done',
        doneAt: deps.clock.now().toISOString(),
        postedAt: input.postedAt,
        ...(trackingNumber ? { trackingNumber } : {}),
      };
      try {
        await deps.tasks.update(next, rev);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      const what = task.kind === 'registered_letter' ? 'Registered letter' : 'Letter';
      await noteOnInvoices(
        deps,
        next,
        actor,
        `${task.id}:posted`,
        `${what} posted on ${input.postedAt}${trackingNumber ? ` (tracking ${trackingNumber})` : ''}`,
        { postedAt: input.postedAt, ...(trackingNumber ? { trackingNumber } : {}) },
      );
      return next;
    }
  };

const DECISION_STATE: Record<'collection' | 'write_off', InvoiceState> = {
  collection: 'in_collection',
  write_off: 'written_off',
};

function describeOutcome(outcome: TaskOutcome): { summary: string; state?: InvoiceState; reason?: string } {
  switch (outcome.kind) {
    case 'promise': {
      const amount = outcome.amount
        ? ` (${formatMoney(money(outcome.amount.amount, outcome.amount.currency), 'en')})`
        : '';
      const reason = `promise to pay on ${outcome.date}${amount}${outcome.note ? `: ${outcome.note}` : ''}`;
      return { summary: `Call: ${reason}`, state: 'promised', reason };
    }
    case 'dispute':
      return { summary: `Call: dispute — ${outcome.reason}`, state: 'disputed', reason: outcome.reason };
    case 'no_answer':
      return { summary: `Call: no answer${outcome.note ? ` — ${outcome.note}` : ''}` };
    case 'wrong_contact':
      return { summary: 'Call: wrong contact' };
    case 'collection':
    case 'write_off':
      return {
        summary: `Decision: ${outcome.kind === 'collection' ? 'hand over to collection' : 'write off'}${outcome.note ? ` — ${outcome.note}` : ''}`,
        state: DECISION_STATE[outcome.kind],
        reason: outcome.note ?? (outcome.kind === 'collection' ? 'handed to collection' : 'written off'),
      };
  }
}

function checkOutcome(task: Task, outcome: TaskOutcome): void {
  const decision = outcome.kind === 'collection' || outcome.kind === 'write_off';
  if (task.kind === 'decision' ? !decision : task.kind !== 'call' || decision) {
    throw new InvalidValueError('outcome.kind', `"${outcome.kind}" is not an outcome of a ${task.kind} task`);
  }
  if (outcome.kind === 'promise') {
    assertIsoDate(outcome.date, 'outcome.date');
    const a = outcome.amount;
    if (a && (!Number.isSafeInteger(a.amount) || a.amount <= 0)) {
      throw new InvalidValueError('outcome.amount', 'must be a positive amount in minor units');
    }
  }
  if (outcome.kind === 'dispute' && !outcome.reason.trim()) {
    throw new InvalidValueError('outcome.reason', 'a dispute needs its reason');
  }
}

/**
 * Records the outcome of a call (promise, dispute, no answer, wrong contact) or of a decision (collection,
 * write-off) and applies it to the invoices and contacts.
 */
export const makeRecordTaskOutcome = (deps: TaskDeps) => {
  const changeState = makeChangeInvoiceState(deps);
  return async (taskId: string, outcome: TaskOutcome, actor: Actor): Promise<Task> => {
    for (let attempt = 1; ; attempt++) {
      const { task, rev } = await loadTask(deps, taskId);
      checkOutcome(task, outcome);
      if (task.state === 'done') {
        if (JSON.stringify(task.outcome) === JSON.stringify(outcome)) return task;
        throw new InvalidValueError('taskId', `task ${taskId} already has an outcome`);
      }
      const { summary, state, reason } = describeOutcome(outcome);
      const causeKey = `${task.id}:outcome`;
      // Invoices first, the task last: a crash in between leaves the task open, and a retry re-applies the
      // (idempotent) moves before closing it.
      if (state) {
        for (const invoiceId of task.invoiceIds) {
          try {
            await changeState(invoiceId, state, {
              actor,
              reason,
              requestId: causeKey,
              // The promised amount is for the whole call; per invoice the promise is the date.
              ...(outcome.kind === 'promise' ? { promise: { date: outcome.date } } : {}),
            });
          } catch (error) {
            // Paid, voided or already handed over since: the outcome does not apply to that invoice.
            if (!(error instanceof InvalidTransitionError || error instanceof NotFoundError)) throw error;
          }
        }
      }
      if (outcome.kind === 'wrong_contact') {
        await markWrongContact(deps, task.customerId, outcome.contactId ?? task.contactId, actor, causeKey);
      }
      const next: Task = { ...task, state: 'done', doneAt: deps.clock.now().toISOString(), outcome };
      try {
        await deps.tasks.update(next, rev);
      } catch (error) {
        if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await noteOnInvoices(deps, next, actor, causeKey, summary, { outcome: outcome.kind });
      if (deps.onCustomerChanged) await deps.onCustomerChanged(task.customerId);
      return next;
    }
  };
};

async function markWrongContact(
  deps: TaskDeps,
  customerId: string,
  contactId: string | undefined,
  actor: Actor,
  causeKey: string,
): Promise<void> {
  if (!contactId) return;
  for (let attempt = 1; ; attempt++) {
    const current = await deps.customers.get(customerId);
    if (!current) return;
    const { customer, changed } = flagWrongContact(current.value, contactId);
    if (!changed) return;
    const now = deps.clock.now().toISOString();
    const entry = timelineEvent({
      customerId,
      type: 'customer.updated',
      at: now,
      actor,
      causeKey: `${causeKey}:wrong-contact`,
      summary: 'Contact flagged: wrong person to reach',
      data: { fields: ['contacts'], contactIds: [contactId] },
    });
    try {
      await deps.customers.put({ ...customer, updatedAt: now }, current.rev, [entry]);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    await recordTimeline(deps, [entry]);
    return;
  }
}
