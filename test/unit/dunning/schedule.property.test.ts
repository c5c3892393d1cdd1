/**
 * Property tests of the planner: random due dates 2024-2030, random plans, zones and send times.
 * Two ways of running a customer's dunning must agree and keep the rules:
 * - a sweep every day at the send time (`dueSteps` only);
 * - the production flow, jumping from one `nextDispatch` to the next.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar-date.ts';
import { isBusinessDay } from '#shared/domain/dunning/business-calendar.ts';
import { CHANNELS, type DunningPlan, type PlanStep, type ToneLevel } from '#shared/domain/dunning/plan.ts';
import {
  type DunningInvoiceView,
  dueSteps,
  nextDispatch,
  planSchedule,
  type ScheduleInput,
} from '#shared/domain/dunning/schedule.ts';
import { localDateTime, parseSendHour, sendInstant } from '#shared/domain/dunning/send-time.ts';
import { money } from '#shared/domain/money.ts';

const ZONES = [
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Africa/Cairo',
  'Asia/Tokyo',
  'UTC',
];

const dateArb = (from: IsoDate, days: number) => fc.integer({ min: 0, max: days }).map((n) => addDays(from, n));
const dueDateArb = dateArb('2024-01-01', 2556); // through 2030-12-31

const planArb: fc.Arbitrary<DunningPlan> = fc
  .uniqueArray(fc.integer({ min: -15, max: 90 }), { minLength: 1, maxLength: 8 })
  .chain((offsets) => {
    const sorted = [...offsets].sort((a, b) => a - b);
    return fc
      .tuple(
        ...sorted.map((offsetDays, i) =>
          fc
            .record({
              channel: fc.constantFrom(...CHANNELS),
              tone: fc.integer({ min: 1, max: 5 }).map((t) => t as ToneLevel),
              penalties: fc.constantFrom('none' as const, 'mention' as const, 'charge' as const),
              attachPdfs: fc.boolean(),
            })
            .map((rest): PlanStep => ({ id: `s${i}`, offsetDays, template: `t${i}`, ...rest })),
        ),
      )
      .map((steps) => ({ id: 'random', name: 'Random plan', steps }));
  });

/** Send times away from the small hours, where DST gaps move the wall clock. */
const sendHourArb = fc.oneof(
  fc.integer({ min: 5, max: 20 }),
  fc
    .tuple(fc.integer({ min: 5, max: 20 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
);

const scenarioArb = fc.record({
  plan: planArb,
  // One customer's invoices: the first due date anywhere in 2024-2030, the others within two months of it.
  dueDates: fc
    .tuple(dueDateArb, fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 2 }))
    .map(([first, gaps]) => [first, ...gaps.map((g) => addDays(first, g))]),
  timeZone: fc.constantFrom(...ZONES),
  sendHour: sendHourArb,
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const invoicesOf = (s: Scenario): DunningInvoiceView[] =>
  s.dueDates.map((dueDate, i) => ({
    id: `F-${i}`,
    dueDate,
    balance: money(100000, 'EUR'),
    state: 'open',
    stepsDone: [],
  }));

interface Sent {
  invoiceId: string;
  stepId: string;
  index: number;
  day: IsoDate;
  scheduledOn: IsoDate;
  utc: string;
}

/** Marks a due step, and the ones it skipped, as done. */
function record(invoices: DunningInvoiceView[], due: ReturnType<typeof dueSteps>): DunningInvoiceView[] {
  return invoices.map((inv) => {
    const mine = due.filter((d) => d.invoiceId === inv.id);
    if (mine.length === 0) return inv;
    return { ...inv, stepsDone: [...inv.stepsDone, ...mine.flatMap((d) => [...d.skippedStepIds, d.step.id])] };
  });
}

const stepIndex = (plan: DunningPlan, id: string) => plan.steps.findIndex((st) => st.id === id);

/** Run every day from `from` to `to`, at the send time; `skip(day)` simulates downtime. */
function dailySweep(
  s: Scenario,
  invoices: DunningInvoiceView[],
  from: IsoDate,
  to: IsoDate,
  skip: (day: IsoDate) => boolean = () => false,
): { sent: Sent[]; invoices: DunningInvoiceView[] } {
  const sent: Sent[] = [];
  let state = invoices;
  for (let day = from; compareDates(day, to) <= 0; day = addDays(day, 1)) {
    if (skip(day)) continue;
    const now = sendInstant(day, s.sendHour, s.timeZone).utc;
    const due = dueSteps({
      today: day,
      now,
      timeZone: s.timeZone,
      sendHour: s.sendHour,
      invoices: state,
      plan: s.plan,
    });
    for (const d of due) {
      sent.push({
        invoiceId: d.invoiceId,
        stepId: d.step.id,
        index: stepIndex(s.plan, d.step.id),
        day,
        scheduledOn: d.scheduledOn,
        utc: now,
      });
    }
    state = record(state, due);
  }
  return { sent, invoices: state };
}

/** The production flow: sleep until `nextDispatch`, send `dueSteps`, repeat. */
function driveByNextDispatch(s: Scenario, invoices: DunningInvoiceView[], start: IsoDate): Sent[] {
  const sent: Sent[] = [];
  let state = invoices;
  let today = start;
  let now = sendInstant(start, '04:00', s.timeZone).utc;
  for (let guard = 0; guard < 100; guard++) {
    const base: ScheduleInput = {
      today,
      now,
      timeZone: s.timeZone,
      sendHour: s.sendHour,
      invoices: state,
      plan: s.plan,
    };
    const next = nextDispatch(base);
    if (!next) return sent;
    // Strictly in the future, on a business day, at the send time in the customer's zone.
    expect(Date.parse(next.utc)).toBeGreaterThan(Date.parse(now));
    expect(isBusinessDay(next.date)).toBe(true);
    expect(localDateTime(next.utc, s.timeZone).date).toBe(next.date);
    expect(next.local.slice(0, 10)).toBe(next.date);
    today = next.date;
    now = next.utc;
    const due = dueSteps({ ...base, today, now });
    // What nextDispatch announced is exactly what goes out when it fires.
    expect(due.map((d) => [d.itemKey, d.step.id])).toEqual(next.items.map((i) => [i.itemKey, i.stepId]));
    for (const d of due) {
      sent.push({
        invoiceId: d.invoiceId,
        stepId: d.step.id,
        index: stepIndex(s.plan, d.step.id),
        day: today,
        scheduledOn: d.scheduledOn,
        utc: now,
      });
    }
    state = record(state, due);
  }
  throw new Error('nextDispatch did not settle in 100 dispatches');
}

function lastStepDay(s: Scenario): IsoDate {
  return s.dueDates
    .map((d) => planSchedule(d, s.plan).at(-1)?.date as IsoDate)
    .sort(compareDates)
    .at(-1) as IsoDate;
}

function earliestStart(s: Scenario): IsoDate {
  return addDays([...s.dueDates].sort(compareDates)[0] as IsoDate, -20);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

describe('planner properties', () => {
  it('every dispatch is on a business day at the send time, in step order, never before its step', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { sent } = dailySweep(s, invoicesOf(s), earliestStart(s), addDays(lastStepDay(s), 5));
        for (const x of sent) {
          expect(isBusinessDay(x.day)).toBe(true);
          const local = localDateTime(x.utc, s.timeZone);
          expect(local.date).toBe(x.day);
          expect(minutesOf(local.time)).toBe(parseSendHour(s.sendHour));
          expect(compareDates(x.scheduledOn, x.day)).toBeLessThanOrEqual(0);
        }
        for (const id of new Set(sent.map((x) => x.invoiceId))) {
          const mine = sent.filter((x) => x.invoiceId === id);
          for (let i = 1; i < mine.length; i++) {
            const [prev, cur] = [mine[i - 1] as Sent, mine[i] as Sent];
            expect(cur.index).toBeGreaterThan(prev.index); // steps come out in order, none twice
            expect(compareDates(cur.day, prev.day)).toBeGreaterThan(0); // never before the previous step
            expect(compareDates(cur.scheduledOn, prev.scheduledOn)).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('without downtime each step goes out on its own date, except collapsed and stale pre-due steps', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { sent } = dailySweep(s, invoicesOf(s), earliestStart(s), addDays(lastStepDay(s), 5));
        for (const inv of invoicesOf(s)) {
          const schedule = planSchedule(inv.dueDate, s.plan);
          // On each step date, the latest step of that date that may still be sent goes out.
          const expected: [string, IsoDate][] = [];
          for (const day of [...new Set(schedule.map((x) => x.date))]) {
            const sendable = schedule.filter(
              (x) => x.date === day && !(x.step.offsetDays < 0 && compareDates(day, inv.dueDate) > 0),
            );
            const last = sendable.at(-1);
            if (last) expected.push([last.step.id, day]);
          }
          const actual = sent.filter((x) => x.invoiceId === inv.id).map((x): [string, IsoDate] => [x.stepId, x.day]);
          expect(actual).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the nextDispatch flow sends exactly what a daily sweep sends', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const start = earliestStart(s);
        const bySweep = dailySweep(s, invoicesOf(s), start, addDays(lastStepDay(s), 5)).sent;
        const byNext = driveByNextDispatch(s, invoicesOf(s), start);
        const key = (x: Sent) => `${x.day} ${x.invoiceId} ${x.stepId} ${x.utc}`;
        expect(byNext.map(key).sort()).toEqual(bySweep.map(key).sort());
      }),
      { numRuns: 150 },
    );
  });

  it('a paid (or zero-balance) invoice produces nothing, ever', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), (s, byState) => {
        const invoices = invoicesOf(s).map(
          (inv): DunningInvoiceView => (byState ? { ...inv, state: 'paid' } : { ...inv, balance: money(0, 'EUR') }),
        );
        const { sent } = dailySweep(s, invoices, earliestStart(s), addDays(lastStepDay(s), 5));
        expect(sent).toEqual([]);
        const today = earliestStart(s);
        expect(
          nextDispatch({ today, timeZone: s.timeZone, sendHour: s.sendHour, invoices, plan: s.plan }),
        ).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  it('a paused invoice gets nothing until the pause ends, then only the latest due step', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: -20, max: 120 }), (s, pauseOffset) => {
        const dueDate = s.dueDates[0] as IsoDate;
        const pausedUntil = addDays(dueDate, pauseOffset);
        const inv: DunningInvoiceView = {
          id: 'P',
          dueDate,
          balance: money(5000, 'EUR'),
          state: 'open',
          stepsDone: [],
          pausedUntil,
        };
        const single = { ...s, dueDates: [dueDate] };
        const { sent } = dailySweep(single, [inv], earliestStart(single), addDays(lastStepDay(single), 5));
        for (const x of sent) expect(compareDates(x.day, pausedUntil)).toBeGreaterThan(0);
        // The first dispatch after the pause catches up with one step only: the latest that is due.
        const first = sent[0];
        if (first) {
          const schedule = planSchedule(dueDate, s.plan);
          const dueByThen = schedule.filter(
            (x) =>
              compareDates(x.date, first.day) <= 0 && !(x.step.offsetDays < 0 && compareDates(first.day, dueDate) > 0),
          );
          expect(first.stepId).toBe(dueByThen.at(-1)?.step.id);
          expect(sent.filter((x) => x.day === first.day)).toHaveLength(1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('after downtime the first sweep sends only the latest due step per invoice', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 60 }), (s, at, length) => {
        const start = earliestStart(s);
        const downFrom = addDays(start, at);
        const downTo = addDays(downFrom, length);
        const down = (day: IsoDate) => compareDates(day, downFrom) >= 0 && compareDates(day, downTo) <= 0;
        const { sent } = dailySweep(s, invoicesOf(s), start, addDays(lastStepDay(s), 5), down);
        for (const inv of invoicesOf(s)) {
          const mine = sent.filter((x) => x.invoiceId === inv.id);
          // Never two messages for the same invoice on the same day: no burst.
          expect(new Set(mine.map((x) => x.day)).size).toBe(mine.length);
          const afterDowntime = mine.find((x) => compareDates(x.day, downTo) > 0);
          if (!afterDowntime) continue;
          const schedule = planSchedule(inv.dueDate, s.plan);
          const stale = (x: (typeof schedule)[number]) =>
            x.step.offsetDays < 0 && compareDates(afterDowntime.day, inv.dueDate) > 0;
          const latestDue = schedule.filter((x) => compareDates(x.date, afterDowntime.day) <= 0 && !stale(x)).at(-1);
          expect(afterDowntime.stepId).toBe(latestDue?.step.id);
        }
      }),
      { numRuns: 100 },
    );
  });
});
