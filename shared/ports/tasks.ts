/**
 * Work for a person that a reminder step creates: a call to make, a letter to post, a decision to take.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';

export type TaskKind = 'call' | 'letter' | 'registered_letter' | 'decision';
export type TaskState = 'open' | 'done';

export type CallOutcome =
  | { kind: 'promise'; date: IsoDate; amount?: { amount: number; currency: string }; note?: string }
  | { kind: 'dispute'; reason: string }
  | { kind: 'no_answer'; note?: string }
  | { kind: 'wrong_contact'; contactId?: string; note?: string };

/** A decision task's outcome: hand the invoices to a collection agency, or write them off. */
export type DecisionOutcome = { kind: 'collection'; note?: string } | { kind: 'write_off'; note?: string };

export type TaskOutcome = CallOutcome | DecisionOutcome;

export interface Task {
  /** Deterministic from the reminder id: creating the same task twice gives one task. */
  id: string;
  kind: TaskKind;
  customerId: string;
  customerName: string;
  invoiceIds: string[];
  reminderId: string;
  stepId: string;
  title: string;
  /** The call script, the decision brief, or what the letter says. */
  script: string;
  assignee?: string;
  contactId?: string;
  contactName?: string;
  phone?: string;
  /** Letters: the PDF in the bucket. */
  letterKey?: string;
  state: TaskState;
  createdAt: string;
  doneAt?: string;
  /** Calls and decisions: what happened. */
  outcome?: TaskOutcome;
  /** Letters: when it was posted, and the registered letter's tracking number. */
  postedAt?: IsoDate;
  trackingNumber?: string;
}

export interface TaskRepository {
  /** Creates the task unless one with its id exists; returns the stored one either way. */
  create(task: Task): Promise<Task>;
  get(id: string): Promise<{ task: Task; rev: number } | undefined>;
  /** Writes the task if its revision is still `expectedRev` (ConcurrentUpdateError otherwise). */
  update(task: Task, expectedRev: number): Promise<void>;
  /** Open tasks, oldest first (an index query). */
  listOpen(options?: { kind?: TaskKind; limit?: number }): Promise<Task[]>;
  listDone(options?: { limit?: number }): Promise<Task[]>;
}
