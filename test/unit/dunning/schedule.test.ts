import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, type DunningPlan, type PlanStep } from '#shared/domain/dunning/plan.ts';
import {
  type DunningInvoiceView,
  dueSteps,
  nextDispatch,
  planSchedule,
  type ScheduleInput,
} from '#shared/domain/dunning/schedule.ts';
import { money } from '#shared/domain/money.ts';
import { fieldOf } from './helpers.ts';

const eur = (cents: number) => money(cents, 'EUR');

const invoice = (overrides: Partial<DunningInvoiceView> = {}): DunningInvoiceView => ({
  id: 'F-1',
  dueDate: '2026-03-02',
  balance: eur(120000),
  state: 'open',
  stepsDone: [],
  ...overrides,
});

const input = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  today: '2026-03-03',
  timeZone: 'Europe/Paris',
  sendHour: 9,
  invoices: [invoice()],
  plan: DEFAULT_PLAN,
  ...overrides,
});

const step = (id: string, offsetDays: number): PlanStep => ({
  id,
  offsetDays,
  channel: 'email',
  template: id,
  tone: 1,
  penalties: 'none',
  attachPdfs: true,
});

const ids = (result: ReturnType<typeof dueSteps>) => result.map((d) => d.step.id);

describe('planSchedule', () => {
  it('puts every step of the default plan on a business day', () => {
    // Due Thursday 2026-04-30. J-5 = Sat 25 Apr → Mon 27; J+1 = Fri 1 May (holiday) → Mon 4 May;
    // J+10 = Sun 10 May → Mon 11; J+20 = Wed 20 May; J+30 = Sat 30 May → Mon 1 Jun; J+35 = Thu 4 Jun;
    // J+40 = Tue 9 Jun; J+50 = Fri 19 Jun.
    expect(planSchedule('2026-04-30', DEFAULT_PLAN).map((s) => [s.step.id, s.date])).toEqual([
      ['courtesy', '2026-04-27'],
      ['friendly', '2026-05-04'],
      ['formal', '2026-05-11'],
      ['penalties', '2026-05-20'],
      ['last-notice', '2026-06-01'],
      ['call', '2026-06-04'],
      ['formal-notice', '2026-06-09'],
      ['decision', '2026-06-19'],
    ]);
  });

  it('marks a step that collapses onto the next one', () => {
    // Due Friday 2026-05-22: J+1 Saturday and J+2 Sunday both move past Whit Monday to Tuesday 26 May.
    const plan: DunningPlan = { id: 'p', name: 'p', steps: [step('a', 1), step('b', 2), step('c', 5)] };
    expect(planSchedule('2026-05-22', plan).map((s) => [s.step.id, s.date, s.collapsed])).toEqual([
      ['a', '2026-05-26', true],
      ['b', '2026-05-26', false],
      ['c', '2026-05-27', false],
    ]);
  });
});

