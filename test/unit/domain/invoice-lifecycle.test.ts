import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '#shared/domain/errors.ts';
import {
  agreePaymentPlan,
  applySourceData,
  changeState,
  type Invoice,
  type InvoiceSourceData,
  instalmentsPaid,
  invoiceStatus,
} from '#shared/domain/invoice.ts';
import {
  assertTransition,
  canTransition,
  INVOICE_STATES,
  type InvoiceState,
} from '#shared/domain/invoice-lifecycle.ts';
import { withAllocations } from '#shared/domain/payment.ts';

const actor = { kind: 'integration', id: 'test' } as const;
const NOW = '2026-11-23T10:00:00.000Z';

function data(overrides: Partial<InvoiceSourceData> = {}): InvoiceSourceData {
  return {
    source: 'api',
    externalId: 'INV-77',
    number: 'F-2026-077',
    customerId: 'cus_1',
    issueDate: '2026-11-02',
    dueDate: '2026-12-02',
    currency: 'EUR',
    total: 120000,
    amountPaid: 0,
    ...overrides,
  };
}

const created = (overrides: Partial<InvoiceSourceData> = {}): Invoice =>
  applySourceData(undefined, data(overrides), { now: NOW, actor }).invoice;

describe('invoice lifecycle', () => {
  // The full table, written out so a change to the rules shows up here as a failing line.
  const allowed: Record<InvoiceState, InvoiceState[]> = {
    open: ['partially_paid', 'paid', 'disputed', 'promised', 'in_payment_plan', 'in_collection', 'written_off', 'void'],
    partially_paid: ['open', 'paid', 'disputed', 'promised', 'in_payment_plan', 'in_collection', 'written_off', 'void'],
    paid: ['open', 'partially_paid', 'void'],
    disputed: ['open', 'partially_paid', 'paid', 'promised', 'in_payment_plan', 'in_collection', 'written_off', 'void'],
    promised: ['open', 'partially_paid', 'paid', 'disputed', 'in_payment_plan', 'in_collection', 'written_off', 'void'],
    in_payment_plan: ['open', 'partially_paid', 'paid', 'disputed', 'in_collection', 'written_off', 'void'],
    in_collection: ['open', 'paid', 'written_off', 'void'],
    written_off: ['open', 'paid'],
    void: [],
  };

  for (const from of INVOICE_STATES) {
    for (const to of INVOICE_STATES) {
      if (from === to) continue;
      const ok = allowed[from].includes(to);
      it(`${from} → ${to} is ${ok ? 'allowed' : 'refused'}`, () => {
        expect(canTransition(from, to)).toBe(ok);
        if (ok) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(() => assertTransition(from, to)).toThrow(InvalidTransitionError);
      });
    }
  }

  it('derives not yet due, due and overdue from the day', () => {
    const invoice = created();
    expect(invoiceStatus(invoice, '2026-12-01')).toBe('not_yet_due');
    expect(invoiceStatus(invoice, '2026-12-02')).toBe('due');
    expect(invoiceStatus(invoice, '2026-12-03')).toBe('overdue');
    expect(invoiceStatus({ ...invoice, state: 'disputed' }, '2026-12-03')).toBe('disputed');
  });

  it('settles from the amounts: partial, then paid, then reopened when a payment is undone', () => {
    const invoice = created();
    const partial = applySourceData(invoice, data({ amountPaid: 20000 }), { now: NOW, actor });
    expect(partial.invoice.state).toBe('partially_paid');
    expect(partial.events.map((e) => e.type)).toEqual(['invoice.updated', 'invoice.state_changed']);
    const paid = applySourceData(partial.invoice, data({ amountPaid: 120000 }), { now: NOW, actor });
    expect(paid.invoice.state).toBe('paid');
    const reopened = applySourceData(paid.invoice, data({ amountPaid: 0 }), { now: NOW, actor });
    expect(reopened.invoice.state).toBe('open');
  });

  it('counts a payment seen by the bank and by the source once', () => {
    const invoice = created();
    const alloc = withAllocations(
      invoice,
      [{ id: 'a1', paymentId: 'p1', invoiceId: invoice.id, amount: 120000, appliedAt: NOW }],
      { now: NOW, actor, causeKey: 'tx1' },
    );
    expect(alloc.invoice.state).toBe('paid');
    const sourceAlsoPaid = applySourceData(alloc.invoice, data({ amountPaid: 120000 }), { now: NOW, actor });
    expect(sourceAlsoPaid.invoice.state).toBe('paid');
    expect(sourceAlsoPaid.invoice.allocated + 0).toBe(120000);
  });

  it('keeps a side state while partial payments arrive, and leaves it when fully paid', () => {
    const disputed = changeState(created(), 'disputed', {
      now: NOW,
      actor,
      reason: 'wrong quantity',
      causeKey: 'd1',
    }).invoice;
    const partial = applySourceData(disputed, data({ amountPaid: 1000 }), { now: NOW, actor });
    expect(partial.invoice.state).toBe('disputed');
    expect(applySourceData(partial.invoice, data({ amountPaid: 120000 }), { now: NOW, actor }).invoice.state).toBe(
      'paid',
    );
  });

  it('returns to whatever the amounts say when a side state ends', () => {
    const promised = changeState(
      applySourceData(created(), data({ amountPaid: 500 }), { now: NOW, actor }).invoice,
      'promised',
      {
        now: NOW,
        actor,
        causeKey: 'p',
        promise: { date: '2026-12-15', amount: 50000 },
      },
    ).invoice;
    expect(promised).toMatchObject({ promisedDate: '2026-12-15', promisedAmount: 50000 });
    const broken = changeState(promised, 'open', { now: NOW, actor, causeKey: 'broken' }).invoice;
    expect(broken.state).toBe('partially_paid');
    expect(broken.promisedDate).toBeUndefined();
  });

  it('needs a date for a promise to pay', () => {
    expect(() => changeState(created(), 'promised', { now: NOW, actor, causeKey: 'p' })).toThrow(/promise\.date/);
    expect(() =>
      changeState(created(), 'promised', {
        now: NOW,
        actor,
        causeKey: 'p',
        promise: { date: '2026-12-01', amount: -1 },
      }),
    ).toThrow(/promise\.amount/);
  });

  it('voids from the source and ignores anything after', () => {
    const voided = applySourceData(created(), data({ voided: true }), { now: NOW, actor });
    expect(voided.invoice.state).toBe('void');
    const later = applySourceData(voided.invoice, data({ total: 5 }), { now: NOW, actor });
    expect(later.changed).toBe(false);
    expect(() => changeState(voided.invoice, 'open', { now: NOW, actor, causeKey: 'x' })).toThrow(
      InvalidTransitionError,
    );
  });

  it('ignores identical and older data', () => {
    const v2 = applySourceData(undefined, data({ sourceVersion: '00000000000000000002' }), { now: NOW, actor }).invoice;
    expect(applySourceData(v2, data({ sourceVersion: '00000000000000000002' }), { now: NOW, actor }).changed).toBe(
      false,
    );
    expect(
      applySourceData(v2, data({ sourceVersion: '00000000000000000001', total: 1 }), { now: NOW, actor }).changed,
    ).toBe(false);
    expect(
      applySourceData(v2, data({ sourceVersion: '00000000000000000003', total: 1000 }), { now: NOW, actor }).changed,
    ).toBe(true);
  });

  it('names the field of invalid data', () => {
    expect(() => created({ dueDate: '2026-02-30' })).toThrow(/dueDate/);
    expect(() => created({ dueDate: '2026-10-01' })).toThrow(/dueDate: is before issueDate/);
    expect(() => created({ total: 10.5 })).toThrow(/total/);
    expect(() => created({ amountPaid: 130000 })).toThrow(/amountPaid/);
    expect(() => created({ currency: 'eur' })).toThrow(/currency/);
    expect(() => created({ number: '  ' })).toThrow(/number/);
  });

  it('agrees a payment plan whose instalments add up to the balance, and counts payments in order', () => {
    const partly = applySourceData(created(), data({ amountPaid: 20000 }), { now: NOW, actor }).invoice;
    const ctx = { now: NOW, actor, causeKey: 'plan' };
    expect(() => agreePaymentPlan(partly, [{ dueDate: '2026-12-01', amount: 100000 }], ctx)).toThrow(/at least two/);
    expect(() =>
      agreePaymentPlan(
        partly,
        [
          { dueDate: '2026-12-01', amount: 50000 },
          { dueDate: '2026-12-01', amount: 50000 },
        ],
        ctx,
      ),
    ).toThrow(/instalments\[1\]\.dueDate/);
    expect(() =>
      agreePaymentPlan(
        partly,
        [
          { dueDate: '2026-12-01', amount: 50000 },
          { dueDate: '2027-01-01', amount: 40000 },
        ],
        ctx,
      ),
    ).toThrow(/add up to 90000, the balance is 100000/);
    const plan = agreePaymentPlan(
      partly,
      [
        { dueDate: '2026-12-01', amount: 50000 },
        { dueDate: '2027-01-01', amount: 50000 },
      ],
      ctx,
    ).invoice;
    expect(plan.state).toBe('in_payment_plan');
    expect(instalmentsPaid(plan)).toEqual(new Set());
    // 20 000 was received before the plan: only what comes after pays instalments.
    const first = applySourceData(plan, data({ amountPaid: 70000 }), { now: NOW, actor }).invoice;
    expect(first.state).toBe('in_payment_plan');
    expect(instalmentsPaid(first)).toEqual(new Set(['i1']));
    expect(applySourceData(first, data({ amountPaid: 120000 }), { now: NOW, actor }).invoice.state).toBe('paid');
    // Back to the normal course: the plan is dropped.
    expect(changeState(first, 'open', { now: NOW, actor, causeKey: 'broken' }).invoice.paymentPlan).toBeUndefined();
  });
});
