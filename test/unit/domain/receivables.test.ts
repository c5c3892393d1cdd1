import { describe, expect, it } from 'vitest';
import { computeAggregate, type LadderItem, ledgerEntryOf, sameAggregate } from '#shared/domain/customer-aggregate.ts';
import { DEFAULT_PLAN } from '#shared/domain/dunning/plan.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';
import { applySourceData, changeState } from '#shared/domain/invoice.ts';
import { money } from '#shared/domain/money.ts';
import { withAllocations } from '#shared/domain/payment.ts';
import { countBackDso, countBackPeriods } from '#shared/domain/receivables/dso.ts';
import { EPC_MAX_BYTES, epcPayload } from '#shared/domain/receivables/epc-qr.ts';
import { paymentBehaviour } from '#shared/domain/receivables/payment-behaviour.ts';
import { upcomingReminders } from '#shared/domain/receivables/upcoming-reminders.ts';

const actor = { kind: 'user', id: 't' } as const;

describe('EPC QR payload (EPC069-12 v002)', () => {
  it('puts the twelve fields in the spec order, the RF reference in field 10', () => {
    const payload = epcPayload({
      bic: 'agri frpp xxx',
      name: 'Votre Société SAS',
      iban: 'FR76 3000 6000 0112 3456 7890 189',
      amount: money(123456, 'EUR'),
      reference: 'RF18 5390 0754 7034',
    });
    expect(payload.split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'AGRIFRPPXXX',
      'Votre Société SAS',
      'FR7630006000011234567890189',
      'EUR1234.56',
      '',
      'RF18539007547034',
    ]);
  });

  it('keeps the empty BIC and amount lines, uses the text field without a reference, trims trailing fields', () => {
    const lines = epcPayload({ name: 'A', iban: 'FR7630006000011234567890189', text: 'Facture F-1\nmerci' }).split(
      '\n',
    );
    expect(lines).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      '',
      'A',
      'FR7630006000011234567890189',
      '',
      '',
      '',
      'Facture F-1 merci',
    ]);
    expect(epcPayload({ name: 'A', iban: 'FR7630006000011234567890189' }).split('\n')).toHaveLength(7);
  });

  it('refuses what a banking app would reject', () => {
    const base = { name: 'A', iban: 'FR7630006000011234567890189' };
    expect(() => epcPayload({ ...base, amount: money(100, 'USD') })).toThrow(InvalidValueError);
    expect(() => epcPayload({ ...base, amount: money(100_000_000_000, 'EUR') })).toThrow(InvalidValueError);
    expect(() => epcPayload({ ...base, iban: 'nope' })).toThrow(InvalidValueError);
    expect(() => epcPayload({ ...base, name: 'x'.repeat(71) })).toThrow(InvalidValueError);
    expect(() => epcPayload({ ...base, reference: 'R'.repeat(36) })).toThrow(InvalidValueError);
    const long = epcPayload({ ...base, name: 'x'.repeat(70), text: 'y'.repeat(140), note: 'z'.repeat(70) });
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(EPC_MAX_BYTES);
  });
});

describe('count-back DSO', () => {
  it('walks back month by month (the worked example)', () => {
    expect(countBackDso(25_000, { '2026-03': 10_000, '2026-02': 20_000 }, '2026-03-15')).toEqual({
      days: 36,
      capped: false,
    });
  });
  it('is a fraction of the current month when its sales cover the receivables', () => {
    expect(countBackDso(5_000, { '2026-03': 10_000 }, '2026-03-20')).toEqual({ days: 10, capped: false });
  });
  it('counts months without sales in full and says when the history runs out', () => {
    expect(countBackDso(10_000, { '2026-01': 10_000 }, '2026-03-10')).toEqual({ days: 10 + 28 + 31, capped: false });
    expect(countBackDso(50_000, { '2026-03': 1_000 }, '2026-03-10', 2)).toEqual({ days: 10 + 28, capped: true });
    expect(countBackDso(0, {}, '2026-03-10')).toEqual({ days: 0, capped: false });
  });
  it('counts the current month up to today and full previous months', () => {
    expect(countBackPeriods('2024-03-05', 3)).toEqual([
      { month: '2024-03', days: 5 },
      { month: '2024-02', days: 29 },
      { month: '2024-01', days: 31 },
    ]);
  });
});

describe('sales per month in the aggregate', () => {
  const inv = (id: string, issueDate: string, total: number, state = 'open') => ({
    invoiceId: id,
    dueDate: issueDate,
    currency: 'EUR',
    balance: total,
    state: state as 'open',
    issueDate,
    total,
  });
  it('totals by issue month, void excluded, compared field by field', () => {
    const a = computeAggregate([
      inv('a', '2026-03-02', 100),
      inv('b', '2026-03-20', 50, 'paid'),
      inv('c', '2026-02-01', 70),
      inv('d', '2026-02-01', 999, 'void'),
    ]);
    expect(a.sales).toEqual([
      { month: '2026-03', currency: 'EUR', amount: 150 },
      { month: '2026-02', currency: 'EUR', amount: 70 },
    ]);
    expect(sameAggregate(a, { ...a, sales: [] })).toBe(false);
    expect(sameAggregate(a, structuredClone(a))).toBe(true);
  });
  it('leaves the field out for entries recorded before it was kept', () => {
    expect(
      computeAggregate([{ invoiceId: 'x', dueDate: '2026-01-01', currency: 'EUR', balance: 1, state: 'open' }]),
    ).not.toHaveProperty('sales');
  });
});

