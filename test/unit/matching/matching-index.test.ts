import { describe, expect, it } from 'vitest';
import {
  buildMatchingIndex,
  invoicesWithBalanceBetween,
  normalizeIban,
  recordAllocations,
} from '#shared/domain/matching/matching-index.ts';
import { identifyPayers } from '#shared/domain/matching/payer-identification.ts';
import { money } from '#shared/domain/money.ts';
import { aCredit, anInvoice, aPayer, DUPONT_IBAN, eur } from './fixtures.ts';

const A = anInvoice({ id: 'A', number: 'F-2026-0042', balance: eur(100_00), dueDate: '2026-03-20' });
const B = anInvoice({ id: 'B', number: 'F-2026-0043', balance: eur(250_00), dueDate: '2026-03-05' });
const C = anInvoice({ id: 'C', number: 'F-2026-0044', customerId: 'CUS-OTHER', balance: eur(250_00) });
const PAID = anInvoice({ id: 'PAID', number: 'F-2026-0045', balance: eur(0) });

describe('buildMatchingIndex', () => {
  it('indexes open invoices by RF, number keys and customer (oldest due first), skipping settled ones', () => {
    // Act
    const index = buildMatchingIndex([A, B, C, PAID], []);
    // Assess
    expect(index.byRf.get(A.rfReference)?.map((e) => e.invoice.id)).toEqual(['A']);
    expect(index.byCompact.get('F20260042')?.map((e) => e.invoice.id)).toEqual(['A']);
    expect(index.byKey.get('2026-42')?.map((e) => e.invoice.id)).toEqual(['A']);
    expect(index.customers.get('CUS-DUPONT')?.invoices.map((e) => e.invoice.id)).toEqual(['B', 'A']);
    expect(index.byId.has('PAID')).toBe(false);
    expect([...index.currencies]).toEqual(['EUR']);
  });

  it('indexes payer IBANs in electronic format and name tokens', () => {
    // Act
    const index = buildMatchingIndex([A], [aPayer('CUS-DUPONT', ['Dupont & Fils SARL'], [DUPONT_IBAN])]);
    // Assess
    expect(index.byIban.get(normalizeIban(DUPONT_IBAN))).toEqual(['CUS-DUPONT']);
    expect(index.byNameToken.get('DUPONT')).toEqual(['CUS-DUPONT']);
    expect(index.customers.get('CUS-DUPONT')?.names).toEqual([['DUPONT', 'FILS']]);
  });
});

describe('invoicesWithBalanceBetween', () => {
  it('returns the invoices whose balance lies in the range, bounds included', () => {
    // Prepare
    const index = buildMatchingIndex([A, B, C], []);
    // Act / Assess
    expect(
      invoicesWithBalanceBetween(index, 250_00, 255_00)
        .map((e) => e.invoice.id)
        .sort(),
    ).toEqual(['B', 'C']);
    expect(invoicesWithBalanceBetween(index, 99_00, 100_00).map((e) => e.invoice.id)).toEqual(['A']);
    expect(invoicesWithBalanceBetween(index, 100_01, 249_99)).toEqual([]);
  });
});

describe('recordAllocations', () => {
  it('lowers a partly paid balance and removes a fully paid invoice from every look-up', () => {
    // Prepare
    const index = buildMatchingIndex([A, B, C], []);
    // Act
    recordAllocations(index, [
      { invoiceId: 'B', amount: eur(50_00) },
      { invoiceId: 'A', amount: eur(100_00) },
      { invoiceId: 'UNKNOWN', amount: eur(1_00) },
    ]);
    // Assess
    expect(index.byId.get('B')?.invoice.balance).toEqual(money(200_00, 'EUR'));
    expect(invoicesWithBalanceBetween(index, 200_00, 200_00).map((e) => e.invoice.id)).toEqual(['B']);
    expect(index.byId.has('A')).toBe(false);
    expect(index.byRf.has(A.rfReference)).toBe(false);
    expect(index.byKey.has('2026-42')).toBe(false);
    expect(index.customers.get('CUS-DUPONT')?.invoices.map((e) => e.invoice.id)).toEqual(['B']);
    expect(index.byBalance.map((e) => e.invoice.balance.amount)).toEqual([200_00, 250_00]);
  });
});

describe('identifyPayers', () => {
  const payers = [
    aPayer('CUS-DUPONT', ['Dupont SARL'], [DUPONT_IBAN]),
    aPayer('CUS-DUPOND', ['Dupond SAS']),
    aPayer('CUS-GROUP-A', ['Alpha Holding'], ['FR7610207000011111111111111']),
    aPayer('CUS-GROUP-B', ['Beta Services'], ['FR7610207000011111111111111']),
  ];

  it('recognises a known IBAN, whatever its spacing', () => {
    // Prepare
    const index = buildMatchingIndex([], payers);
    // Act
    const found = identifyPayers(index, aCredit({ amount: eur(1), counterpartyIban: DUPONT_IBAN.replace(/ /g, '') }));
    // Assess
    expect(found).toEqual([{ customerId: 'CUS-DUPONT', iban: true, ibanShared: 1, nameScore: 0 }]);
  });

  it('flags an IBAN several customers pay from', () => {
    // Prepare
    const index = buildMatchingIndex([], payers);
    // Act
    const found = identifyPayers(index, aCredit({ amount: eur(1), counterpartyIban: 'FR7610207000011111111111111' }));
    // Assess
    expect(found.map((p) => [p.customerId, p.ibanShared])).toEqual([
      ['CUS-GROUP-A', 2],
      ['CUS-GROUP-B', 2],
    ]);
  });

  it('finds customers by name, closest first, including look-alikes', () => {
    // Prepare
    const index = buildMatchingIndex([], payers);
    // Act
    const found = identifyPayers(index, aCredit({ amount: eur(1), counterpartyName: 'STE DUPONT' }));
    // Assess
    expect(found.map((p) => p.customerId)).toEqual(['CUS-DUPONT', 'CUS-DUPOND']);
    expect(found[0]?.nameScore).toBe(1);
    expect(found[1]?.nameScore).toBeLessThan(1);
  });

  it('does not search names when a known IBAN and its holder name agree', () => {
    // Prepare
    const index = buildMatchingIndex([], payers);
    // Act
    const found = identifyPayers(
      index,
      aCredit({ amount: eur(1), counterpartyIban: DUPONT_IBAN, counterpartyName: 'DUPONT SARL' }),
    );
    // Assess
    expect(found.map((p) => p.customerId)).toEqual(['CUS-DUPONT']);
  });
});
