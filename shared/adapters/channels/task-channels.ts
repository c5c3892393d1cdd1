/**
 * The channels that end with a person: a letter or registered letter to post (the PDF is stored in the bucket
 * under `letters/` and a "to post" task opens), a call to make (a task with the contact's phone, the invoices
 * and a call script), a decision to take (collection or write-off). Each task's id comes from the reminder id,
 * so a redelivered reminder opens one task and stores one letter.
 */

import type { Channel } from '#shared/domain/dunning/plan.ts';
import { digest } from '#shared/domain/ids.ts';
import { composeReminderLetter, composeTask } from '#shared/domain/messages/compose.ts';
import { pickRecipients } from '#shared/domain/messages/recipients.ts';
import { logger } from '#shared/platform/logger.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { TemplateRepository } from '#shared/ports/messaging.ts';
import type { DeliveryReceipt, ReminderChannel, ReminderMessage } from '#shared/ports/reminders.ts';
import type { Task, TaskKind, TaskRepository } from '#shared/ports/tasks.ts';
import { messageLanguage, templateOverride } from './channel-support.ts';
import { renderLetterPdf } from './letter-pdf.ts';

export const taskIdFor = (reminderId: string): string => `task_${digest([reminderId])}`;

/** `letters/{customerId}/{date}-{channel}-{step}.pdf`: one letter per dispatch key. */
export function letterKey(message: ReminderMessage): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return `letters/${safe(message.customer.id)}/${message.date}-${safe(message.channel)}-${safe(message.step.id)}.pdf`;
}

interface TaskDeps {
  tasks: TaskRepository;
  clock: Clock;
  templates?: TemplateRepository;
  /** Who gets new tasks (a user id or name), when the company set one. */
  assignee?: string;
}

function baseTask(
  message: ReminderMessage,
  kind: TaskKind,
  deps: TaskDeps,
  content: { title: string; script: string },
) {
  // Calls and letters are not e-mail: a bounced address does not matter, a wrong person does.
  const contact = pickRecipients(message.customer, { forEmail: false });
  const withPhone = [contact.to, ...contact.cc].find((c) => c?.phone);
  const person = kind === 'call' ? (withPhone ?? contact.to) : (message.to ?? contact.to);
  const task: Task = {
    id: taskIdFor(message.id),
    kind,
    customerId: message.customer.id,
    customerName: message.customer.legalName,
    invoiceIds: message.lines.map((l) => l.invoice.id),
    reminderId: message.id,
    stepId: message.step.id,
    title: content.title,
    script: content.script,
    state: 'open',
    createdAt: deps.clock.now().toISOString(),
  };
  if (deps.assignee) task.assignee = deps.assignee;
  if (person) {
    task.contactId = person.id;
    task.contactName = person.name;
    if (person.phone) task.phone = person.phone;
  }
  return task;
}

const TASK_KIND: Partial<Record<Channel, TaskKind>> = { call_task: 'call', decision_task: 'decision' };

/** Call and decision tasks. */
export class TaskChannel implements ReminderChannel {
  constructor(private readonly deps: TaskDeps) {}

  async deliver(message: ReminderMessage): Promise<DeliveryReceipt> {
    const kind = TASK_KIND[message.channel] ?? 'call';
    const language = messageLanguage(message);
    const template = await templateOverride(this.deps.templates, message.step, language);
    const task = await this.deps.tasks.create(
      baseTask(message, kind, this.deps, composeTask(message, language, template)),
    );
    logger.info('task opened', { reminderId: message.id, taskId: task.id, kind, invoices: task.invoiceIds.length });
    return { reference: task.id };
  }
}

/** Letters and registered letters: the PDF in the bucket and a task to post it. */
export class LetterChannel implements ReminderChannel {
  constructor(private readonly deps: TaskDeps & { blobs: BlobStore }) {}

  async deliver(message: ReminderMessage): Promise<DeliveryReceipt> {
    const language = messageLanguage(message);
    const template = await templateOverride(this.deps.templates, message.step, language);
    const letter = composeReminderLetter(message, language, { template });
    const key = letterKey(message);
    const pdf = await renderLetterPdf(letter, {
      title: letter.subject,
      date: new Date(`${message.date}T00:00:00Z`),
    });
    await this.deps.blobs.put(key, pdf, 'application/pdf');
    const kind: TaskKind = message.channel === 'registered_letter' ? 'registered_letter' : 'letter';
    const script = [letter.registeredMention, letter.subjectLine, ...letter.recipient.lines]
      .filter((s) => s !== undefined)
      .join('\n');
    const task = await this.deps.tasks.create({
      ...baseTask(message, kind, this.deps, { title: letter.subject, script }),
      letterKey: key,
    });
    logger.info('letter stored, task opened', { reminderId: message.id, taskId: task.id, bytes: pdf.byteLength });
    return { reference: key };
  }
}
