/**
 * Tasks from the call, letter and decision channels, and what a person records on them: letters posted (date,
 * tracking number), call outcomes (promise → promised, dispute → disputed, no answer, wrong contact → flagged),
 * decisions (collection, write-off). Each is idempotent. Repositories on dynalite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmsChannel, toE164 } from '#shared/adapters/channels/sms-channel.ts';
import { TaskChannel, taskIdFor } from '#shared/adapters/channels/task-channels.ts';
import { DynamoTaskRepository } from '#shared/adapters/dynamodb/task-repository.ts';
import { DynamoTemplateRepository } from '#shared/adapters/dynamodb/template-repository.ts';
import { LocalSmsOutbox } from '#shared/adapters/local/sms-outbox.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';
import { UnknownPlaceholderError } from '#shared/domain/messages/placeholders.ts';
import { pickRecipients } from '#shared/domain/messages/recipients.ts';
import { BUILT_IN_TEMPLATES } from '#shared/domain/messages/templates.ts';
import { DeliveryError } from '#shared/ports/messaging.ts';
import type { Task } from '#shared/ports/tasks.ts';
import { makeMarkLetterPosted, makeRecordTaskOutcome } from '#shared/use-cases/tasks.ts';
import { customer, invoices, message } from '../adapters/messages/fixtures.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;
let tasks: DynamoTaskRepository;
const clock = fixedClock('2026-11-23T09:00:00Z');
const USER = { kind: 'user' as const, id: 'claire' };

beforeAll(async () => {
  table = await startTestTable();
  tasks = new DynamoTaskRepository(table.db, table.tableName);
});
afterAll(async () => {
  await table?.close();
});

let n = 0;
/** A fresh customer with its three invoices stored, and a message for it. */
async function seed(template: string) {
  n += 1;
  const id = `cus_t${n}`;
  const c = customer({ id });
  await table.stores.customers.put(c, undefined, []);
  const list = invoices().map((i) => ({ ...i, id: `${i.id}_${n}`, customerId: id }));
  for (const inv of list) await table.stores.invoices.put(inv, undefined, []);
  return { ...message(template, { customer: c, invoices: list }), id: `${id}:${template}:2026-11-23` };
}

function aTask(extra: Partial<Task>): Task {
  return {
    id: `task_${Math.random().toString(36).slice(2)}`,
    kind: 'letter',
    customerId: 'cus_x',
    customerName: 'X',
    invoiceIds: [],
    reminderId: 'r',
    stepId: 's',
    title: 't',
    script: 's',
    state: 'open',
    createdAt: '2026-11-23T09:00:00.000Z',
    ...extra,
  };
}

describe('call and decision channels', () => {
  it('opens one call task with the contact phone, the invoices and the script', async () => {
    const msg = await seed('call');
    const channel = new TaskChannel({ tasks, clock, assignee: 'claire' });
    const receipt = await channel.deliver(msg);
    expect(receipt.reference).toBe(taskIdFor(msg.id));
    await channel.deliver(msg);
    const open = (await tasks.listOpen({ kind: 'call' })).filter((t) => t.reminderId === msg.id);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      kind: 'call',
      assignee: 'claire',
      contactId: 'c1',
      contactName: 'Marie Dupont',
      phone: '06 12 34 56 78',
      invoiceIds: msg.lines.map((l) => l.invoice.id),
      title: expect.stringMatching(/^Appeler Boulangeries Martin/),
    });
    expect(open[0]!.script).toContain('Résultat à noter');
  });

  it('opens a decision task in the company’s own wording when it wrote one', async () => {
    const templates = new DynamoTemplateRepository(table.db, table.tableName);
    await templates.put(
      'collection-or-write-off',
      'fr',
      { ...BUILT_IN_TEMPLATES.fr['collection-or-write-off'], subject: 'À trancher : {{customer.name}}' },
      '2026-11-23T08:00:00.000Z',
    );
    const msg = await seed('collection-or-write-off');
    await new TaskChannel({ tasks, clock, templates }).deliver(msg);
    expect((await tasks.get(taskIdFor(msg.id)))!.task).toMatchObject({
      kind: 'decision',
      title: 'À trancher : Boulangeries Martin & Fils SAS',
    });
    await templates.remove('collection-or-write-off', 'fr');
  });
});

