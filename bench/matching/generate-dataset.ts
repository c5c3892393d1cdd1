/**
 * Deterministic generator of a labelled matching dataset for one creditor: ~2 000 French B2B customers
 * (with look-alike names), 10 000 open invoices in several numbering series, payer knowledge learned from
 * past payments, and 10 000 bank credits, each labelled with the truth. Credits cover what a French
 * receivables account really sees: RF references, invoice numbers retyped or mistyped or cut off, no
 * reference at all, grouped, partial, split and over-payments, bank fees, new bank accounts, third-party
 * payers, and ~10 % credits that pay no invoice.
 *
 * Which invoice a payment settles is drawn as accounts-payable runs do it: a payer is drawn in proportion to
 * what they owe, and settles their oldest open invoice three times in four, another one otherwise. Credits
 * are booked over the 30 days after the invoices' snapshot, roughly in the order they were drawn, and come
 * sorted by booking date.
 */
import { addDays, type IsoDate } from '#shared/domain/calendar-date.ts';
import type { IncomingCredit, OpenInvoiceRef, PayerKnowledge } from '#shared/domain/matching/matching-types.ts';
import { createRfReference } from '#shared/domain/matching/rf-reference.ts';
import { money } from '#shared/domain/money.ts';
import {
  bankNameVariant,
  bankUpper,
  endToEndLine,
  groupedInvoiceText,
  mistypeNumber,
  NUMBER_HABITS,
  type NumberHabit,
  partialText,
  retypeNumber,
  singleInvoiceText,
  unreferencedGroupText,
  unreferencedText,
} from './bank-text.ts';
import { ACRONYMS, BANKS, FAMILY_NAMES, FAMILY_SUFFIXES, LEGAL_FORMS, PLACES, TRADES } from './french-names.ts';
import { otherCredit } from './other-credits.ts';
import { Prng } from './prng.ts';

export type CreditTruth = { kind: 'payment'; customerId: string; invoiceIds: string[] } | { kind: 'other' };

export interface LabelledCredit {
  credit: IncomingCredit;
  truth: CreditTruth;
  /** What the generator did, for per-scenario figures. */
  scenario: string;
}

export interface MatchingDataset {
  invoices: OpenInvoiceRef[];
  payers: PayerKnowledge[];
  credits: LabelledCredit[];
}

export interface DatasetOptions {
  seed?: number;
  customers?: number;
  invoices?: number;
  credits?: number;
  /** Share of credits that pay no invoice. */
  otherShare?: number;
}

/** The creditor itself: its own accounts send it money too. */
export const CREDITOR = { name: 'Comptoir des Fournitures de l’Ouest SAS', iban: 'FR7630004008190001234567890' };
/** Invoices are open as of this date; credits are booked over the following 30 days. */
const AS_OF: IsoDate = '2026-03-31';
const DAYS = 30;

type ReferenceStyle = 'rf' | 'number' | 'none' | 'mixed';

interface Customer {
  id: string;
  legalName: string;
  /** How their bank usually prints their name. */
  bankName: string;
  /** Accounts they pay from. */
  ibans: string[];
  /** Paid before: their IBAN and bank name are known. */
  known: boolean;
  style: ReferenceStyle;
  habit: NumberHabit;
  /** Recurring service: most of their invoices have this one amount. */
  recurringAmount: number | undefined;
  typicalAmount: number;
}