describe('dueSteps', () => {
  it('sends the step due today', () => {
    const [due, ...rest] = dueSteps(input({ today: '2026-03-03' }));
    expect(rest).toEqual([]);
    expect(due).toMatchObject({
      invoiceId: 'F-1',
      itemKey: 'F-1',
      scheduledOn: '2026-03-03',
      skippedStepIds: ['courtesy'],
      amount: eur(120000),
    });
    expect(due?.step.id).toBe('friendly');
  });

  it('catches up after downtime with the latest due step only, the others skipped', () => {
    // Due 2026-03-02; courtesy and friendly went out, then nothing ran until Monday 13 April.
    // formal 12 Mar, penalties 23 Mar, last-notice 1 Apr, call 7 Apr (6 Apr is Easter Monday) were missed;
    // formal-notice (J+40 = Sat 11 Apr → Mon 13 Apr) is due today.
    const result = dueSteps(
      input({ today: '2026-04-13', invoices: [invoice({ stepsDone: ['courtesy', 'friendly'] })] }),
    );
    expect(ids(result)).toEqual(['formal-notice']);
    expect(result[0]?.skippedStepIds).toEqual(['formal', 'penalties', 'last-notice', 'call']);
    expect(result[0]?.scheduledOn).toBe('2026-04-13');
  });

  it('catches up with a step whose day has passed', () => {
    const result = dueSteps(
      input({ today: '2026-03-16', invoices: [invoice({ stepsDone: ['courtesy', 'friendly'] })] }),
    );
    expect(ids(result)).toEqual(['formal']);
    expect(result[0]?.scheduledOn).toBe('2026-03-12');
    expect(result[0]?.skippedStepIds).toEqual([]);
  });

  it('sends nothing once every step is done or skipped', () => {
    const done = invoice({ stepsDone: ['decision'] });
    expect(dueSteps(input({ today: '2026-06-01', invoices: [done] }))).toEqual([]);
    expect(nextDispatch(input({ today: '2026-06-01', invoices: [done] }))).toBeUndefined();
  });

  it('does not re-send a step done out of order: only steps after the last done one count', () => {
    const result = dueSteps(input({ today: '2026-03-16', invoices: [invoice({ stepsDone: ['formal'] })] }));
    expect(result).toEqual([]);
  });

  it('only sends the later of two steps that fall on the same day', () => {
    const plan: DunningPlan = { id: 'p', name: 'p', steps: [step('a', 1), step('b', 2), step('c', 5)] };
    const result = dueSteps(input({ plan, today: '2026-05-26', invoices: [invoice({ dueDate: '2026-05-22' })] }));
    expect(ids(result)).toEqual(['b']);
    expect(result[0]?.skippedStepIds).toEqual(['a']);
  });

  it('waits for the send hour when `now` is given', () => {
    // 09:00 in Paris on 2026-03-03 is 08:00Z.
    expect(dueSteps(input({ now: '2026-03-03T07:59:59Z' }))).toEqual([]);
    expect(ids(dueSteps(input({ now: '2026-03-03T08:00:00Z' })))).toEqual(['friendly']);
    expect(ids(dueSteps(input({ now: new Date('2026-03-03T15:00:00Z') })))).toEqual(['friendly']);
  });

  it('sends nothing on a weekend or a public holiday, even to catch up', () => {
    const late = invoice({ dueDate: '2026-04-20' });
    expect(dueSteps(input({ today: '2026-05-01', invoices: [late] }))).toEqual([]); // Labour Day
    expect(dueSteps(input({ today: '2026-05-02', invoices: [late] }))).toEqual([]); // Saturday
    expect(ids(dueSteps(input({ today: '2026-05-04', invoices: [late] })))).toEqual(['formal']);
  });

  it.each(['paid', 'disputed', 'in_collection', 'written_off', 'void'] as const)('skips a %s invoice', (state) => {
    expect(dueSteps(input({ today: '2026-04-13', invoices: [invoice({ state })] }))).toEqual([]);
    expect(nextDispatch(input({ today: '2026-04-13', invoices: [invoice({ state })] }))).toBeUndefined();
  });

  it('skips an open invoice whose balance is zero, and reminds a partially paid one for its balance', () => {
    expect(dueSteps(input({ invoices: [invoice({ balance: eur(0) })] }))).toEqual([]);
    const partial = invoice({ state: 'partially_paid', balance: eur(20000) });
    expect(dueSteps(input({ invoices: [partial] }))[0]?.amount).toEqual(eur(20000));
  });

  it('holds a paused invoice through its pause date, then catches up', () => {
    const paused = invoice({ pausedUntil: '2026-03-20' });
    expect(dueSteps(input({ today: '2026-03-03', invoices: [paused] }))).toEqual([]);
    expect(dueSteps(input({ today: '2026-03-20', invoices: [paused] }))).toEqual([]);
    // The pause ends with Friday 20 March; Monday 23 March is J+20 anyway.
    expect(nextDispatch(input({ today: '2026-03-03', invoices: [paused] }))?.date).toBe('2026-03-23');
    const resumed = dueSteps(input({ today: '2026-03-23', invoices: [paused] }));
    expect(ids(resumed)).toEqual(['penalties']);
    expect(resumed[0]?.skippedStepIds).toEqual(['courtesy', 'friendly', 'formal']);
  });

  it('resumes after a pause on the next business day with the latest due step', () => {
    const paused = invoice({ pausedUntil: '2026-03-13', stepsDone: ['courtesy', 'friendly'] });
    expect(nextDispatch(input({ today: '2026-03-04', invoices: [paused] }))).toMatchObject({
      date: '2026-03-16',
      items: [{ invoiceId: 'F-1', stepId: 'formal' }],
    });
  });

  it('waits for a promise, then resumes the day after a broken one', () => {
    const promised = invoice({ state: 'promised', promisedUntil: '2026-03-25', stepsDone: ['courtesy', 'friendly'] });
    expect(dueSteps(input({ today: '2026-03-25', invoices: [promised] }))).toEqual([]);
    expect(nextDispatch(input({ today: '2026-03-12', invoices: [promised] }))?.date).toBe('2026-03-26');
    const resumed = dueSteps(input({ today: '2026-03-26', invoices: [promised] }));
    expect(ids(resumed)).toEqual(['penalties']);
    expect(resumed[0]?.skippedStepIds).toEqual(['formal']);
  });

  it('leaves a promise without a date alone', () => {
    const promised = invoice({ state: 'promised', stepsDone: ['courtesy', 'friendly'] });
    expect(dueSteps(input({ today: '2026-04-01', invoices: [promised] }))).toEqual([]);
    expect(nextDispatch(input({ today: '2026-04-01', invoices: [promised] }))).toBeUndefined();
  });

  it('never sends the courtesy notice once the invoice is past due', () => {
    // Imported on its due date: the courtesy notice is still right ("due today").
    const imported = invoice({ dueDate: '2026-06-10' });
    expect(ids(dueSteps(input({ today: '2026-06-10', invoices: [imported] })))).toEqual(['courtesy']);
    // Imported the next day: the friendly reminder goes, the courtesy one is skipped.
    const later = dueSteps(input({ today: '2026-06-11', invoices: [imported] }));
    expect(ids(later)).toEqual(['friendly']);
    expect(later[0]?.skippedStepIds).toEqual(['courtesy']);
    // With no post-due step yet, nothing goes out until the first one.
    const plan: DunningPlan = { id: 'p', name: 'p', steps: [step('courtesy', -5), step('late', 10)] };
    expect(dueSteps(input({ plan, today: '2026-06-11', invoices: [imported] }))).toEqual([]);
    expect(nextDispatch(input({ plan, today: '2026-06-11', invoices: [imported] }))).toMatchObject({
      date: '2026-06-22', // J+10 = Saturday 20 June → Monday 22
      items: [{ stepId: 'late' }],
    });
    expect(dueSteps(input({ plan, today: '2026-06-22', invoices: [imported] }))[0]?.skippedStepIds).toEqual([
      'courtesy',
    ]);
  });

  it('reminds payment-plan instalments on their own due dates, each with its own steps', () => {
    const plan: DunningPlan = { id: 'p', name: 'p', steps: [step('before', -3), step('after', 2), step('late', 10)] };
    const inPlan = invoice({
      id: 'F-9',
      dueDate: '2026-01-15',
      balance: eur(90000),
      state: 'in_payment_plan',
      stepsDone: ['before', 'after', 'late'], // what the invoice itself got before the plan: irrelevant now
      instalments: [
        { id: 'i1', dueDate: '2026-02-16', amount: eur(30000), paid: true },
        { id: 'i2', dueDate: '2026-03-16', amount: eur(30000), paid: false, stepsDone: ['before'] },
        { id: 'i3', dueDate: '2026-04-15', amount: eur(30000), paid: false },
      ],
    });
    // 18 March: i2 (due Mon 16 March) reaches "after" (J+2); i3 is not near yet; i1 is paid.
    const result = dueSteps(input({ plan, today: '2026-03-18', invoices: [inPlan] }));
    expect(result.map((d) => [d.itemKey, d.instalmentId, d.step.id, d.amount.amount])).toEqual([
      ['F-9#i2', 'i2', 'after', 30000],
    ]);
    // After that, the next dispatch is i2's "late" (J+10 = Thu 26 March).
    const after = invoice({
      ...inPlan,
      instalments: inPlan.instalments?.map((i) => (i.id === 'i2' ? { ...i, stepsDone: ['before', 'after'] } : i)),
    });
    expect(nextDispatch(input({ plan, today: '2026-03-18', invoices: [after] }))).toMatchObject({
      date: '2026-03-26',
      items: [{ itemKey: 'F-9#i2', stepId: 'late' }],
    });
    // i3's courtesy (J-3 = Sun 12 April → Mon 13 April) comes after i2's plan is over.
    const i2Done = invoice({
      ...inPlan,
      instalments: inPlan.instalments?.map((i) => (i.id === 'i2' ? { ...i, stepsDone: ['late'] } : i)),
    });
    expect(nextDispatch(input({ plan, today: '2026-03-27', invoices: [i2Done] }))).toMatchObject({
      date: '2026-04-13',
      items: [{ itemKey: 'F-9#i3', instalmentId: 'i3', stepId: 'before' }],
    });
  });

  it('names the bad field of its input', () => {
    expect(fieldOf(() => dueSteps(input({ today: '03/03/2026' })))).toBe('today');
    expect(fieldOf(() => dueSteps(input({ invoices: [invoice({ dueDate: '2026-02-30' })] })))).toBe(
      'invoices[0].dueDate',
    );
    expect(fieldOf(() => dueSteps(input({ plan: { id: 'p', name: 'p', steps: [] } })))).toBe('steps');
    expect(fieldOf(() => dueSteps(input({ timeZone: 'Paris' })))).toBe('timeZone');
    expect(fieldOf(() => dueSteps(input({ now: 'yesterday' })))).toBe('now');
  });
});

