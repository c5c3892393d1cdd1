import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoTaskRepository } from '#shared/adapters/dynamodb/task-repository.ts';
import type { Task } from '#shared/ports/tasks.ts';
import { makeAssignTask, makeMarkLetterPosted } from '#shared/use-cases/tasks.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

const user = { kind: 'user', id: 'u1' } as const;

describe('assigning tasks', () => {
  let table: TestTable;
  const clock = fixedClock('2026-11-23T09:00:00Z');
  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.close());

  it('assigns a call to a person, on the timeline of its invoices, and refuses a done task', async () => {
    const tasks = new DynamoTaskRepository(table.db, table.tableName);
    const deps = { ...table.stores, clock, tasks };
    const base: Task = {
      id: 'task_call_1',
      kind: 'call',
      customerId: 'cus_1',
      customerName: 'Appel SARL',
      invoiceIds: ['inv_1'],
      reminderId: 'cus_1:call_task:2026-11-23',
      stepId: 'call',
      title: 'Appeler Appel SARL',
      script: 'Bonjour…',
      phone: '+33 1 23 45 67 89',
      state: 'open',
      createdAt: '2026-11-23T08:00:00Z',
    };
    await tasks.create(base);
    const assign = makeAssignTask(deps);
    expect((await assign(base.id, 'Marie', user)).assignee).toBe('Marie');
    expect((await assign(base.id, 'Marie', user)).assignee).toBe('Marie');
    expect((await assign(base.id, '  ', user)).assignee).toBeUndefined();
    const timeline = await table.stores.timeline.forInvoice('inv_1');
    expect(timeline.map((e) => e.summary)).toEqual(
      expect.arrayContaining(['Task assigned to Marie', 'Task unassigned']),
    );
    expect(timeline).toHaveLength(2);

    const letter: Task = { ...base, id: 'task_letter_1', kind: 'letter', title: 'Lettre', letterKey: 'letters/x.pdf' };
    await tasks.create(letter);
    await makeMarkLetterPosted(deps)(letter.id, { postedAt: '2026-11-23' }, user);
    await expect(assign(letter.id, 'Paul', user)).rejects.toThrow(/is done/);
  });
});