function ibanCheck(bban: string): string {
  // "FR" → 15 27, placed after the BBAN with "00" check digits, then 98 − mod 97.
  let remainder = 0;
  for (const char of `${bban}152700`) remainder = (remainder * 10 + Number(char)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

function frenchIban(rng: Prng): string {
  const bankCode = rng.pick(BANKS).iban.slice(4);
  const bban = `${bankCode}${rng.digits(5)}${rng.digits(11)}${rng.digits(2)}`;
  return `FR${ibanCheck(bban)}${bban}`;
}

function legalForm(rng: Prng): string {
  return rng.weighted(LEGAL_FORMS);
}

function companyName(rng: Prng): string {
  const family = rng.pick(FAMILY_NAMES);
  const core = ((): string => {
    switch (
      rng.weighted({
        family: 20,
        tradeFamily: 25,
        familySuffix: 9,
        tradePlace: 14,
        twoFamilies: 6,
        acronymTrade: 8,
        tradeFamilyPlace: 6,
        atelier: 5,
        lesTrades: 7,
      })
    ) {
      case 'family':
        return family;
      case 'tradeFamily':
        return `${rng.pick(TRADES)} ${family}`;
      case 'familySuffix':
        return `${family} ${rng.pick(FAMILY_SUFFIXES)}`;
      case 'tradePlace':
        return `${rng.pick(TRADES)} ${rng.pick(['du', 'de', 'des'])} ${rng.pick(PLACES)}`;
      case 'twoFamilies':
        return `${family}${rng.pick([' ', '-', ' et '])}${rng.pick(FAMILY_NAMES)}`;
      case 'acronymTrade':
        return `${rng.pick(ACRONYMS)} ${rng.pick(TRADES)}`;
      case 'tradeFamilyPlace':
        return `${rng.pick(TRADES)} ${family} ${rng.pick(PLACES)}`;
      case 'atelier':
        return `${rng.pick(['Atelier', 'Maison', 'Ets', 'Groupe'])} ${family}`;
      default:
        return `${rng.pick(TRADES)} ${family} ${rng.pick(['Services', 'Pro', 'Industrie', 'Solutions'])}`;
    }
  })();
  const form = legalForm(rng);
  if (form === '') return core;
  return rng.chance(0.8) ? `${core} ${form}` : `${form} ${core}`;
}

function roundedAmount(rng: Prng, median: number): number {
  const ht = median * Math.exp(rng.normal() * 0.6);
  const htCents = rng.chance(0.3) ? Math.max(1000, Math.round(ht / 5000) * 5000) : Math.max(1500, Math.round(ht));
  return Math.round(htCents * 1.2);
}

function makeCustomers(rng: Prng, count: number): Customer[] {
  const names = new Set<string>();
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    let legalName = companyName(rng);
    while (names.has(legalName)) legalName = `${companyName(rng)}`;
    names.add(legalName);
    const known = rng.chance(0.75);
    const typicalAmount = Math.round(90000 * Math.exp(rng.normal() * 0.9));
    customers.push({
      id: `CUS${String(i + 1).padStart(5, '0')}`,
      legalName,
      bankName: bankNameVariant(rng, legalName),
      ibans: rng.chance(0.12) ? [frenchIban(rng), frenchIban(rng)] : [frenchIban(rng)],
      known,
      style: rng.weighted({ rf: 25, number: 50, none: 15, mixed: 10 }),
      habit: rng.weighted(NUMBER_HABITS),
      recurringAmount: rng.chance(0.12) ? roundedAmount(rng, typicalAmount) : undefined,
      typicalAmount,
    });
  }
  // A few groups pay for their subsidiaries from one account.
  for (let g = 0; g < Math.floor(count / 100); g++) {
    const members = [rng.pick(customers), rng.pick(customers)];
    const shared = members[0]!.ibans[0]!;
    members[1]!.ibans = [shared, ...members[1]!.ibans];
  }
  return customers;
}

interface InvoiceSpec {
  customer: Customer;
  series: 'F2026' | 'F2025' | 'FA' | 'ABO';
  issueDate: IsoDate;
  month?: number;
  amount: number;
}

const SUBSCRIPTION_PRICES = [3588, 5880, 9480, 11880, 17880, 23880, 35880];

function issueDateFor(rng: Prng, series: InvoiceSpec['series']): IsoDate {
  switch (series) {
    case 'F2026':
      return addDays('2026-01-02', rng.int(0, 87));
    case 'F2025':
      return addDays('2025-09-01', rng.int(0, 120));
    default:
      return addDays('2025-01-06', rng.int(0, 230));
  }
}

function makeInvoices(rng: Prng, customers: Customer[], count: number): OpenInvoiceRef[] {
  const specs: InvoiceSpec[] = [];
  // Subscribers: one monthly invoice per month of 2026 still open, same price.
  for (const customer of customers) {
    if (!rng.chance(0.18)) continue;
    const price = rng.pick(SUBSCRIPTION_PRICES);
    const open = rng.int(1, 3);
    for (let m = 4 - open; m <= 3; m++) {
      specs.push({ customer, series: 'ABO', issueDate: `2026-0${m}-01`, month: m, amount: price });
    }
  }
  // Everyone else's invoices: customers weighted log-normally (a few big accounts, many small ones).
  const weights = customers.map(() => Math.exp(rng.normal() * 1.1));
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    cumulative.push(total);
  }
  while (specs.length < count) {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    const customer = customers[lo]!;
    const series = rng.weighted({ F2026: 55, F2025: 25, FA: 20 });
    specs.push({
      customer,
      series,
      issueDate: issueDateFor(rng, series),
      amount:
        customer.recurringAmount !== undefined && rng.chance(0.6)
          ? customer.recurringAmount
          : roundedAmount(rng, customer.typicalAmount),
    });
  }
  specs.sort((a, b) => (a.issueDate < b.issueDate ? -1 : a.issueDate > b.issueDate ? 1 : 0));
  // Counters run in issue order; about a third of issued invoices are already paid, leaving gaps.
  const counters: Record<string, number> = { F2026: 0, F2025: 0, FA: 11800 };
  const invoices: OpenInvoiceRef[] = [];
  specs.forEach((spec, i) => {
    const key = spec.series === 'ABO' ? `ABO${spec.month}` : spec.series;
    counters[key] = (counters[key] ?? 0) + (rng.chance(0.65) ? 1 : 2);
    const counter = counters[key]!;
    const number =
      spec.series === 'F2026'
        ? `F-2026-${String(counter).padStart(5, '0')}`
        : spec.series === 'F2025'
          ? `F-2025-${String(counter).padStart(5, '0')}`
          : spec.series === 'FA'
            ? `FA${String(counter).padStart(6, '0')}`
            : `ABO-2026-0${spec.month}-${String(counter).padStart(4, '0')}`;
    // One invoice in ten has been partly paid or credited already.
    const balance =
      rng.chance(0.1) && spec.amount > 5000
        ? spec.amount - Math.round((spec.amount * rng.int(20, 60)) / 10000) * 100
        : spec.amount;
    invoices.push({
      id: `INV${String(i + 1).padStart(5, '0')}`,
      customerId: spec.customer.id,
      number,
      rfReference: createRfReference(number),
      balance: money(Math.max(100, balance), 'EUR'),
      issueDate: spec.issueDate,
      dueDate: addDays(spec.issueDate, rng.pick([30, 30, 45, 60])),
    });
  });
  return invoices;
}

