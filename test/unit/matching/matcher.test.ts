import { describe, expect, it } from 'vitest';
import { defaultMatcherConfig, matchCredit } from '#shared/domain/matching/matcher.ts';
import { buildMatchingIndex, recordAllocations } from '#shared/domain/matching/matching-index.ts';
import type { MatchCandidate, MatchDecision } from '#shared/domain/matching/matching-types.ts';
import { formatRfReference } from '#shared/domain/matching/rf-reference.ts';
import { money } from '#shared/domain/money.ts';
import { aCredit, anInvoice, aPayer, DUPONT_IBAN, eur } from './fixtures.ts';

const MARTIN_IBAN = 'FR7630006000011234567890189';

const D1 = anInvoice({ id: 'D1', number: 'F-2026-0042', balance: eur(1_200_00), dueDate: '2026-03-03' });
const D2 = anInvoice({ id: 'D2', number: 'F-2026-0043', balance: eur(850_00), dueDate: '2026-03-10' });
const D3 = anInvoice({ id: 'D3', number: 'F-2026-0051', balance: eur(305_50), dueDate: '2026-03-20' });
const D4 = anInvoice({ id: 'D4', number: 'F-2026-0052', balance: eur(990_00), dueDate: '2026-03-25' });
const N1 = anInvoice({ id: 'N1', number: 'F-2026-0044', customerId: 'CUS-DUPOND', balance: eur(990_00) });
const B1 = anInvoice({ id: 'B1', number: 'FA000042', customerId: 'CUS-BOUL', balance: eur(42_00) });
const M1 = anInvoice({ id: 'M1', number: 'F-2026-0046', customerId: 'CUS-MARTIN', balance: eur(2_400_00) });
const M2 = anInvoice({ id: 'M2', number: 'F-2026-0047', customerId: 'CUS-MARTIN', balance: eur(2_400_00) });
const M3 = anInvoice({ id: 'M3', number: 'ABO-2026-03-0012', customerId: 'CUS-MARTIN', balance: eur(99_00) });
const Y1 = anInvoice({ id: 'Y1', number: 'F-2026-0024', customerId: 'CUS-MARTIN', balance: eur(777_00) });

const INVOICES = [D1, D2, D3, D4, N1, B1, M1, M2, M3, Y1];
const PAYERS = [
  aPayer('CUS-DUPONT', ['Dupont SARL', 'SARL DUPONT'], [DUPONT_IBAN]),
  aPayer('CUS-DUPOND', ['Dupond SAS']),
  aPayer('CUS-BOUL', ['Boulangerie Dupont']),
  aPayer('CUS-MARTIN', ['Martin et Fils SAS'], [MARTIN_IBAN]),
];
const config = defaultMatcherConfig('EUR');
const freshIndex = () => buildMatchingIndex(INVOICES, PAYERS);

function applied(decision: MatchDecision): MatchCandidate {
  if (decision.kind !== 'auto') throw new Error(`expected an automatic match, got ${decision.kind}`);
  return decision.candidate;
}

const allocated = (candidate: MatchCandidate) => candidate.allocations.map((a) => [a.invoiceId, a.amount.amount]);

