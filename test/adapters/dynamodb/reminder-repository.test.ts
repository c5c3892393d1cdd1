import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { startTestTable, type TestTable } from '../../support/dynamo.ts';

const record = (id: string, claimedAt: string) => ({
  id,
  customerId: id.split(':')[0]!,
  channel: 'email' as const,
  date: '2026-11-23',
  stepId: 'friendly',
  invoiceIds: ['inv_1'],
  claimedAt,
});

describe('reminder repository (dynalite)', () => {
  let table: TestTable;
  let repo: DynamoReminderRepository;
  beforeAll(async () => {
    table = await startTestTable();
    repo = new DynamoReminderRepository(table.db, table.tableName);
  });
  afterAll(async () => table.close());

  it('lets one claimer send, reports done after sending, and takes over only a stale claim', async () => {
    const id = 'cus_a:email:2026-11-23';
    expect(await repo.claim(record(id, '2026-11-23T08:00:00.000Z'), 900_000)).toBe('claimed');
    expect(await repo.claim(record(id, '2026-11-23T08:05:00.000Z'), 900_000)).toBe('busy');
    // A claim older than 15 minutes belongs to a dead attempt.
    expect(await repo.claim(record(id, '2026-11-23T08:16:00.000Z'), 900_000)).toBe('claimed');
    await repo.markSent(id, 'ses-msg-1', '2026-11-23T08:16:01.000Z');
    expect(await repo.claim(record(id, '2026-11-23T09:00:00.000Z'), 900_000)).toBe('done');
    expect((await repo.findByReference('ses-msg-1'))?.id).toBe(id);
  });

  it('records each tracking event once and never moves the status backwards', async () => {
    const id = 'cus_b:email:2026-11-23';
    await repo.claim(record(id, '2026-11-23T08:00:00.000Z'), 900_000);
    await repo.markSent(id, 'ses-msg-2', '2026-11-23T08:00:01.000Z');
    await repo.addEvent(id, { type: 'bounce', at: '2026-11-23T08:01:00.000Z', detail: 'permanent' }, 'bounced');
    await repo.addEvent(id, { type: 'delivery', at: '2026-11-23T08:00:30.000Z' }, 'delivered');
    await repo.addEvent(id, { type: 'delivery', at: '2026-11-23T08:00:30.000Z' }, 'delivered');
    await Promise.all([
      repo.addEvent(id, { type: 'open', at: '2026-11-23T08:02:00.000Z' }, 'opened'),
      repo.addEvent(id, { type: 'click', at: '2026-11-23T08:03:00.000Z' }, 'clicked'),
    ]);
    const stored = await repo.get(id);
    expect(stored?.status).toBe('bounced');
    expect(stored?.events.map((e) => e.type).sort()).toEqual(['bounce', 'click', 'delivery', 'open']);
  });
});