describe('paidAt', () => {
  const data = {
    source: 'api',
    externalId: 'P1',
    number: 'F-1',
    customerId: 'cus_1',
    issueDate: '2026-01-01',
    dueDate: '2026-01-31',
    currency: 'EUR',
    total: 1000,
    amountPaid: 0,
  };
  it('is set when the balance reaches zero, kept while paid, removed when the payment is undone', () => {
    const created = applySourceData(undefined, data, { now: '2026-01-02T00:00:00Z', actor }).invoice;
    expect(created.paidAt).toBeUndefined();
    const paid = applySourceData(created, { ...data, amountPaid: 1000 }, { now: '2026-02-03T10:00:00Z', actor });
    expect(paid.invoice.paidAt).toBe('2026-02-03T10:00:00Z');
    expect(ledgerEntryOf(paid.invoice)).toMatchObject({ issueDate: '2026-01-01', total: 1000 });
    const reopened = applySourceData(paid.invoice, data, { now: '2026-02-04T00:00:00Z', actor });
    expect(reopened.invoice.paidAt).toBeUndefined();
  });
  it('is set by bank allocations too', () => {
    const created = applySourceData(undefined, data, { now: '2026-01-02T00:00:00Z', actor }).invoice;
    const change = withAllocations(
      created,
      [{ id: 'a', paymentId: 'p', invoiceId: created.id, amount: 1000, appliedAt: '2026-02-05T00:00:00Z' }],
      { now: '2026-02-05T08:00:00Z', actor, causeKey: 'k' },
    );
    expect(change.invoice).toMatchObject({ state: 'paid', paidAt: '2026-02-05T08:00:00Z' });
    const disputed = changeState(created, 'disputed', { now: 'n', actor, causeKey: 'c', reason: 'r' });
    expect(disputed.invoice.paidAt).toBeUndefined();
  });
});

describe('payment behaviour', () => {
  const paid = (dueDate: string, paidAt: string) => ({ state: 'paid', dueDate, paidAt, updatedAt: paidAt });
  it('averages days late (early counts as on time) and gives the on-time rate', () => {
    const b = paymentBehaviour(
      [
        paid('2026-01-10', '2026-01-05T10:00:00Z'),
        paid('2026-02-10', '2026-02-20T10:00:00Z'),
        { state: 'open', dueDate: '2026-03-01', updatedAt: '2026-03-01T00:00:00Z' },
      ],
      '2026-03-01',
    );
    expect(b).toMatchObject({ count: 2, averageDaysLate: 5, onTimeRate: 0.5 });
    expect(paymentBehaviour([], '2026-03-01')).toEqual({ count: 0 });
  });
  it('reads a trend from the last 90 days against the year before', () => {
    const worse = paymentBehaviour(
      [
        paid('2025-06-01', '2025-06-01T00:00:00Z'),
        paid('2025-07-01', '2025-07-02T00:00:00Z'),
        paid('2026-02-01', '2026-02-21T00:00:00Z'),
        paid('2026-02-10', '2026-03-01T00:00:00Z'),
      ],
      '2026-03-10',
    );
    expect(worse.trend).toBe('worsening');
    expect(worse.recentAverageDaysLate).toBe(19.5);
  });
});

describe('upcoming reminders (estimate from the ladder)', () => {
  it('lists the steps whose business day falls in the window, one message per customer, channel and day', () => {
    const ladder = (...items: LadderItem[]) => items;
    const out = upcomingReminders(
      [
        {
          customerId: 'c1',
          plan: DEFAULT_PLAN,
          // friendly (+1) on Tue 2026-11-24 for both; courtesy (−5) for a third due on 2026-11-30
          ladder: ladder(
            { invoiceId: 'i1', dueDate: '2026-11-23', currency: 'EUR', balance: 1 },
            { invoiceId: 'i2', dueDate: '2026-11-23', currency: 'EUR', balance: 1 },
            { invoiceId: 'i3', dueDate: '2026-11-30', currency: 'EUR', balance: 1 },
          ),
        },
        {
          customerId: 'c2',
          plan: DEFAULT_PLAN,
          pausedUntil: '2026-12-31',
          ladder: ladder({ invoiceId: 'i4', dueDate: '2026-11-23', currency: 'EUR', balance: 1 }),
        },
        {
          // From a summary digest: three invoices sharing a due date count as three.
          customerId: 'c3',
          plan: DEFAULT_PLAN,
          ladder: [{ dueDate: '2026-11-30', count: 3 }],
        },
      ],
      '2026-11-23',
      7,
    );
    expect(out).toEqual([
      { customerId: 'c1', date: '2026-11-24', channel: 'email', stepId: 'friendly', invoiceCount: 2 },
      { customerId: 'c1', date: '2026-11-25', channel: 'email', stepId: 'courtesy', invoiceCount: 1 },
      { customerId: 'c3', date: '2026-11-25', channel: 'email', stepId: 'courtesy', invoiceCount: 3 },
    ]);
  });
});