describe('tier 1: references', () => {
  it('applies a structured RF reference even when nothing else is known about the payer', () => {
    // Prepare
    const credit = aCredit({ amount: eur(1_200_00), creditorReference: D1.rfReference });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(candidate.tier).toBe('reference');
    expect(allocated(candidate)).toEqual([['D1', 1_200_00]]);
    expect(candidate.confidence).toBeGreaterThanOrEqual(config.autoThreshold);
  });

  it('reads an RF reference printed in groups inside the free text', () => {
    // Prepare
    const credit = aCredit({
      amount: eur(1_200_00),
      counterpartyName: 'UNKNOWN TRADING LTD',
      remittance: [`Paiement ref ${formatRfReference(D1.rfReference)} merci`],
    });
    // Act / Assess
    expect(allocated(applied(matchCredit(freshIndex(), credit, config)))).toEqual([['D1', 1_200_00]]);
  });

  it.each([
    'F-2026-0042',
    'F2026042',
    'fact 2026/42',
    'FACTURE N° F-2026-0042',
    'Règlement F 2026 00042',
    'VIR SEPA SARL DUPONT F-2026-042 DU 02/04/2026',
    '2026-0042',
  ])('recognises the invoice number written %j', (text) => {
    // Prepare
    const credit = aCredit({ amount: eur(1_200_00), counterpartyName: 'SARL DUPONT', remittance: [text] });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(candidate.tier).toBe('reference');
    expect(allocated(candidate)).toEqual([['D1', 1_200_00]]);
  });

  it('finds the intended invoice behind a typo that lands on another open number', () => {
    // Prepare: "0024" for "0042"; F-2026-0024 exists, but for another customer and another amount.
    const credit = aCredit({
      amount: eur(1_200_00),
      counterpartyIban: DUPONT_IBAN,
      counterpartyName: 'SARL DUPONT',
      remittance: ['FACTURE F-2026-0024'],
    });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(allocated(candidate)).toEqual([['D1', 1_200_00]]);
  });

  it('pays several quoted invoices with one transfer', () => {
    // Prepare
    const credit = aCredit({
      amount: eur(2_050_00),
      counterpartyName: 'SARL DUPONT',
      remittance: ['REGLEMENT FACTURES F-2026-0042 ET F-2026-0043'],
    });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(allocated(candidate)).toEqual([
      ['D1', 1_200_00],
      ['D2', 850_00],
    ]);
    expect(candidate.unallocated.amount).toBe(0);
  });

  it('allocates a part payment of a quoted invoice and leaves the rest open', () => {
    // Prepare
    const credit = aCredit({
      amount: eur(400_00),
      counterpartyIban: DUPONT_IBAN,
      remittance: ['ACOMPTE FACTURE F-2026-0042'],
    });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(allocated(candidate)).toEqual([['D1', 400_00]]);
    expect(candidate.unallocated.amount).toBe(0);
    expect(candidate.reasons.join(' ')).toContain('remains open');
  });

  it('caps the allocation at the balance on an overpayment and leaves the rest as customer credit', () => {
    // Prepare
    const credit = aCredit({ amount: eur(1_250_00), creditorReference: D1.rfReference });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(allocated(candidate)).toEqual([['D1', 1_200_00]]);
    expect(candidate.unallocated).toEqual(money(50_00, 'EUR'));
  });

  it('lets several transfers pay one invoice, each seeing what the previous left open', () => {
    // Prepare
    const index = freshIndex();
    const first = aCredit({
      amount: eur(600_00),
      counterpartyIban: DUPONT_IBAN,
      remittance: ['1ER VERSEMENT F-2026-0042'],
    });
    const second = aCredit({
      amount: eur(600_00),
      counterpartyIban: DUPONT_IBAN,
      remittance: ['SOLDE FACTURE F-2026-0042'],
    });
    // Act
    const firstCandidate = applied(matchCredit(index, first, config));
    recordAllocations(index, firstCandidate.allocations);
    const secondCandidate = applied(matchCredit(index, second, config));
    recordAllocations(index, secondCandidate.allocations);
    // Assess
    expect(allocated(firstCandidate)).toEqual([['D1', 600_00]]);
    expect(allocated(secondCandidate)).toEqual([['D1', 600_00]]);
    expect(secondCandidate.reasons).toContain('amount equals the balance');
    expect(index.byId.has('D1')).toBe(false);
  });
});

describe('tiers 2 to 4: amounts for an identified payer', () => {
  it('applies the exact open balance of the customer the IBAN belongs to', () => {
    // Prepare
    const credit = aCredit({ amount: eur(850_00), counterpartyIban: DUPONT_IBAN, remittance: ['VIREMENT'] });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(candidate.tier).toBe('exact_balance');
    expect(allocated(candidate)).toEqual([['D2', 850_00]]);
  });

  it('identifies the customer by name when the IBAN is new', () => {
    // Prepare
    const credit = aCredit({
      amount: eur(850_00),
      counterpartyName: 'STE DUPONT',
      counterpartyIban: 'FR7610207000019999999999999',
    });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(candidate.customerId).toBe('CUS-DUPONT');
    expect(allocated(candidate)).toEqual([['D2', 850_00]]);
  });

  it('treats a shortfall within the fee tolerance as the full balance, not beyond it', () => {
    // Prepare
    const withinFees = aCredit({ amount: eur(847_50), counterpartyIban: DUPONT_IBAN });
    const beyondFees = aCredit({ amount: eur(844_00), counterpartyIban: DUPONT_IBAN });
    // Act
    const within = applied(matchCredit(freshIndex(), withinFees, config));
    const beyond = matchCredit(freshIndex(), beyondFees, config);
    // Assess
    expect(allocated(within)).toEqual([['D2', 847_50]]);
    expect(within.reasons.join(' ')).toContain('within the bank-fee tolerance');
    expect(beyond.kind).toBe('review');
  });

  it('finds several invoices of the customer adding up to the amount', () => {
    // Prepare
    const credit = aCredit({
      amount: eur(1_155_50),
      counterpartyIban: DUPONT_IBAN,
      remittance: ['REGLEMENT RELEVE MARS'],
    });
    // Act
    const candidate = applied(matchCredit(freshIndex(), credit, config));
    // Assess
    expect(candidate.tier).toBe('sum_of_invoices');
    expect(allocated(candidate)).toEqual([
      ['D2', 850_00],
      ['D3', 305_50],
    ]);
  });

  it('only suggests a part payment without reference, on the oldest invoice it does not cover', () => {
    // Prepare
    const credit = aCredit({ amount: eur(500_00), counterpartyIban: DUPONT_IBAN, remittance: ['ACOMPTE'] });
    // Act
    const decision = matchCredit(freshIndex(), credit, config);
    // Assess
    expect(decision.kind).toBe('review');
    const first = decision.kind === 'review' ? decision.candidates[0] : undefined;
    expect(first?.tier).toBe('partial');
    expect(first && allocated(first)).toEqual([['D1', 500_00]]);
  });
});

