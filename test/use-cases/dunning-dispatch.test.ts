/**
 * The dispatch against dynalite and the local scheduler, with a channel that records what it is given
 * (the real e-mail channel is tested against the SES emulator in its own suite).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import { ControllableClock } from '#shared/adapters/local/controllable-clock.ts';
import { LocalScheduler } from '#shared/adapters/local/local-scheduler.ts';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { isBusinessDay } from '#shared/domain/dunning/business-calendar.ts';
import type { ReminderChannel, ReminderMessage } from '#shared/ports/reminders.ts';
import { makeAgreePaymentPlan } from '#shared/use-cases/change-invoice-state.ts';
import { DISPATCH_TARGET, type DunningDeps, makeDispatchReminders } from '#shared/use-cases/dunning-dispatch.ts';
import { type InvoiceInput, makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { makeUpdateCustomer } from '#shared/use-cases/update-customer.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

class RecordingChannel implements ReminderChannel {
  readonly messages: ReminderMessage[] = [];
  failNext = false;
  async deliver(message: ReminderMessage) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('SES unavailable');
    }
    this.messages.push(message);
    return { reference: `msg-${message.id}` };
  }
}

const actor = { kind: 'integration', id: 'api' } as const;
const customer = {
  externalId: 'DUN',
  name: 'Relances SARL',
  email: 'compta@relances.example',
  contactName: 'Claire Martin',
};
const invoice = (n: string, issueDate: string, dueDate: string, total: number, amountPaid = 0): InvoiceInput => ({
  source: 'api',
  externalId: n,
  number: n,
  customer,
  issueDate,
  dueDate,
  currency: 'EUR',
  total,
  amountPaid,
});

function setup(table: TestTable, clock: ControllableClock, customerExternal = 'DUN') {
  const email = new RecordingChannel();
  const tasks = new RecordingChannel();
  const scheduler = new LocalScheduler(table.db, table.tableName, clock, { retryBaseMs: 60_000 });
  const deps: DunningDeps = {
    ...table.stores,
    clock,
    reminders: new DynamoReminderRepository(table.db, table.tableName),
    settings: new DynamoSettingsRepository(table.db, table.tableName),
    plans: new DynamoPlanRepository(table.db, table.tableName),
    channels: { email, call_task: tasks, registered_letter: tasks, decision_task: tasks },
    scheduler,
    portalUrl: (id) => `http://portal.test/${id}`,
  };
  const dispatch = makeDispatchReminders(deps);
  scheduler.register(DISPATCH_TARGET, async (payload) => {
    await dispatch((payload as { customerId: string }).customerId);
  });
  const record = makeRecordInvoice({ ...deps, onCustomerChanged: async (id) => void (await dispatch(id)) });
  const withCustomer = (i: InvoiceInput): InvoiceInput => ({
    ...i,
    customer: { ...customer, externalId: customerExternal },
  });
  return { email, tasks, scheduler, deps, dispatch, record: (i: InvoiceInput) => record(withCustomer(i), actor) };
}

/** Moves the clock day by day at 09:05 Paris time, firing what became due. */
async function runDays(clock: ControllableClock, scheduler: LocalScheduler, from: string, to: string) {
  for (let d = new Date(`${from}T08:05:00Z`); d <= new Date(`${to}T08:05:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    clock.set(d);
    await scheduler.runDue();
  }
}

describe('dunning dispatch', () => {
  // A table per test: each test's scheduler fires every stored schedule, so they must not see each other's.
  let table: TestTable;
  beforeEach(async () => {
    table = await startTestTable();
  });
  afterEach(async () => table.close());

  it('a customer with three invoices gets the right messages on the right days, and none after paying', async () => {
    const clock = new ControllableClock();
    clock.set(new Date('2026-11-02T07:00:00Z')); // Monday, before the 09:00 send hour
    const t = setup(table, clock);
    const a = await t.record(invoice('A-1', '2026-10-10', '2026-11-10', 120000));
    await t.record(invoice('B-1', '2026-10-20', '2026-11-20', 50000));
    await t.record(invoice('C-1', '2026-11-01', '2026-12-01', 30000));

    await runDays(clock, t.scheduler, '2026-11-02', '2026-12-09');
    const sent = t.email.messages.map(
      (m) =>
        `${m.date} ${m.step.id} ${m.lines
          .filter((l) => l.stepId)
          .map((l) => l.invoice.number)
          .join('+')}`,
    );
    expect(sent).toEqual([
      '2026-11-05 courtesy A-1', // J-5 of A (Thursday)
      '2026-11-12 friendly A-1', // J+1 = 11 Nov is Armistice day: next business day
      '2026-11-16 courtesy B-1', // J-5 of B falls on Sunday 15th → Monday
      '2026-11-20 formal A-1', // J+10 of A
      '2026-11-23 friendly B-1', // J+1 of B is Saturday 21st → Monday
      '2026-11-26 courtesy C-1', // J-5 of C
      // A's J+20 and B's J+10 fall on the same day: one message, the most advanced step leads.
      '2026-11-30 penalties A-1+B-1',
      '2026-12-02 friendly C-1',
    ]);
    // Every message lists all the customer's open invoices, not only the ones whose step is due.
    for (const m of t.email.messages) expect(m.lines.map((l) => l.invoice.number)).toEqual(['A-1', 'B-1', 'C-1']);
    // Business days at the send hour only, one e-mail per customer per day.
    const dates = t.email.messages.map((m) => m.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (const d of dates) expect(isBusinessDay(d)).toBe(true);
    // Penalties are named from the "penalties" step on, and computed per late invoice.
    const penalties = t.email.messages.find((m) => m.step.id === 'penalties');
    expect(penalties?.penalties).toBe('mention');
    expect(penalties?.lines.find((l) => l.invoice.number === 'A-1')?.penalties?.flatIndemnity).toEqual({
      amount: 4000,
      currency: 'EUR',
    });
    // The 30 Nov message also recorded B's "formal" step as done (the most advanced step led the e-mail).
    const b = await t.deps.invoices.get(t.email.messages[6]!.lines[1]!.invoice.id);
    expect(b?.value.stepsDone).toEqual(['courtesy', 'friendly', 'formal']);

    // Pay everything: nothing more goes out, whatever schedules remain.
    const before = t.email.messages.length + t.tasks.messages.length;
    await t.record(invoice('A-1', '2026-10-10', '2026-11-10', 120000, 120000));
    await t.record(invoice('B-1', '2026-10-20', '2026-11-20', 50000, 50000));
    await t.record(invoice('C-1', '2026-11-01', '2026-12-01', 30000, 30000));
    await runDays(clock, t.scheduler, '2026-12-10', '2027-02-15');
    expect(t.email.messages.length + t.tasks.messages.length).toBe(before);
    const timeline = await t.deps.timeline.forInvoice(a.invoice.id);
    expect(timeline.filter((e) => e.type === 'reminder.sent').map((e) => e.data?.stepId)).toEqual(
      expect.arrayContaining(['courtesy', 'friendly', 'formal', 'penalties']),
    );
  });

  it('a duplicate or concurrent firing sends nothing twice', async () => {
    const clock = new ControllableClock();
    clock.set(new Date('2026-11-12T08:30:00Z'));
    const t = setup(table, clock, 'DUP');
    const { invoice: inv } = await t.record(invoice('D-1', '2026-10-10', '2026-11-10', 1000));
    expect(t.email.messages).toHaveLength(1); // recorded after the send hour: the friendly step goes at once
    await Promise.all([t.dispatch(inv.customerId), t.dispatch(inv.customerId), t.dispatch(inv.customerId)]);
    await t.dispatch(inv.customerId);
    expect(t.email.messages).toHaveLength(1);
  });

  it('a payment between scheduling and firing means nothing is sent', async () => {
    const clock = new ControllableClock();
    clock.set(new Date('2026-11-02T07:00:00Z'));
    const t = setup(table, clock, 'PAID');
    await t.record(invoice('P-1', '2026-10-10', '2026-11-10', 1000));
    // The courtesy notice is scheduled for 5 Nov 09:00; the customer pays on the 4th.
    await runDays(clock, t.scheduler, '2026-11-02', '2026-11-04');
    await t.record(invoice('P-1', '2026-10-10', '2026-11-10', 1000, 1000));
    await runDays(clock, t.scheduler, '2026-11-05', '2026-12-31');
    expect(t.email.messages).toHaveLength(0);
  });

  it('after downtime only the latest due step goes out, the missed ones recorded as skipped', async () => {
    const clock = new ControllableClock();
    clock.set(new Date('2026-11-02T07:00:00Z'));
    const t = setup(table, clock, 'DOWN');
    const { invoice: inv } = await t.record(invoice('Z-1', '2026-10-10', '2026-11-10', 1000));
    // Down from 3 to 30 November: the scheduler catches up on the 1st of December.
    clock.set(new Date('2026-12-01T08:05:00Z'));
    await t.scheduler.runDue();
    expect(t.email.messages.map((m) => m.step.id)).toEqual(['penalties']);
    const stored = await t.deps.invoices.get(inv.id);
    expect(stored?.value.stepsDone).toEqual(['courtesy', 'friendly', 'formal', 'penalties']);
  });

  it('a failed delivery is retried by the scheduler and sent once', async () => {
    const clock = new ControllableClock();
    clock.set(new Date('2026-11-02T07:00:00Z'));
    const t = setup(table, clock, 'RETRY');
    await t.record(invoice('R-1', '2026-10-10', '2026-11-10', 1000));
    t.email.failNext = true;
    clock.set(new Date('2026-11-05T08:00:00Z'));
    await t.scheduler.runDue();
    expect(t.email.messages).toHaveLength(0);
    // The retry waits a minute after the failure (the clock runs on while the test does).
    clock.set(new Date('2026-11-05T08:02:00Z'));
    await t.scheduler.runDue();
    expect(t.email.messages.map((m) => `${m.date} ${m.step.id}`)).toEqual(['2026-11-05 courtesy']);
    expect(dateInZone(clock.now(), 'Europe/Paris')).toBe('2026-11-05');
  });

  it('after a hard bounce the next step goes to another contact, and with nobody left to e-mail, by letter', async () => {
    const clock = new ControllableClock();
    clock.set(new Date('2026-11-02T07:00:00Z'));
    const t = setup(table, clock, 'BOUNCE');
    const letters = new RecordingChannel();
    t.deps.channels.letter = letters;
    const { invoice: inv } = await t.record(invoice('X-1', '2026-10-10', '2026-11-10', 1000));
    const update = makeUpdateCustomer(t.deps);
    const contacts = [
      {
        id: 'billing',
        name: 'Claire Martin',
        email: 'compta@relances.example',
        role: 'billing' as const,
        primary: true,
        emailStatus: 'bounced' as const,
      },
      { id: 'dg', name: 'Paul Durand', email: 'dg@relances.example', role: 'management' as const, primary: false },
    ];
    await update(inv.customerId, { contacts }, { kind: 'system', id: 'ses' });
    await runDays(clock, t.scheduler, '2026-11-02', '2026-11-05');
    expect(t.email.messages.map((m) => [m.step.id, m.to?.id, m.cc.map((c) => c.id)])).toEqual([['courtesy', 'dg', []]]);

    await update(
      inv.customerId,
      { contacts: contacts.map((c) => ({ ...c, emailStatus: 'complained' as const })) },
      { kind: 'system', id: 'ses' },
    );
    await runDays(clock, t.scheduler, '2026-11-06', '2026-11-12');
    expect(t.email.messages).toHaveLength(1);
    expect(letters.messages.map((m) => [m.date, m.channel, m.step.id])).toEqual([['2026-11-12', 'letter', 'friendly']]);
  });

  it('a payment plan reminds each instalment on its own dates, and stops for what is paid', async () => {
    const clock = new ControllableClock();
    clock.set(new Date('2026-11-02T07:00:00Z'));
    const t = setup(table, clock, 'PLAN');
    const { invoice: inv } = await t.record(invoice('PL-1', '2026-09-01', '2026-10-01', 90000));
    await runDays(clock, t.scheduler, '2026-11-02', '2026-11-02');
    const before = t.email.messages.length;
    const agree = makeAgreePaymentPlan({ ...t.deps, onCustomerChanged: async (id) => void (await t.dispatch(id)) });
    const { invoice: planned } = await agree(
      inv.id,
      [
        { dueDate: '2026-11-16', amount: 30000 },
        { dueDate: '2026-12-16', amount: 30000 },
        { dueDate: '2027-01-15', amount: 30000 },
      ],
      { actor: { kind: 'user', id: 'u1' }, reason: 'Échéancier en 3 fois', requestId: 'plan-1' },
    );
    expect(planned.state).toBe('in_payment_plan');
    await runDays(clock, t.scheduler, '2026-11-03', '2026-11-20');
    const sinceAgreed = t.email.messages.slice(before).map((m) => `${m.date} ${m.step.id}`);
    // The first instalment gets its courtesy notice five days before (11 Nov is a holiday: the 12th) and a
    // friendly reminder the day after it falls due.
    expect(sinceAgreed).toEqual(['2026-11-12 courtesy', '2026-11-17 friendly']);
    // The first instalment is paid: its reminders stop, the second one's courtesy notice comes on time.
    await t.record(invoice('PL-1', '2026-09-01', '2026-10-01', 90000, 30000));
    const stored = await t.deps.invoices.get(inv.id);
    expect(stored?.value.state).toBe('in_payment_plan');
    await runDays(clock, t.scheduler, '2026-11-21', '2026-12-14');
    expect(t.email.messages.slice(before).map((m) => `${m.date} ${m.step.id}`)).toEqual([
      '2026-11-12 courtesy',
      '2026-11-17 friendly',
      '2026-12-11 courtesy',
    ]);
    const instalments = (await t.deps.invoices.get(inv.id))?.value.paymentPlan?.instalments;
    expect(instalments?.map((i) => i.stepsDone ?? [])).toEqual([['courtesy', 'friendly'], ['courtesy'], []]);
  });
});