describe('SMS channel over the local outbox', () => {
  it('sends one short text with the portal link to the contact’s mobile, once per reminder', async () => {
    const outbox = new LocalSmsOutbox(table.db, table.tableName, clock);
    const channel = new SmsChannel({ sms: outbox });
    const msg = { ...message('friendly'), channel: 'sms' as const };
    const first = await channel.deliver(msg);
    const second = await channel.deliver(msg);
    expect(second).toEqual(first);
    const sent = (await outbox.list()).filter((e) => e.reference === msg.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('+33612345678');
    expect(sent[0]!.text).toContain(msg.portalUrl);
    expect(sent[0]!.text.length).toBeLessThanOrEqual(160);
  });

  it('needs a phone number', async () => {
    const c = customer({ contacts: [{ id: 'c1', name: 'A B', email: 'a@b.fr', role: 'billing', primary: true }] });
    await expect(
      new SmsChannel({ sms: new LocalSmsOutbox(table.db, table.tableName, clock) }).deliver(
        message('friendly', { customer: c }),
      ),
    ).rejects.toThrow(DeliveryError);
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('0033 6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('12')).toBeUndefined();
  });
});

describe('template repository', () => {
  it('stores, lists and removes the company’s templates, refusing unknown placeholders', async () => {
    const templates = new DynamoTemplateRepository(table.db, table.tableName);
    const own = { ...BUILT_IN_TEMPLATES.en.friendly, closing: 'Thanks, {{sender.name}}' };
    await templates.put('friendly', 'en', own, '2026-11-23T08:00:00.000Z');
    expect((await templates.get('friendly', 'en'))!.template.closing).toBe('Thanks, {{sender.name}}');
    expect((await templates.list()).map((t) => `${t.id}/${t.language}`)).toContain('friendly/en');
    await expect(
      templates.put('friendly', 'en', { ...own, closing: 'Bye {{sender.nickname}}' }, '2026-11-23T08:00:00.000Z'),
    ).rejects.toThrow(UnknownPlaceholderError);
    expect((await templates.get('friendly', 'en'))!.template.closing).toBe('Thanks, {{sender.name}}');
    await templates.remove('friendly', 'en');
    expect(await templates.get('friendly', 'en')).toBeUndefined();
  });
});

describe('task outcomes', () => {
  const deps = () => ({ ...table.stores, clock, tasks });

  it('marks a registered letter posted with its date and tracking number, once', async () => {
    const task = await tasks.create(aTask({ kind: 'registered_letter', invoiceIds: ['inv_z'], customerId: 'cus_z' }));
    const post = makeMarkLetterPosted(deps());
    await expect(post(task.id, { postedAt: '2026-11-24' }, USER)).rejects.toThrow(InvalidValueError);
    const done = await post(task.id, { postedAt: '2026-11-24', trackingNumber: '1A 234 567 8901 2' }, USER);
    expect(done).toMatchObject({ state: 'done', postedAt: '2026-11-24', trackingNumber: '1A 234 567 8901 2' });
    expect(await post(task.id, { postedAt: '2026-11-24', trackingNumber: '1A 234 567 8901 2' }, USER)).toEqual(done);
    expect((await tasks.listOpen()).map((t) => t.id)).not.toContain(task.id);
    expect((await tasks.listDone()).map((t) => t.id)).toContain(task.id);
    const timeline = await table.stores.timeline.forInvoice('inv_z');
    expect(timeline.map((e) => e.summary)).toEqual([
      'Registered letter posted on 2026-11-24 (tracking 1A 234 567 8901 2)',
    ]);
  });

  it('a promise moves the invoices to promised (the plan skips them), idempotently', async () => {
    const msg = await seed('call');
    await new TaskChannel({ tasks, clock }).deliver(msg);
    const record = makeRecordTaskOutcome(deps());
    const outcome = { kind: 'promise' as const, date: '2026-12-05', amount: { amount: 1_845_50, currency: 'EUR' } };
    const done = await record(taskIdFor(msg.id), outcome, USER);
    expect(done).toMatchObject({ state: 'done', outcome });
    for (const line of msg.lines) {
      const inv = (await table.stores.invoices.get(line.invoice.id))!.value;
      expect(inv.state).toBe('promised');
      expect(inv.promisedDate).toBe('2026-12-05');
    }
    const before = await table.stores.timeline.forInvoice(msg.lines[0]!.invoice.id);
    await record(taskIdFor(msg.id), outcome, USER);
    expect(await table.stores.timeline.forInvoice(msg.lines[0]!.invoice.id)).toEqual(before);
    await expect(record(taskIdFor(msg.id), { kind: 'no_answer' }, USER)).rejects.toThrow('already has an outcome');
  });

  it('a dispute moves the invoices to disputed with its reason', async () => {
    const msg = await seed('call');
    await new TaskChannel({ tasks, clock }).deliver(msg);
    await makeRecordTaskOutcome(deps())(taskIdFor(msg.id), { kind: 'dispute', reason: 'Livraison incomplète' }, USER);
    const inv = (await table.stores.invoices.get(msg.lines[0]!.invoice.id))!.value;
    expect(inv).toMatchObject({ state: 'disputed', stateReason: 'Livraison incomplète' });
  });

  it('no answer changes no invoice; a wrong contact is flagged so the next step goes to another', async () => {
    const msg = await seed('call');
    await new TaskChannel({ tasks, clock }).deliver(msg);
    await makeRecordTaskOutcome(deps())(taskIdFor(msg.id), { kind: 'no_answer', note: 'messagerie' }, USER);
    expect((await table.stores.invoices.get(msg.lines[0]!.invoice.id))!.value.state).toBe('open');
    const summaries = (await table.stores.timeline.forInvoice(msg.lines[0]!.invoice.id)).map((e) => e.summary);
    expect(summaries).toContain('Call: no answer — messagerie');

    const other = await seed('call');
    await new TaskChannel({ tasks, clock }).deliver(other);
    await makeRecordTaskOutcome(deps())(taskIdFor(other.id), { kind: 'wrong_contact' }, USER);
    const c = (await table.stores.customers.get(other.customer.id))!.value;
    expect(c.contacts.find((x) => x.id === 'c1')!.wrongContact).toBe(true);
    expect(pickRecipients(c).to?.id).toBe('c2');
    expect(pickRecipients(c, { forEmail: false }).to?.id).toBe('c2');
  });

  it('a decision hands the invoices to collection; a call outcome on a decision task is refused', async () => {
    const msg = await seed('collection-or-write-off');
    await new TaskChannel({ tasks, clock }).deliver(msg);
    const record = makeRecordTaskOutcome(deps());
    await expect(record(taskIdFor(msg.id), { kind: 'no_answer' }, USER)).rejects.toThrow(InvalidValueError);
    await record(taskIdFor(msg.id), { kind: 'collection', note: 'Cabinet Recouvre' }, USER);
    expect((await table.stores.invoices.get(msg.lines[1]!.invoice.id))!.value.state).toBe('in_collection');
  });
});