describe('review instead of a guess', () => {
  it('sends to review two look-alike customers with the same open amount', () => {
    // Prepare: "DUPON" (cut by the bank) fits "Dupont SARL" and "Dupond SAS", both owe 990,00.
    const credit = aCredit({ amount: eur(990_00), counterpartyName: 'DUPON', remittance: ['VIREMENT DUPON'] });
    // Act
    const decision = matchCredit(freshIndex(), credit, config);
    // Assess
    expect(decision.kind).toBe('review');
    const customers = decision.kind === 'review' ? decision.candidates.map((c) => c.customerId) : [];
    expect(customers).toEqual(expect.arrayContaining(['CUS-DUPONT', 'CUS-DUPOND']));
  });

  it('sends to review a payment that fits two invoices of one customer equally', () => {
    // Prepare
    const credit = aCredit({ amount: eur(2_400_00), counterpartyIban: MARTIN_IBAN });
    // Act
    const decision = matchCredit(freshIndex(), credit, config);
    // Assess
    expect(decision.kind).toBe('review');
    const invoices = decision.kind === 'review' ? decision.candidates.map((c) => c.allocations[0]?.invoiceId) : [];
    expect(invoices.slice(0, 2)).toEqual(['M1', 'M2']);
    if (decision.kind === 'review')
      expect(decision.candidates[0]?.confidence).toBeCloseTo(decision.candidates[1]!.confidence, 10);
  });

  it('never applies automatically below the configured threshold', () => {
    // Prepare
    const credit = aCredit({ amount: eur(850_00), counterpartyIban: DUPONT_IBAN });
    // Act
    const decision = matchCredit(freshIndex(), credit, { ...config, autoThreshold: 0.999_999 });
    // Assess
    expect(decision.kind).toBe('review');
  });

  it('does not apply an amount that only happens to equal an open balance', () => {
    // Prepare: nothing says who pays; 850,00 is D2's balance.
    const credit = aCredit({
      amount: eur(850_00),
      counterpartyName: 'HOLDING XYZ',
      counterpartyIban: 'FR7617515000011111111111111',
    });
    // Act
    const decision = matchCredit(freshIndex(), credit, config);
    // Assess
    expect(decision.kind).toBe('review');
  });
});

describe('false-positive guards', () => {
  it.each([
    ['a street number and a postcode', ['VIREMENT 42 RUE DE LA PAIX 75008 PARIS'], 1_234_56],
    ['a SIRET ending in 00042', ['SIRET 412 345 678 00042'], 1_234_56],
    ['a date that reads like a subscription number', ['PAIEMENT DU 2026-03-12'], 1_234_56],
    ['bank interest', ['INTERETS CREDITEURS T1 2026'], 12_34],
  ])('matches nothing on %s', (_label, remittance, amount) => {
    // Prepare
    const credit = aCredit({ amount: eur(amount), counterpartyName: 'BNP PARIBAS', remittance });
    // Act / Assess
    expect(matchCredit(freshIndex(), credit, config)).toEqual({ kind: 'none' });
  });

  it('does not apply a short number alone even when the amount agrees', () => {
    // Prepare: "42" is FA000042 (42,00) only to someone who ignores that 42 is also the amount.
    const credit = aCredit({ amount: eur(42_00), counterpartyName: 'M DURAND', remittance: ['FACTURE 42'] });
    // Act
    const decision = matchCredit(freshIndex(), credit, config);
    // Assess
    expect(decision.kind).not.toBe('auto');
  });

  it('ignores credits that are not positive or not in the invoices currency', () => {
    // Prepare
    const zero = aCredit({ amount: eur(0), creditorReference: D1.rfReference });
    const dollars = aCredit({ amount: money(1_200_00, 'USD'), creditorReference: D1.rfReference });
    // Act / Assess
    expect(matchCredit(freshIndex(), zero, config)).toEqual({ kind: 'none' });
    expect(matchCredit(freshIndex(), dollars, config)).toEqual({ kind: 'none' });
  });
});
