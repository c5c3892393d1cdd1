import { describe, expect, it } from 'vitest';
import { type Customer, validateCustomer } from '#shared/domain/customer.ts';
import {
  aging,
  computeAggregate,
  type LedgerEntry,
  oldestOverdueDays,
  overdueBalances,
} from '#shared/domain/customer-aggregate.ts';
import { frenchVatFromSiren, isValidSiren, isValidSiret, isValidVatNumber } from '#shared/domain/french-identifiers.ts';

const base: Customer = {
  id: 'cus_1',
  legalName: 'Acme SAS',
  language: 'fr',
  timeZone: 'Europe/Paris',
  segment: 'standard',
  contacts: [],
  sourceRefs: [],
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
};

describe('French identifiers', () => {
  it('checks SIREN, SIRET and VAT keys', () => {
    expect(isValidSiren('732 829 320')).toBe(true);
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(frenchVatFromSiren('303265045')).toBe('FR40303265045');
    expect(isValidVatNumber('FR40303265045')).toBe(true);
    expect(isValidVatNumber('FR41303265045')).toBe(false);
    expect(isValidVatNumber('DE123456789')).toBe(true);
  });
});

describe('validateCustomer', () => {
  it('normalises identifiers and derives the SIREN', () => {
    const c = validateCustomer({ ...base, vatNumber: 'fr 40 303 265 045' });
    expect(c.vatNumber).toBe('FR40303265045');
    expect(c.siren).toBe('303265045');
  });

  it('requires exactly one primary billing contact', () => {
    const contact = { id: 'a', name: 'Marie', email: 'marie@acme.example', role: 'billing' as const, primary: false };
    expect(() => validateCustomer({ ...base, contacts: [contact] })).toThrow(/exactly one primary/);
    expect(() =>
      validateCustomer({
        ...base,
        contacts: [
          { ...contact, primary: true },
          { ...contact, id: 'b', primary: true },
        ],
      }),
    ).toThrow(/found 2/);
    expect(validateCustomer({ ...base, contacts: [{ ...contact, primary: true }] }).contacts).toHaveLength(1);
  });

  it('names the faulty field', () => {
    expect(() => validateCustomer({ ...base, siret: '123' })).toThrow(/^siret:/);
    expect(() => validateCustomer({ ...base, timeZone: 'Mars/Olympus' })).toThrow(/^timeZone:/);
    expect(() =>
      validateCustomer({ ...base, contacts: [{ id: 'a', name: 'X', email: 'nope', role: 'billing', primary: true }] }),
    ).toThrow(/^contacts\[0\]\.email:/);
    expect(() => validateCustomer({ ...base, legalName: ' ' })).toThrow(/^legalName:/);
  });
});

describe('customer aggregate', () => {
  const entries: LedgerEntry[] = [
    { invoiceId: 'i1', dueDate: '2026-10-01', currency: 'EUR', balance: 10000, state: 'open' },
    { invoiceId: 'i2', dueDate: '2026-11-30', currency: 'EUR', balance: 5000, state: 'partially_paid' },
    { invoiceId: 'i3', dueDate: '2026-09-01', currency: 'EUR', balance: 0, state: 'paid' },
    { invoiceId: 'i4', dueDate: '2026-08-01', currency: 'EUR', balance: 7000, state: 'written_off' },
    { invoiceId: 'i5', dueDate: '2026-07-01', currency: 'USD', balance: 300, state: 'disputed' },
  ];

  it('totals collectible balances per currency and orders the ladder by due date', () => {
    const agg = computeAggregate(entries);
    expect(agg.openCount).toBe(3);
    expect(agg.balances).toEqual([
      { amount: 15000, currency: 'EUR' },
      { amount: 300, currency: 'USD' },
    ]);
    expect(agg.ladder.map((l) => l.invoiceId)).toEqual(['i5', 'i1', 'i2']);
    expect(agg.oldestDueDate).toBe('2026-07-01');
  });

  it('derives overdue, oldest days late and aging for a given day', () => {
    const agg = computeAggregate(entries);
    expect(overdueBalances(agg, '2026-11-23')).toEqual([
      { amount: 10000, currency: 'EUR' },
      { amount: 300, currency: 'USD' },
    ]);
    expect(oldestOverdueDays(agg, '2026-11-23')).toBe(145);
    expect(aging(agg, '2026-11-23', 'EUR')).toEqual({
      not_due: 5000,
      '1_30': 0,
      '31_60': 10000,
      '61_90': 0,
      '90_plus': 0,
    });
  });
});
