/**
 * French B2B late-payment penalties (Code de commerce L441-10 and D441-5; INTEGRATIONS §8).
 *
 * - Flat recovery indemnity: EUR 40 per invoice paid late, due without any reminder.
 * - Interest from the day after the due date, pro rata per day on a 365-day basis (also in leap years),
 *   at the rate of each half-year: the ECB main refinancing rate in force on 1 January (H1) or 1 July (H2)
 *   + 10 points. A contractual rate replaces ECB + 10 but may not be below 3 × the legal interest rate for
 *   professionals of that half-year: a lower one is raised to that floor.
 *   The floor applies to the contractual rate only, as L441-10 writes it ("Sauf disposition contraire qui ne
 *   peut toutefois fixer un taux inférieur à trois fois le taux d'intérêt légal, ce taux est égal au taux …
 *   de la BCE … majoré de 10 points"). Applying it to ECB + 10 too would claim more than the law gives in
 *   half-years like H1 2024 (14.50 % vs 3 × 5.07 % = 15.21 %), which a mise en demeure must never do.
 * - Amounts: exact BigInt fractions, rounded half-up to the cent once, at the end. No floats.
 *
 * All rates are integers in basis points (12.15 % = 1215).
 */
import { addDays, assertIsoDate, compareDates, daysBetween, type IsoDate } from '../calendar-date.ts';
import { InvalidValueError } from '../errors.ts';
import { type Money, money, multiplyByRatio } from '../money.ts';
import type { PenaltyPolicy } from './plan.ts';

export type { PenaltyPolicy } from './plan.ts';

export interface DatedRate {
  /** In force from this date (inclusive) until the next entry. */
  readonly from: IsoDate;
  readonly rateBp: number;
}

/** Dated configuration: each list sorted by `from`, each rate applying until the next one. */
export interface RateTable {
  /** ECB main refinancing operations (MRO) rate, by the date a change took effect. */
  readonly ecbMainRefinancingRate: readonly DatedRate[];
  /** French taux de l'intérêt légal, "tous les autres cas" (creditor not a private person), by half-year. */
  readonly legalInterestRateProfessionals: readonly DatedRate[];
}

/**
 * The rates we ship. This is the one place to correct them; the table must get a new legal rate every
 * half-year (arrêté published in late June and late December) and a new ECB entry at each rate decision.
 * A half-year with no entry yet uses the last known value, so a missing update keeps computing with a stale
 * rate rather than stopping reminders.
 * Marks: [S] checked against a published source during this work; [I] given in the issue and consistent with
 * the sources; [U] from memory, not checked — verify before relying on it.
 */
export const DEFAULT_RATE_TABLE: RateTable = {
  ecbMainRefinancingRate: [
    { from: '2016-03-16', rateBp: 0 }, // [U]
    { from: '2022-07-27', rateBp: 50 }, // [U]
    { from: '2022-09-14', rateBp: 125 }, // [U]
    { from: '2022-11-02', rateBp: 200 }, // [U]
    { from: '2022-12-21', rateBp: 250 }, // [U]
    { from: '2023-02-08', rateBp: 300 }, // [U]
    { from: '2023-03-22', rateBp: 350 }, // [U]
    { from: '2023-05-10', rateBp: 375 }, // [U]
    { from: '2023-06-21', rateBp: 400 }, // [U]
    { from: '2023-08-02', rateBp: 425 }, // [U]
    { from: '2023-09-20', rateBp: 450 }, // [I]
    { from: '2024-06-12', rateBp: 425 }, // [I][S]
    { from: '2024-09-18', rateBp: 365 }, // [I]
    { from: '2024-10-23', rateBp: 340 }, // [I]
    { from: '2024-12-18', rateBp: 315 }, // [I]
    { from: '2025-02-05', rateBp: 290 }, // [I]
    { from: '2025-03-12', rateBp: 265 }, // [I]
    { from: '2025-04-23', rateBp: 240 }, // [I]
    // [I][S] held at 2.15 % at the Jul, Sep, Oct and Dec 2025 meetings, so 12.15 % for H1 2026.
    { from: '2025-06-11', rateBp: 215 },
  ],
  legalInterestRateProfessionals: [
    { from: '2022-01-01', rateBp: 76 }, // [S]
    { from: '2022-07-01', rateBp: 77 }, // [S]
    { from: '2023-01-01', rateBp: 206 }, // [S]
    { from: '2023-07-01', rateBp: 422 }, // [S]
    // [S] 5.07 % (arrêté of Dec 2023). The issue text said 4.22 %, which is the H2 2023 value.
    { from: '2024-01-01', rateBp: 507 },
    { from: '2024-07-01', rateBp: 492 }, // [I][S] arrêté du 26 juin 2024
    { from: '2025-01-01', rateBp: 371 }, // [I][S]
    { from: '2025-07-01', rateBp: 276 }, // [I][S]
    { from: '2026-01-01', rateBp: 262 }, // [S] arrêté du 15 décembre 2025 (particuliers: 6.67 %)
  ],
};

