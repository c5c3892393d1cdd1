/**
 * Fault: a reminder schedule fires twice (EventBridge Scheduler and Lambda's asynchronous retries are
 * at-least-once), two firings overlap, and a firing comes days late — even on a weekend and before the send hour.
 * Guarantee: the dispatch claims `customer:channel:day` before sending, so duplicates and overlaps send nothing
 * more; a late firing follows the planner's rules: nothing on a non-business day or before the send hour, then
 * one catch-up message with only the latest due step (the missed one recorded as skipped, never sent).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '#shared/adapters/local/emulators.ts';
import { startSes } from '#shared/adapters/local/emulators.ts';
import { readMailbox } from '../../local/dev-routes.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';
import { checkInvariants } from './invariants.ts';
import { apiInvoice, type Dunning, startDunning } from './support.ts';

describe('fault: a schedule firing twice and late', () => {
  let table: TestTable;
  let ses: RunningEmulator;
  let dunning: Dunning | undefined;
  beforeAll(async () => {
    [table, ses] = await Promise.all([startTestTable(), startSes()]);
  });
  afterAll(async () => {
    await dunning?.close();
    await Promise.all([ses?.close(), table?.close()]);
  });

  it('sends one e-mail per step however often the dispatch fires, and a late firing catches up by the rules', async () => {
    const clock = fixedClock('2026-11-02T08:00:00Z');
    dunning = await startDunning(table, clock, { sesEndpoint: ses.endpoint });
    // Due Tuesday 10 Nov: courtesy Thu 5 Nov, friendly Thu 12 Nov (11 Nov is a holiday), formal Fri 20 Nov.
    const { invoice } = await dunning.record(apiInvoice('LATE-1', '2026-11-10', 84000));
    const customerId = invoice.customerId;
    const mailbox = async () => readMailbox(ses.endpoint);

    // 5 Nov 09:05 Paris: the schedule fires while the same invocation is delivered twice more, all at once;
    // then once more, after the first has finished.
    clock.set('2026-11-05T08:05:00Z');
    const [fired] = await Promise.all([
      dunning.scheduler.runDue(),
      dunning.dispatch(customerId),
      dunning.dispatch(customerId),
    ]);
    expect(fired).toBe(1);
    expect((await dunning.dispatch(customerId)).sent).toEqual([]);
    expect(await mailbox()).toHaveLength(1);
    expect(await dunning.reminders.get(`${customerId}:email:2026-11-05`)).toMatchObject({
      status: 'sent',
      stepId: 'courtesy',
    });

    // The friendly step's schedule (12 Nov) does not fire on time. It fires on Saturday 21 Nov, 9 days late.
    clock.set('2026-11-21T10:00:00Z');
    expect(await dunning.scheduler.runDue()).toBe(1);
    expect((await dunning.dispatch(customerId)).sent).toEqual([]);
    expect(await mailbox()).toHaveLength(1); // no e-mail on a weekend

    // Monday 23 Nov 06:00 Paris, before the send hour: still nothing.
    clock.set('2026-11-23T05:00:00Z');
    expect((await dunning.dispatch(customerId)).sent).toEqual([]);
    expect(await dunning.scheduler.runDue()).toBe(0);

    // Monday 09:05 Paris: the schedule the weekend firing left, and two duplicate invocations at the same moment.
    clock.set('2026-11-23T08:05:00Z');
    const [fromSchedule] = await Promise.all([
      dunning.scheduler.runDue(),
      dunning.dispatch(customerId),
      dunning.dispatch(customerId),
    ]);
    expect(fromSchedule).toBe(1);
    expect((await dunning.dispatch(customerId)).sent).toEqual([]);

    const mails = await mailbox();
    expect(mails).toHaveLength(2);
    // Catch-up without burst: one message, the latest due step (formal); the friendly one recorded as skipped.
    const late = await dunning.reminders.get(`${customerId}:email:2026-11-23`);
    expect(late).toMatchObject({ status: 'sent', stepId: 'formal', invoiceIds: [invoice.id] });
    const stored = (await table.stores.invoices.get(invoice.id))?.value;
    expect(stored?.stepsDone).toEqual(['courtesy', 'friendly', 'formal']);
    const sentEntries = (await table.stores.timeline.forInvoice(invoice.id)).filter((e) => e.type === 'reminder.sent');
    expect(sentEntries.map((e) => [e.data?.stepId, e.data?.skipped])).toEqual([
      ['formal', ['friendly']],
      ['courtesy', []],
    ]);
    // The next dispatch is planned for the next step (penalties, Mon 30 Nov), not for anything missed.
    expect((await dunning.dispatch(customerId)).next?.name).toBe(`dun-${customerId}-2026-11-30`);

    await checkInvariants(table, { invoices: [invoice.id], sesEndpoint: ses.endpoint });
  });
});
