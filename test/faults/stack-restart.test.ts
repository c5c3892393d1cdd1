/**
 * Fault: the local stack stops in the middle of a flow — invoices recorded and their reminder scheduled, the
 * reminder not sent yet — and starts again on the same data folder after the reminder fell due.
 * Guarantee: schedules live in the table (not in a timer), so the restarted stack fires the one that came due
 * while it was down; the reminder goes out once, the payments recorded after it stop the plan, nothing is lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { scheduleName } from '#shared/use-cases/dunning-dispatch.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { readMailbox } from '../../local/dev-routes.ts';
import { type LocalStack, startLocalStack, TABLE_NAME } from '../../local/stack.ts';
import { checkInvariants } from './invariants.ts';

describe('fault: a restart of the local stack in the middle of a flow', { timeout: 60_000 }, () => {
  let dir: string | undefined;
  let stack: LocalStack | undefined;
  afterAll(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fires after a restart the reminder scheduled before it, once, and stops it when paid', async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-faults-restart-'));
    const config = () => loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir });
    const { apiToken } = config();
    const call = (path: string, body: unknown) =>
      fetch(`${stack?.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const invoice = (n: string, total: number, amountPaid = 0) => ({
      source: 'api',
      externalId: n,
      number: n,
      customer: { externalId: 'RESTART', name: 'Redémarrage SAS', email: 'compta@redemarrage.example' },
      issueDate: '2026-10-12',
      dueDate: '2026-11-10',
      currency: 'EUR',
      total,
      amountPaid,
    });

    // Ingest and scheduling, on Monday 2 November.
    stack = await startLocalStack(config());
    stack.clock.set(new Date('2026-11-02T07:00:00Z'));
    const ids: string[] = [];
    for (const [n, total] of [
      ['RS-1', 90000],
      ['RS-2', 45000],
    ] as const) {
      const res = await call('/api/invoices', invoice(n, total));
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    await stack.queue.drain();
    const customerId = (await stack.deps.invoices.get(ids[0] as string))?.value.customerId as string;
    const schedule = scheduleName(customerId, '2026-11-05');
    const db = new DynamoDocuments({
      region: 'eu-west-3',
      endpoint: stack.endpoints.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const stored = await db.get({ TableName: TABLE_NAME, Key: { pk: `SCHEDULE#${schedule}`, sk: 'SCHEDULE' } });
    expect(stored.Item).toMatchObject({ name: schedule, fireAt: '2026-11-05T08:00:00.000Z' });

    // Stop. Start again on the same folder once the courtesy notice's time (5 Nov 09:00 Paris) has passed.
    await stack.close();
    stack = undefined;
    stack = await startLocalStack(config());
    expect(stack.clock.now().toISOString().slice(0, 10)).toBe('2026-11-02'); // the demo clock was kept
    const moved = await call('/dev/clock', { set: '2026-11-05T08:30:00Z' });
    expect(((await moved.json()) as { fired: number }).fired).toBe(1);
    await stack.queue.drain();

    const mails = await readMailbox(stack.endpoints.ses);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['compta@redemarrage.example']);
    for (const n of ['RS-1', 'RS-2']) expect(mails[0]?.text).toContain(n);

    // Both paid at the source: the plan stops, later steps' days pass without a message.
    for (const [n, total] of [
      ['RS-1', 90000],
      ['RS-2', 45000],
    ] as const) {
      expect((await call('/api/invoices', invoice(n, total, total))).status).toBe(200);
    }
    await stack.queue.drain();
    for (const day of ['2026-11-12T08:30:00Z', '2026-11-20T08:30:00Z', '2026-11-30T08:30:00Z']) {
      expect((await call('/dev/clock', { set: day })).status).toBe(200);
      await stack.queue.drain();
    }
    expect(await readMailbox(stack.endpoints.ses)).toHaveLength(1);

    const check = new DynamoDocuments({
      region: 'eu-west-3',
      endpoint: stack.endpoints.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const report = await checkInvariants(
      { db: check, tableName: TABLE_NAME },
      { invoices: ids, sesEndpoint: stack.endpoints.ses },
    );
    expect(report.invoices.map((i) => i.state)).toEqual(['paid', 'paid']);
    expect(report.emailReminders.map((r) => r.stepId)).toEqual(['courtesy']);
  });
});
