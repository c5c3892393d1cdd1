/**
 * The lookup structures built once over a creditor's open invoices and payer knowledge, so that matching
 * one credit costs O(candidates) instead of a scan of every open invoice.
 */
import { compareDates } from '#shared/domain/calendar-date.ts';
import { type Money, money } from '#shared/domain/money.ts';
import { type InvoiceNumberShape, invoiceNumberShape } from './invoice-number.ts';
import type { OpenInvoiceRef, PayerKnowledge } from './matching-types.ts';
import { nameTokens } from './name-similarity.ts';
import { normalizeRfReference } from './rf-reference.ts';

/** An open invoice with its number pre-parsed; `invoice` is replaced when its balance changes. */
export interface IndexedInvoice {
  invoice: OpenInvoiceRef;
  shape: InvoiceNumberShape;
}

export interface IndexedCustomer {
  customerId: string;
  /** Open invoices, oldest due first. */
  invoices: IndexedInvoice[];
  /** Token lists of the known names (legal name and names seen on confirmed payments). */
  names: string[][];
  /** Total token length of the shortest known name, for ranking name candidates. */
  nameLength: number;
}

/** Look-ups by every way a credit can point to an invoice or a customer. */
export interface MatchingIndex {
  byId: Map<string, IndexedInvoice>;
  /** RF reference, electronic format. */
  byRf: Map<string, IndexedInvoice[]>;
  /** Letters and digits as printed ("F202600042"). */
  byCompact: Map<string, IndexedInvoice[]>;
  /** Digits as printed, zeros kept ("202600042"), for numbers quoted without their letters. */
  byDigits: Map<string, IndexedInvoice[]>;
  /** Loose keys: zeros, separators and letters dropped ("2026-42"; see invoice-number.ts). */
  byKey: Map<string, IndexedInvoice[]>;
  customers: Map<string, IndexedCustomer>;
  /** Payer IBAN (electronic format) → customers known to pay from it. */
  byIban: Map<string, string[]>;
  /** Name token → customers whose known names contain it. */
  byNameToken: Map<string, string[]>;
  /** First four characters of a name token → customers, for names the bank cut or mistyped late. */
  byNamePrefix: Map<string, string[]>;
  /** Open invoices by ascending balance (minor units), for amount-range look-ups. */
  byBalance: IndexedInvoice[];
  /** Currencies of the open invoices; with only one, the matcher skips currency checks. */
  currencies: Set<string>;
}

/** Fuzzy keys shorter than this get no typo look-up: one edit away from too many numbers. */
export const MIN_FUZZY_KEY_LENGTH = 4;
/** Printed digits shorter than this identify nothing on their own. */
export const MIN_DIGITS_LENGTH = 5;
/** Longer digit runs are bank or end-to-end ids, not invoice numbers anyone retypes. */
export const MAX_FUZZY_KEY_LENGTH = 12;
const NAME_PREFIX_LENGTH = 4;

