import { describe, expect, it } from 'vitest';
import {
  computePenalties,
  DEFAULT_RATE_TABLE,
  halfYearOf,
  type PenaltyInput,
  penaltyRateFor,
  type RateTable,
  rateInForce,
} from '#shared/domain/dunning/penalties.ts';
import { money } from '#shared/domain/money.ts';
import { fieldOf } from './helpers.ts';

const eur = (cents: number) => money(cents, 'EUR');
const penalties = (input: Omit<PenaltyInput, 'policy'> & Partial<Pick<PenaltyInput, 'policy'>>) =>
  computePenalties({ policy: 'charge', ...input });

describe('rates (L441-10)', () => {
  it('takes the ECB rate in force on 1 January / 1 July, plus 10 points', () => {
    // H1 2026: MRO 2.15 % (since 11 June 2025) → 12.15 %; 3 × 2.62 % = 7.86 % does not bite.
    expect(penaltyRateFor('2026-01-01')).toEqual({ halfYear: '2026-01-01', rateBp: 1215, basis: 'ecb+10' });
    // H1 2025: MRO on 1 Jan 2025 is 3.15 % (18 Dec 2024) → 13.15 %; the Feb-June cuts do not change H1.
    expect(penaltyRateFor('2025-05-20')).toEqual({ halfYear: '2025-01-01', rateBp: 1315, basis: 'ecb+10' });
    // H2 2025: MRO on 1 Jul 2025 is 2.15 % → 12.15 %.
    expect(penaltyRateFor('2025-07-01').rateBp).toBe(1215);
  });

  it('keeps ECB + 10 even when it is below 3 × the legal rate (the floor binds contracts only)', () => {
    // H1 2024: ECB 4.50 % + 10 = 14.50 %, below 3 × 5.07 % = 15.21 %: L441-10 floors contractual rates only.
    expect(penaltyRateFor('2024-01-01')).toEqual({ halfYear: '2024-01-01', rateBp: 1450, basis: 'ecb+10' });
    // H2 2024: ECB on 1 July 4.25 % + 10 = 14.25 %.
    expect(penaltyRateFor('2024-07-01')).toEqual({ halfYear: '2024-07-01', rateBp: 1425, basis: 'ecb+10' });
  });

  it('uses a contractual rate instead, floored the same way', () => {
    expect(penaltyRateFor('2026-03-01', DEFAULT_RATE_TABLE, 1500)).toMatchObject({
      rateBp: 1500,
      basis: 'contractual',
    });
    // 5 % < 3 × 2.62 % = 7.86 %.
    expect(penaltyRateFor('2026-03-01', DEFAULT_RATE_TABLE, 500)).toMatchObject({ rateBp: 786, basis: '3x-legal' });
  });

  it('reads dated configuration', () => {
    expect(rateInForce(DEFAULT_RATE_TABLE.ecbMainRefinancingRate, '2024-06-11')).toBe(450);
    expect(rateInForce(DEFAULT_RATE_TABLE.ecbMainRefinancingRate, '2024-06-12')).toBe(425);
    expect(fieldOf(() => rateInForce(DEFAULT_RATE_TABLE.ecbMainRefinancingRate, '2010-01-01', 'ecb'))).toBe('ecb');
    expect(halfYearOf('2026-06-30')).toBe('2026-01-01');
    expect(halfYearOf('2026-07-01')).toBe('2026-07-01');
  });
});

