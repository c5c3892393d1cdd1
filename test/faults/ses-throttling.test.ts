/**
 * Fault: SES refuses SendEmail with TooManyRequestsException (the account's send rate exceeded), answered on
 * the wire by a proxy in front of aws-ses-v2-local — a few times, then more times than the mailer retries.
 * Guarantee: a throttled send is retried by the mailer with back-off; one throttled past its attempts fails the
 * dispatch, the reminder is kept as failed and the schedule retries it later. Each reminder reaches the mailbox
 * exactly once, and a duplicate firing afterwards sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '#shared/adapters/local/emulators.ts';
import { startSes } from '#shared/adapters/local/emulators.ts';
import { readMailbox } from '../../local/dev-routes.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';
import { checkInvariants } from './invariants.ts';
import { apiInvoice, type Dunning, startDunning, startThrottlingSes, type ThrottlingSes } from './support.ts';

describe('fault: SES throttling', () => {
  let table: TestTable;
  let ses: RunningEmulator;
  let proxy: ThrottlingSes;
  let dunning: Dunning | undefined;
  beforeAll(async () => {
    [table, ses] = await Promise.all([startTestTable(), startSes()]);
    proxy = await startThrottlingSes(ses.endpoint);
  });
  afterAll(async () => {
    await dunning?.close();
    await proxy?.close();
    await Promise.all([ses?.close(), table?.close()]);
  });

  it('retries TooManyRequests, then re-sends a failed reminder from its schedule: each e-mail goes out once', async () => {
    const clock = fixedClock('2026-11-02T08:00:00Z');
    // Three attempts per message, millisecond back-off (the product's default: five attempts from 200 ms).
    dunning = await startDunning(table, clock, {
      sesEndpoint: proxy.endpoint,
      mailer: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const { invoice } = await dunning.record(apiInvoice('SES-1', '2026-11-10', 120000));

    // 5 Nov 09:05 Paris, the courtesy notice: throttled twice, sent on the third attempt.
    clock.set('2026-11-05T08:05:00Z');
    proxy.throttleNext(2);
    expect(await dunning.scheduler.runDue()).toBe(1);
    expect(proxy.throttled).toBe(2);
    expect(await readMailbox(ses.endpoint)).toHaveLength(1);

    // 12 Nov, the friendly reminder: throttled five times, more than the mailer's three attempts.
    clock.set('2026-11-12T08:05:00Z');
    proxy.throttleNext(5);
    expect(await dunning.scheduler.runDue()).toBe(0);
    const reminderId = `${invoice.customerId}:email:2026-11-12`;
    expect(await dunning.reminders.get(reminderId)).toMatchObject({
      status: 'failed',
      failure: expect.stringMatching(/throttled by SES after 3 attempts \(TooManyRequestsException\)/),
    });
    expect(await readMailbox(ses.endpoint)).toHaveLength(1);

    // The schedule's retry, a few minutes later: two more refusals, then it goes out.
    clock.set('2026-11-12T08:07:00Z');
    expect(await dunning.scheduler.runDue()).toBe(1);
    expect(await dunning.reminders.get(reminderId)).toMatchObject({ status: 'sent', stepId: 'friendly' });
    expect(proxy.throttled).toBe(7);
    expect(proxy.forwarded).toBe(2);

    // The same firing delivered again: nothing more.
    expect((await dunning.dispatch(invoice.customerId)).sent).toEqual([]);
    const mails = await readMailbox(ses.endpoint);
    expect(mails.map((m) => m.to)).toEqual([['compta@fautes.example'], ['compta@fautes.example']]);

    const report = await checkInvariants(table, { invoices: [invoice.id], sesEndpoint: ses.endpoint });
    expect(report.emailReminders.map((r) => r.stepId).sort()).toEqual(['courtesy', 'friendly']);
  });
});