/** EUR 40, art. D441-5. */
export const FLAT_INDEMNITY: Money = money(4000, 'EUR');

/** Points added to the ECB rate (L441-10): 10 percentage points. */
const ECB_MARGIN_BP = 1000;
const LEGAL_RATE_MULTIPLIER = 3;
const DAYS_IN_YEAR = 365n;
const BP_PER_UNIT = 10_000n;

export type RateBasis = 'ecb+10' | 'contractual' | '3x-legal';

export interface HalfYearRate {
  /** 1 January or 1 July. */
  readonly halfYear: IsoDate;
  readonly rateBp: number;
  /** Where the rate comes from: ECB + 10, the contract, or the 3 × legal floor that raised a contractual rate. */
  readonly basis: RateBasis;
}

export interface PenaltyInput {
  /** What is late: the balance still due (or the amount that was paid late, with `asOf` its payment date). */
  readonly invoiceBalance: Money;
  readonly dueDate: IsoDate;
  /** Interest runs up to and including this day (today, or the day it was paid). */
  readonly asOf: IsoDate;
  readonly policy: PenaltyPolicy;
  /** A rate stipulated in the contract or general terms, in basis points; replaces ECB + 10. */
  readonly contractualRateBp?: number | undefined;
  readonly rates?: RateTable | undefined;
}

export interface PenaltyPeriod {
  /** First late day of the period. */
  readonly from: IsoDate;
  /** Last late day of the period (inclusive). */
  readonly to: IsoDate;
  readonly days: number;
  readonly rateBp: number;
  readonly basis: RateBasis;
  /** This period's share of `interest`; the shares add up to it exactly. */
  readonly amount: Money;
}

export interface PenaltyResult {
  /**
   * EUR 40 when late, else EUR 0; always in EUR, whatever the invoice currency. D441-5 fixes the indemnity
   * in euros and this pure function has no exchange rate, so for a non-EUR invoice the caller shows it as a
   * separate EUR line (or converts it at its own rate) instead of adding it to the invoice-currency total.
   */
  readonly flatIndemnity: Money;
  /** Interest in the invoice's currency. */
  readonly interest: Money;
  /** Days late as of `asOf` (0 when not late), whatever the policy. */
  readonly days: number;
  readonly breakdown: readonly PenaltyPeriod[];
}

function checkTable(list: readonly DatedRate[], field: string): void {
  if (list.length === 0) throw new InvalidValueError(field, 'needs at least one rate');
  list.forEach((entry, i) => {
    assertIsoDate(entry.from, `${field}[${i}].from`);
    if (!Number.isSafeInteger(entry.rateBp) || entry.rateBp < 0) {
      throw new InvalidValueError(`${field}[${i}].rateBp`, 'must be a whole, non-negative number of basis points');
    }
    const previous = list[i - 1];
    if (previous && compareDates(entry.from, previous.from) <= 0) {
      throw new InvalidValueError(`${field}[${i}].from`, 'dates must be strictly increasing');
    }
  });
}

/** The rate in force on a date: the last entry that started on or before it. */
export function rateInForce(list: readonly DatedRate[], date: IsoDate, field = 'rates'): number {
  let found: number | undefined;
  for (const entry of list) {
    if (compareDates(entry.from, date) > 0) break;
    found = entry.rateBp;
  }
  if (found === undefined) throw new InvalidValueError(field, `no rate known on ${date}`);
  return found;
}