describe('nextDispatch', () => {
  it('is the next step after what goes out today, at the send hour in the zone', () => {
    // Today (Tue 3 March) the friendly reminder goes; next is formal on Thu 12 March, 09:00 Paris = 08:00Z.
    expect(nextDispatch(input({ today: '2026-03-03' }))).toEqual({
      date: '2026-03-12',
      local: '2026-03-12T09:00:00',
      utc: '2026-03-12T08:00:00.000Z',
      items: [{ invoiceId: 'F-1', itemKey: 'F-1', stepId: 'formal' }],
    });
  });

  it("is today while today's send time is ahead", () => {
    expect(nextDispatch(input({ today: '2026-03-03', now: '2026-03-03T06:00:00Z' }))).toMatchObject({
      date: '2026-03-03',
      utc: '2026-03-03T08:00:00.000Z',
      items: [{ stepId: 'friendly' }],
    });
    expect(nextDispatch(input({ today: '2026-03-03', now: '2026-03-03T08:00:00Z' }))?.date).toBe('2026-03-12');
  });

  it('moves a catch-up found on a weekend to the next business day', () => {
    expect(
      nextDispatch(input({ today: '2026-03-07', invoices: [invoice({ stepsDone: ['courtesy'] })] })),
    ).toMatchObject({ date: '2026-03-09', items: [{ stepId: 'friendly' }] });
  });

  it('is the earliest over all open invoices, listing every item due that day', () => {
    const invoices = [
      invoice({ id: 'A', dueDate: '2026-03-02', stepsDone: ['courtesy', 'friendly'] }), // formal on 12 March
      invoice({ id: 'B', dueDate: '2026-03-11' }), // friendly J+1 on 12 March, courtesy 6 March
      invoice({ id: 'C', dueDate: '2026-04-30' }),
      invoice({ id: 'D', dueDate: '2026-03-01', state: 'paid' }),
    ];
    expect(nextDispatch(input({ today: '2026-03-06', now: '2026-03-06T12:00:00Z', invoices }))).toMatchObject({
      date: '2026-03-12',
      items: [
        { invoiceId: 'A', stepId: 'formal' },
        { invoiceId: 'B', stepId: 'friendly' },
      ],
    });
  });

  it('uses the customer zone and send time, across the spring DST change', () => {
    // Friday 27 March 09:30 in New York is 13:30Z (EDT); the next step on Monday 30 March as well.
    const result = nextDispatch(
      input({
        today: '2026-03-26',
        timeZone: 'America/New_York',
        sendHour: '09:30',
        invoices: [invoice({ dueDate: '2026-03-26', stepsDone: ['courtesy'] })],
      }),
    );
    expect(result).toEqual({
      date: '2026-03-27',
      local: '2026-03-27T09:30:00',
      utc: '2026-03-27T13:30:00.000Z',
      items: [{ invoiceId: 'F-1', itemKey: 'F-1', stepId: 'friendly' }],
    });
  });
});