/** IBAN in electronic format: no spaces, upper case. */
export function normalizeIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/** Whether a fuzzy key is worth a typo look-up. */
export function isFuzzyKey(key: string): boolean {
  return key.length >= MIN_FUZZY_KEY_LENGTH && key.length <= MAX_FUZZY_KEY_LENGTH;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function customerOf(customers: Map<string, IndexedCustomer>, customerId: string): IndexedCustomer {
  let customer = customers.get(customerId);
  if (customer === undefined) {
    customer = { customerId, invoices: [], names: [], nameLength: 0 };
    customers.set(customerId, customer);
  }
  return customer;
}

function byDueDate(a: IndexedInvoice, b: IndexedInvoice): number {
  return (
    compareDates(a.invoice.dueDate, b.invoice.dueDate) ||
    compareDates(a.invoice.issueDate, b.invoice.issueDate) ||
    (a.invoice.number < b.invoice.number ? -1 : a.invoice.number > b.invoice.number ? 1 : 0)
  );
}

/** Builds the index over open invoices (positive balance only) and what is known of each customer's payers. */
export function buildMatchingIndex(
  invoices: readonly OpenInvoiceRef[],
  payers: readonly PayerKnowledge[],
): MatchingIndex {
  const index: MatchingIndex = {
    byId: new Map(),
    byRf: new Map(),
    byCompact: new Map(),
    byDigits: new Map(),
    byKey: new Map(),
    customers: new Map(),
    byIban: new Map(),
    byNameToken: new Map(),
    byNamePrefix: new Map(),
    byBalance: [],
    currencies: new Set(),
  };
  for (const invoice of invoices) {
    if (invoice.balance.amount <= 0) continue;
    const entry: IndexedInvoice = { invoice, shape: invoiceNumberShape(invoice.number) };
    index.byId.set(invoice.id, entry);
    index.currencies.add(invoice.balance.currency);
    push(index.byRf, normalizeRfReference(invoice.rfReference), entry);
    if (entry.shape.compact.length > 0) push(index.byCompact, entry.shape.compact, entry);
    if (entry.shape.digits.length >= MIN_DIGITS_LENGTH) push(index.byDigits, entry.shape.digits, entry);
    for (const { key } of entry.shape.keys) push(index.byKey, key, entry);
    customerOf(index.customers, invoice.customerId).invoices.push(entry);
    index.byBalance.push(entry);
  }
  for (const customer of index.customers.values()) customer.invoices.sort(byDueDate);
  index.byBalance.sort((a, b) => a.invoice.balance.amount - b.invoice.balance.amount);

  for (const payer of payers) {
    const customer = customerOf(index.customers, payer.customerId);
    for (const iban of payer.ibans) push(index.byIban, normalizeIban(iban), payer.customerId);
    for (const name of payer.names) {
      const tokens = nameTokens(name);
      if (tokens.length === 0) continue;
      customer.names.push(tokens);
      const length = tokens.reduce((total, token) => total + token.length, 0);
      customer.nameLength = customer.names.length === 1 ? length : Math.min(customer.nameLength, length);
      for (const token of tokens) {
        push(index.byNameToken, token, payer.customerId);
        if (token.length >= NAME_PREFIX_LENGTH) {
          push(index.byNamePrefix, token.slice(0, NAME_PREFIX_LENGTH), payer.customerId);
        }
      }
    }
  }
  return index;
}

function lowerBound(list: readonly IndexedInvoice[], amount: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.invoice.balance.amount < amount) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function remove<K>(map: Map<K, IndexedInvoice[]>, key: K, entry: IndexedInvoice): void {
  const list = map.get(key);
  if (list === undefined) return;
  const at = list.indexOf(entry);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

/**
 * Records allocations applied to open invoices so that the next credits of the same batch see the new
 * balances: an invoice paid in full leaves the index, a partly paid one keeps its smaller balance. Mutates
 * `index`; allocations to unknown invoices are ignored (already closed).
 */
export function recordAllocations(index: MatchingIndex, allocations: readonly { invoiceId: string; amount: Money }[]) {
  for (const { invoiceId, amount } of allocations) {
    const entry = index.byId.get(invoiceId);
    if (entry === undefined || amount.currency !== entry.invoice.balance.currency) continue;
    let at = lowerBound(index.byBalance, entry.invoice.balance.amount);
    while (at < index.byBalance.length && index.byBalance[at] !== entry) at++;
    if (at < index.byBalance.length) index.byBalance.splice(at, 1);
    const balance = entry.invoice.balance.amount - amount.amount;
    if (balance > 0) {
      entry.invoice = { ...entry.invoice, balance: money(balance, amount.currency) };
      index.byBalance.splice(lowerBound(index.byBalance, balance), 0, entry);
      continue;
    }
    index.byId.delete(invoiceId);
    remove(index.byRf, normalizeRfReference(entry.invoice.rfReference), entry);
    remove(index.byCompact, entry.shape.compact, entry);
    remove(index.byDigits, entry.shape.digits, entry);
    for (const { key } of entry.shape.keys) remove(index.byKey, key, entry);
    const customer = index.customers.get(entry.invoice.customerId);
    if (customer !== undefined) {
      const position = customer.invoices.indexOf(entry);
      if (position >= 0) customer.invoices.splice(position, 1);
    }
  }
}

/**
 * Open invoices whose balance lies in [low, high] (minor units), in ascending balance order; at most
 * `limit` of them when given (a common amount can match hundreds).
 */
export function invoicesWithBalanceBetween(
  index: MatchingIndex,
  low: number,
  high: number,
  limit = Number.POSITIVE_INFINITY,
): IndexedInvoice[] {
  const list = index.byBalance;
  const from = lowerBound(list, low);
  let to = from;
  while (to < list.length && to - from < limit && list[to]!.invoice.balance.amount <= high) to++;
  return list.slice(from, to);
}