function knowledgeOf(customers: Customer[]): PayerKnowledge[] {
  return customers.map((c) => ({
    customerId: c.id,
    ibans: c.known ? [...c.ibans] : [],
    names: c.known ? [c.legalName, c.bankName] : [c.legalName],
  }));
}

/** Counterparty name and IBAN of one payment by a customer. */
function payerOf(rng: Prng, customer: Customer): { name?: string; iban: string } {
  if (rng.chance(0.02)) {
    // Paid by someone else: an accountant, a factor, the group's treasury.
    const name = rng.pick([
      `CABINET ${bankUpper(rng.pick(FAMILY_NAMES))} EXPERTISE COMPTABLE`,
      `GROUPE ${bankUpper(rng.pick(FAMILY_NAMES))} HOLDING`,
      'BPIFRANCE FINANCEMENT',
    ]);
    return { name, iban: frenchIban(rng) };
  }
  const iban = customer.known && rng.chance(0.93) ? rng.pick(customer.ibans) : frenchIban(rng);
  const roll = rng.next();
  if (roll < 0.02) return { iban };
  if (roll < 0.85) return { name: customer.bankName, iban };
  return { name: bankNameVariant(rng, customer.legalName), iban };
}

interface PaymentBuild {
  customer: Customer;
  invoices: OpenInvoiceRef[];
  amount: number;
  scenario: string;
  lines: string[];
  creditorReference?: string;
}

/** How a customer quotes an invoice in this payment: RF, number as typed (maybe mistyped), or nothing. */
function quoteOf(
  rng: Prng,
  customer: Customer,
  invoice: OpenInvoiceRef,
): { rf?: string; number?: string; tag: string } {
  const style = customer.style === 'mixed' ? rng.pick<ReferenceStyle>(['rf', 'number', 'none']) : customer.style;
  if (style === 'none') return { tag: 'no-ref' };
  if (style === 'rf') return rng.chance(0.8) ? { rf: invoice.rfReference, tag: 'rf' } : { tag: 'rf-text', rf: 'text' };
  const habit = rng.chance(0.8) ? customer.habit : rng.weighted(NUMBER_HABITS);
  const typed = retypeNumber(habit, invoice.number);
  if (rng.chance(0.04)) return { number: mistypeNumber(rng, typed), tag: 'number-typo' };
  return { number: typed, tag: habit === 'asPrinted' ? 'number' : 'number-retyped' };
}