/** 1 January or 1 July of the half-year containing the date. */
export function halfYearOf(date: IsoDate): IsoDate {
  return `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
}

function nextHalfYear(halfYear: IsoDate): IsoDate {
  const year = Number(halfYear.slice(0, 4));
  return halfYear.slice(5, 7) === '01' ? `${year}-07-01` : `${year + 1}-01-01`;
}

/** The penalty rate for a half-year (L441-10). */
export function penaltyRateFor(
  halfYear: IsoDate,
  rates: RateTable = DEFAULT_RATE_TABLE,
  contractualRateBp?: number,
): HalfYearRate {
  const start = halfYearOf(assertIsoDate(halfYear, 'halfYear'));
  if (contractualRateBp === undefined) {
    const ecb = rateInForce(rates.ecbMainRefinancingRate, start, 'ecbMainRefinancingRate');
    return { halfYear: start, rateBp: ecb + ECB_MARGIN_BP, basis: 'ecb+10' };
  }
  const floor =
    LEGAL_RATE_MULTIPLIER * rateInForce(rates.legalInterestRateProfessionals, start, 'legalInterestRateProfessionals');
  return contractualRateBp >= floor
    ? { halfYear: start, rateBp: contractualRateBp, basis: 'contractual' }
    : { halfYear: start, rateBp: floor, basis: '3x-legal' };
}

export function computePenalties(input: PenaltyInput): PenaltyResult {
  const { invoiceBalance, policy, contractualRateBp } = input;
  const dueDate = assertIsoDate(input.dueDate, 'dueDate');
  const asOf = assertIsoDate(input.asOf, 'asOf');
  const rates = input.rates ?? DEFAULT_RATE_TABLE;
  if (!['off', 'mention', 'charge'].includes(policy)) {
    throw new InvalidValueError('policy', 'must be off, mention or charge');
  }
  if (contractualRateBp !== undefined && (!Number.isSafeInteger(contractualRateBp) || contractualRateBp < 0)) {
    throw new InvalidValueError('contractualRateBp', 'must be a whole, non-negative number of basis points');
  }
  checkTable(rates.ecbMainRefinancingRate, 'ecbMainRefinancingRate');
  checkTable(rates.legalInterestRateProfessionals, 'legalInterestRateProfessionals');

  const days = Math.max(0, daysBetween(dueDate, asOf));
  const noInterest = money(0, invoiceBalance.currency);
  const nothing: PenaltyResult = { flatIndemnity: money(0, 'EUR'), interest: noInterest, days, breakdown: [] };
  // 'off' computes nothing; a zero or credit balance owes nothing (a late payment is passed in as its amount).
  if (policy === 'off' || days === 0 || invoiceBalance.amount <= 0) return nothing;

  // Periods of constant rate: split at each 1 January / 1 July, merged when the rate does not change.
  const periods: { from: IsoDate; to: IsoDate; days: number; rate: HalfYearRate }[] = [];
  let from = addDays(dueDate, 1);
  while (compareDates(from, asOf) <= 0) {
    const boundary = nextHalfYear(halfYearOf(from));
    const to = compareDates(addDays(boundary, -1), asOf) < 0 ? addDays(boundary, -1) : asOf;
    const rate = penaltyRateFor(from, rates, contractualRateBp);
    const length = daysBetween(from, to) + 1;
    const last = periods.at(-1);
    if (last && last.rate.rateBp === rate.rateBp && last.rate.basis === rate.basis) {
      periods[periods.length - 1] = { ...last, to, days: last.days + length };
    } else {
      periods.push({ from, to, days: length, rate });
    }
    from = boundary;
  }

  // interest = balance × Σ(rateBp × days) / (10 000 × 365), one exact fraction rounded once. Each period's
  // share is the difference of the rounded running totals, so the shares add up to the total to the cent.
  const denominator = BP_PER_UNIT * DAYS_IN_YEAR;
  let running = 0n;
  let roundedSoFar = noInterest;
  const breakdown: PenaltyPeriod[] = periods.map((p) => {
    running += BigInt(p.rate.rateBp) * BigInt(p.days);
    const rounded = multiplyByRatio(invoiceBalance, running, denominator);
    const amount = money(rounded.amount - roundedSoFar.amount, invoiceBalance.currency);
    roundedSoFar = rounded;
    return { from: p.from, to: p.to, days: p.days, rateBp: p.rate.rateBp, basis: p.rate.basis, amount };
  });
  return { flatIndemnity: FLAT_INDEMNITY, interest: roundedSoFar, days, breakdown };
}