describe('computePenalties, against hand-computed cases', () => {
  it('EUR 1 200,00 paid 45 days late in H1 2026 at 12.15 %', () => {
    // Due Sat 31 Jan 2026, paid 17 Mar: 28 days of February + 17 of March = 45 days.
    // 1 200,00 × 12.15 % × 45 / 365 = 120 000 c × 1215 × 45 / 3 650 000 = 1 797.53… c → 17,98 €.
    expect(penalties({ invoiceBalance: eur(120000), dueDate: '2026-01-31', asOf: '2026-03-17' })).toEqual({
      flatIndemnity: eur(4000),
      interest: eur(1798),
      days: 45,
      breakdown: [{ from: '2026-02-01', to: '2026-03-17', days: 45, rateBp: 1215, basis: 'ecb+10', amount: eur(1798) }],
    });
  });

  it('a delay spanning 1 July is split by half-year and rounded once', () => {
    // EUR 5 000,00 due 15 Jun 2025, as of 15 Jul 2025.
    // 16-30 June: 15 days at 13.15 % (H1 2025: ECB 3.15 % on 1 Jan + 10).
    // 1-15 July: 15 days at 12.15 % (H2 2025: ECB 2.15 % on 1 Jul + 10).
    // Total: 500 000 c × (1315 × 15 + 1215 × 15) / 3 650 000 = 500 000 × 37 950 / 3 650 000 = 5 198.63… → 51,99 €.
    // Rows: H1 alone 500 000 × 19 725 / 3 650 000 = 2 702.05… → 27,02 €; H2 gets the rest: 51,99 − 27,02 = 24,97 €
    // (its own exact share, 2 496.58 c, also rounds to 24,97 €).
    const result = penalties({ invoiceBalance: eur(500000), dueDate: '2025-06-15', asOf: '2025-07-15' });
    expect(result.interest).toEqual(eur(5199));
    expect(result.days).toBe(30);
    expect(result.breakdown).toEqual([
      { from: '2025-06-16', to: '2025-06-30', days: 15, rateBp: 1315, basis: 'ecb+10', amount: eur(2702) },
      { from: '2025-07-01', to: '2025-07-15', days: 15, rateBp: 1215, basis: 'ecb+10', amount: eur(2497) },
    ]);
  });

  it('charges ECB + 10 in H1 2024 although 3 × legal is higher', () => {
    // EUR 10 000,00 due 1 Mar 2024, as of 31 Mar 2024: 30 days at ECB 4.50 % + 10 = 14.50 %.
    // 1 000 000 c × 1450 × 30 / 3 650 000 = 11 917.80… c → 119,18 €.
    const result = penalties({ invoiceBalance: eur(1000000), dueDate: '2024-03-01', asOf: '2024-03-31' });
    expect(result.interest).toEqual(eur(11918));
    expect(result.breakdown).toEqual([
      { from: '2024-03-02', to: '2024-03-31', days: 30, rateBp: 1450, basis: 'ecb+10', amount: eur(11918) },
    ]);
  });

  it('a contractual rate below 3 × legal is raised to the floor (H1 2024)', () => {
    // 10 % contractual < 3 × 5.07 % = 15.21 %: 1 000 000 c × 1521 × 30 / 3 650 000 = 12 501.37… c → 125,01 €.
    const result = penalties({
      invoiceBalance: eur(1000000),
      dueDate: '2024-03-01',
      asOf: '2024-03-31',
      contractualRateBp: 1000,
    });
    expect(result.interest).toEqual(eur(12501));
    expect(result.breakdown[0]).toMatchObject({ rateBp: 1521, basis: '3x-legal' });
  });

  it('a contractual rate below the floor is raised to 3 × legal', () => {
    // EUR 1 000,00 at a contractual 5 % due 30 Sep 2025, as of 30 Oct 2025: 30 days in H2 2025.
    // Floor 3 × 2.76 % = 8.28 %. 100 000 c × 828 × 30 / 3 650 000 = 680.54… c → 6,81 €.
    const result = penalties({
      invoiceBalance: eur(100000),
      dueDate: '2025-09-30',
      asOf: '2025-10-30',
      contractualRateBp: 500,
    });
    expect(result.interest).toEqual(eur(681));
    expect(result.breakdown[0]).toMatchObject({ rateBp: 828, basis: '3x-legal' });
  });

  it('across a year end with the same rate on both sides, one row', () => {
    // EUR 1 000,00 due 15 Dec 2025, as of 14 Jan 2026: 30 days, 12.15 % in H2 2025 and in H1 2026.
    // 100 000 c × 1215 × 30 / 3 650 000 = 998.63… c → 9,99 €.
    const result = penalties({ invoiceBalance: eur(100000), dueDate: '2025-12-15', asOf: '2026-01-14' });
    expect(result.interest).toEqual(eur(999));
    expect(result.breakdown).toEqual([
      { from: '2025-12-16', to: '2026-01-14', days: 30, rateBp: 1215, basis: 'ecb+10', amount: eur(999) },
    ]);
  });

  it('a long delay over several half-years adds up its rows to the total exactly', () => {
    // EUR 2 345,67 due 20 Mar 2024, as of 10 Feb 2026.
    // H1 2024 (21 Mar-30 Jun): 102 days at 14.50 %; H2 2024: 184 days at 14.25 %; H1 2025: 181 days at 13.15 %;
    // H2 2025 + H1 2026 to 10 Feb: 184 + 41 = 225 days at 12.15 %. Σ rate×days = 147 900 + 262 200 + 238 015
    // + 273 375 = 921 490. 234 567 × 921 490 / 3 650 000 = 59 219.49… c → 592,19 €.
    const result = penalties({ invoiceBalance: eur(234567), dueDate: '2024-03-20', asOf: '2026-02-10' });
    expect(result.days).toBe(692);
    expect(result.interest).toEqual(eur(59219));
    expect(result.breakdown.map((r) => [r.from, r.to, r.days, r.rateBp])).toEqual([
      ['2024-03-21', '2024-06-30', 102, 1450],
      ['2024-07-01', '2024-12-31', 184, 1425],
      ['2025-01-01', '2025-06-30', 181, 1315],
      ['2025-07-01', '2026-02-10', 225, 1215],
    ]);
    expect(result.breakdown.reduce((acc, r) => acc + r.amount.amount, 0)).toBe(59219);
  });

  it('counts 29 February but divides by 365', () => {
    // EUR 36 500,00 due 28 Feb 2028 (a leap year), as of 1 Mar 2028: 2 days (29 Feb, 1 Mar).
    // With a contractual 20 %: 3 650 000 c × 2000 × 2 / 3 650 000 = 4 000 c → 40,00 €.
    const result = penalties({
      invoiceBalance: eur(3650000),
      dueDate: '2028-02-28',
      asOf: '2028-03-01',
      contractualRateBp: 2000,
    });
    expect(result).toMatchObject({ days: 2, interest: eur(4000) });
  });

  it('rounds half a cent up', () => {
    // 0,03 € at a contractual 50 % for 365 days = 1.5 c → 2 c (half away from zero, as money.ts rounds).
    const result = penalties({
      invoiceBalance: eur(3),
      dueDate: '2025-01-01',
      asOf: '2026-01-01',
      contractualRateBp: 5000,
    });
    expect(result.interest).toEqual(eur(2));
  });

  it('policy off → nothing at all (the days late are still told)', () => {
    expect(
      computePenalties({ invoiceBalance: eur(120000), dueDate: '2026-01-31', asOf: '2026-03-17', policy: 'off' }),
    ).toEqual({ flatIndemnity: eur(0), interest: eur(0), days: 45, breakdown: [] });
  });

  it("'mention' computes the same amounts as 'charge' (the step decides what to do with them)", () => {
    const base = { invoiceBalance: eur(120000), dueDate: '2026-01-31', asOf: '2026-03-17' };
    expect(computePenalties({ ...base, policy: 'mention' })).toEqual(computePenalties({ ...base, policy: 'charge' }));
  });

  it('not late → no indemnity, no interest', () => {
    for (const asOf of ['2026-01-31', '2026-01-10']) {
      expect(penalties({ invoiceBalance: eur(120000), dueDate: '2026-01-31', asOf })).toEqual({
        flatIndemnity: eur(0),
        interest: eur(0),
        days: 0,
        breakdown: [],
      });
    }
  });

  it('one day late already owes the EUR 40 indemnity', () => {
    // 120 000 c × 1215 × 1 / 3 650 000 = 39.94… c → 0,40 €.
    expect(penalties({ invoiceBalance: eur(120000), dueDate: '2026-01-31', asOf: '2026-02-01' })).toMatchObject({
      flatIndemnity: eur(4000),
      interest: eur(40),
      days: 1,
    });
  });

  it('keeps the indemnity in EUR and the interest in the invoice currency', () => {
    // JPY has no minor unit: ¥1 000 000 × 1215 × 30 / 3 650 000 = 9 986.3… → ¥9 986.
    const result = penalties({ invoiceBalance: money(1000000, 'JPY'), dueDate: '2025-12-15', asOf: '2026-01-14' });
    expect(result.flatIndemnity).toEqual(eur(4000));
    expect(result.interest).toEqual(money(9986, 'JPY'));
  });

  it('owes nothing on a zero or credit balance', () => {
    expect(penalties({ invoiceBalance: eur(0), dueDate: '2026-01-31', asOf: '2026-03-17' }).interest).toEqual(eur(0));
    expect(penalties({ invoiceBalance: eur(-500), dueDate: '2026-01-31', asOf: '2026-03-17' }).flatIndemnity).toEqual(
      eur(0),
    );
  });

  it('uses the rate table it is given', () => {
    const rates: RateTable = {
      ecbMainRefinancingRate: [{ from: '2020-01-01', rateBp: 0 }],
      legalInterestRateProfessionals: [{ from: '2020-01-01', rateBp: 100 }],
    };
    // 10 % flat: 365 000 c × 1000 × 10 / 3 650 000 = 1 000 c.
    expect(
      penalties({ invoiceBalance: eur(365000), dueDate: '2026-01-31', asOf: '2026-02-10', rates }).interest,
    ).toEqual(eur(1000));
  });

  it('names the bad field', () => {
    const base = { invoiceBalance: eur(100), dueDate: '2026-01-31', asOf: '2026-03-17' };
    expect(fieldOf(() => penalties({ ...base, dueDate: '2026-02-31' }))).toBe('dueDate');
    expect(fieldOf(() => penalties({ ...base, asOf: 'today' }))).toBe('asOf');
    expect(fieldOf(() => penalties({ ...base, contractualRateBp: 12.5 }))).toBe('contractualRateBp');
    expect(fieldOf(() => penalties({ ...base, policy: 'always' as never }))).toBe('policy');
    const unsorted: RateTable = {
      ...DEFAULT_RATE_TABLE,
      legalInterestRateProfessionals: [
        { from: '2026-01-01', rateBp: 262 },
        { from: '2025-07-01', rateBp: 276 },
      ],
    };
    expect(fieldOf(() => penalties({ ...base, rates: unsorted }))).toBe('legalInterestRateProfessionals[1].from');
    expect(fieldOf(() => penalties({ ...base, dueDate: '2015-01-01' }))).toBe('ecbMainRefinancingRate');
  });
});

describe('DEFAULT_RATE_TABLE', () => {
  it('is sorted and in whole basis points', () => {
    for (const list of [DEFAULT_RATE_TABLE.ecbMainRefinancingRate, DEFAULT_RATE_TABLE.legalInterestRateProfessionals]) {
      for (let i = 0; i < list.length; i++) {
        expect(Number.isInteger(list[i]?.rateBp)).toBe(true);
        if (i > 0) expect((list[i]?.from as string) > (list[i - 1]?.from as string)).toBe(true);
      }
    }
  });
});