function printedRf(rf: string): string {
  return rf.match(/.{1,4}/g)!.join(' ');
}

function singlePayment(rng: Prng, customer: Customer, invoice: OpenInvoiceRef, payer: string): PaymentBuild {
  const amount = invoice.balance.amount;
  const quote = quoteOf(rng, customer, invoice);
  const build: PaymentBuild = { customer, invoices: [invoice], amount, scenario: `single/${quote.tag}`, lines: [] };
  if (quote.tag === 'rf') build.creditorReference = invoice.rfReference;
  else if (quote.tag === 'rf-text')
    build.lines.push(`${rng.pick(['', 'REF ', 'Référence '])}${printedRf(invoice.rfReference)}`);
  else if (quote.number !== undefined) {
    let text = singleInvoiceText(rng, quote.number, payer, amount);
    // Old formats and some banking apps cut the text short, sometimes inside the number.
    if (rng.chance(0.025)) {
      const at = text.indexOf(quote.number);
      text = text.slice(0, at + Math.max(2, Math.floor(quote.number.length * rng.next())));
      build.scenario = 'single/number-truncated';
    }
    build.lines.push(text);
  } else build.lines.push(unreferencedText(rng, payer));
  return build;
}

function groupedPayment(rng: Prng, customer: Customer, invoices: OpenInvoiceRef[], payer: string): PaymentBuild {
  const amount = invoices.reduce((s, i) => s + i.balance.amount, 0);
  const quotes = invoices.map((i) => quoteOf(rng, customer, i));
  const first = quotes[0]!;
  const build: PaymentBuild = { customer, invoices, amount, scenario: 'grouped/numbers', lines: [] };
  if (first.tag === 'no-ref') {
    build.scenario = 'grouped/no-ref';
    build.lines.push(unreferencedGroupText(rng, payer));
  } else if (first.rf !== undefined && rng.chance(0.5)) {
    build.scenario = 'grouped/rf-text';
    build.lines.push(invoices.map((i) => i.rfReference).join(' '));
  } else {
    const numbers = invoices.map((inv, k) => quotes[k]?.number ?? retypeNumber(customer.habit, inv.number));
    if (quotes.some((q) => q.tag === 'number-typo')) build.scenario = 'grouped/numbers-typo';
    build.lines.push(groupedInvoiceText(rng, numbers));
  }
  return build;
}

function partialNumber(rng: Prng, customer: Customer, invoice: OpenInvoiceRef): string | undefined {
  const quote = quoteOf(rng, customer, invoice);
  if (quote.tag === 'no-ref') return undefined;
  return quote.number ?? (quote.rf !== undefined ? invoice.rfReference : undefined);
}

function partialAmount(rng: Prng, balance: number): number {
  const raw = (balance * rng.int(20, 70)) / 100;
  const step = balance > 20000 ? 10000 : balance > 2000 ? 1000 : 100;
  return Math.min(balance - step, Math.max(step, Math.round(raw / step) * step));
}

/** Builds the credits: payments of open invoices (each invoice paid at most once) and other credits. */
function makeCredits(
  rng: Prng,
  customers: Customer[],
  invoices: OpenInvoiceRef[],
  count: number,
  otherShare: number,
): LabelledCredit[] {
  const byCustomer = new Map<string, OpenInvoiceRef[]>();
  for (const inv of invoices) {
    const list = byCustomer.get(inv.customerId) ?? [];
    list.push(inv);
    byCustomer.set(inv.customerId, list);
  }
  for (const list of byCustomer.values()) list.sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const pool = [...invoices];
  const paid = new Set<string>();
  const builds: (PaymentBuild | LabelledCredit)[] = [];
  const otherCount = Math.round(count * otherShare);

  while (builds.length < count - otherCount && paid.size < invoices.length) {
    // The payer is drawn in proportion to what they still owe; like an accounts-payable run, they mostly
    // settle their oldest invoice first, and sometimes another one (approved late, disputed, cherry-picked).
    const drawn = pool[Math.floor(rng.next() * pool.length)]!;
    if (paid.has(drawn.id)) continue;
    const owed = (byCustomer.get(drawn.customerId) ?? []).filter((i) => !paid.has(i.id));
    const invoice = rng.chance(0.75) ? owed[0]! : drawn;
    const customer = customerById.get(invoice.customerId)!;
    const payerName = customer.bankName;
    const scenario = rng.weighted({ single: 82, grouped: 8, partial: 4, split: 2, over: 1.5, fee: 2.5 });
    const remaining = (byCustomer.get(customer.id) ?? []).filter((i) => !paid.has(i.id) && i.id !== invoice.id);
    if (scenario === 'grouped' && remaining.length > 0) {
      const extra = rng.chance(0.7)
        ? remaining.slice(0, rng.int(1, 3))
        : rng.shuffle([...remaining]).slice(0, rng.int(1, 3));
      const group = [invoice, ...extra];
      for (const i of group) paid.add(i.id);
      const build = groupedPayment(rng, customer, group, payerName);
      if (rng.chance(0.1)) {
        build.amount -= rng.int(50, 500);
        build.scenario += '+fee';
      }
      builds.push(build);
      continue;
    }
    paid.add(invoice.id);
    if (scenario === 'partial' && invoice.balance.amount >= 2000) {
      const n = partialNumber(rng, customer, invoice);
      builds.push({
        customer,
        invoices: [invoice],
        amount: partialAmount(rng, invoice.balance.amount),
        scenario: n === undefined ? 'partial/no-ref' : 'partial/ref',
        lines: [partialText(rng, n)],
      });
      continue;
    }
    if (scenario === 'split' && invoice.balance.amount >= 2000) {
      const first = partialAmount(rng, invoice.balance.amount);
      const n = partialNumber(rng, customer, invoice) ?? invoice.number;
      for (const [amount, text] of [
        [first, `1ER VERSEMENT ${n}`],
        [invoice.balance.amount - first, `SOLDE FACTURE ${n}`],
      ] as const) {
        builds.push({ customer, invoices: [invoice], amount, scenario: 'split/ref', lines: [text] });
      }
      continue;
    }
    const build = singlePayment(rng, customer, invoice, payerName);
    if (scenario === 'over') {
      // Paid the invoice total although part was credited, or rounded up.
      build.amount += rng.chance(0.5) ? rng.int(1, 20) * 500 : rng.int(100, 999);
      build.scenario = build.scenario.replace('single', 'over');
    } else if (scenario === 'fee' || rng.chance(0.035)) {
      build.amount -= rng.int(50, 500);
      build.scenario += '+fee';
    }
    builds.push(build);
  }
  for (let k = 0; k < otherCount; k++) {
    builds.push(otherCredit(rng, customers, invoices, CREDITOR, () => frenchIban(rng)));
  }
  // Payments are drawn in the order customers settle their invoices; they are booked over the month in
  // roughly that order (a few days of jitter), the other credits on any day.
  const payments = builds.length - otherCount;
  const dated = builds.map((build, k) => ({
    build,
    day:
      k < payments
        ? Math.min(DAYS, Math.max(1, 1 + Math.floor((k * DAYS) / payments) + rng.int(-2, 2)))
        : rng.int(1, DAYS),
  }));
  rng.shuffle(dated);
  dated.sort((a, b) => a.day - b.day);

  return dated.map(({ build: b, day }, i) => {
    const id = `CRD${String(i + 1).padStart(5, '0')}`;
    const bookingDate = addDays(AS_OF, day);
    if ('truth' in b) return { ...b, credit: { ...b.credit, id, bookingDate } };
    const payer = payerOf(rng, b.customer);
    const e2e = endToEndLine(rng);
    const credit: IncomingCredit = {
      id,
      amount: money(b.amount, 'EUR'),
      bookingDate,
      remittance: e2e === undefined ? b.lines : [...b.lines, e2e],
      ...(payer.name === undefined ? {} : { counterpartyName: payer.name }),
      counterpartyIban: payer.iban,
      ...(b.creditorReference === undefined ? {} : { creditorReference: b.creditorReference }),
    };
    const truth: CreditTruth = {
      kind: 'payment',
      customerId: b.customer.id,
      invoiceIds: b.invoices.map((inv) => inv.id),
    };
    return { credit, truth, scenario: b.scenario };
  });
}

/** Generates the dataset; the same options always give the same data. */
export function generateDataset(options: DatasetOptions = {}): MatchingDataset {
  const rng = new Prng(options.seed ?? 20260331);
  const customers = makeCustomers(rng, options.customers ?? 2000);
  const invoices = makeInvoices(rng, customers, options.invoices ?? 10_000);
  const payers = knowledgeOf(customers);
  const credits = makeCredits(rng, customers, invoices, options.credits ?? 10_000, options.otherShare ?? 0.1);
  return { invoices, payers, credits };
}
