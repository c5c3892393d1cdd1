/**
 * The customers list: search, sort by balance or overdue (or name), filter by segment, plan and state, paged,
 * and as CSV. How each is served without a scan:
 * - search: a prefix query on the by-name index (gsi1 `CUSTOMERS`, sorted by normalised name), paged by cursor;
 *   the filters apply to the page read.
 * - sort by name (no search): the same index, paged by cursor.
 * - sort by balance without filters: the sparse DEBTORS index (customers owing money, largest balance first),
 *   one page at a time by cursor.
 * - sort by overdue, and every filter: the company-wide receivables summary (one digest per customer, read in a
 *   few items) — overdue is derived for today from each digest's open items, then filtered, sorted and paged by
 *   offset; only the customers on the page are read in full (one BatchGetItem).
 * - state "settled" (owing nothing) is by definition not among the debtors: it pages through the by-name index.
 */
import { html } from 'hono/html';
import { compareDates, type IsoDate } from '#shared/domain/calendar-date.ts';
import { oldestOverdueDays, overdueBalances, primaryBalance } from '#shared/domain/customer-aggregate.ts';
import { DEFAULT_PLAN, type DunningPlan, resolvePlan } from '#shared/domain/dunning/plan.ts';
import type { Language } from '#shared/domain/money.ts';
import { type CustomerDigest, digestAggregate } from '#shared/domain/receivables/customer-digest.ts';
import type { CustomerSummary } from '#shared/ports/repositories.ts';
import { type CustomerView, customerView } from '#shared/use-cases/read-models.ts';
import type { WebDeps } from '../web-deps.ts';
import { decimal, toCsv } from './csv.ts';
import { customerRows } from './home-page.ts';
import { MESSAGES } from './i18n.ts';
import { type Html, page } from './layout.ts';

export const PAGE_SIZE = 50;
const CSV_MAX = 20_000;

export type CustomerSort = 'balance' | 'overdue' | 'name';
export type CustomerState = 'overdue' | 'current' | 'paused' | 'settled' | 'review';
const STATES: readonly CustomerState[] = ['overdue', 'current', 'paused', 'settled', 'review'];

export interface CustomerQuery {
  q?: string;
  sort: CustomerSort;
  segment?: string;
  plan?: string;
  state?: CustomerState;
  cursor?: string;
  page: number;
}

export function parseCustomerQuery(query: Record<string, string>): CustomerQuery {
  const text = (v: string | undefined, max = 100) => (v?.trim() ? v.trim().slice(0, max) : undefined);
  const sort = query.sort === 'overdue' || query.sort === 'name' ? query.sort : 'balance';
  const state = STATES.includes(query.state as CustomerState) ? (query.state as CustomerState) : undefined;
  const pageNumber = Number(query.page);
  return {
    q: text(query.q),
    sort,
    segment: text(query.segment, 64),
    plan: text(query.plan, 64),
    state,
    cursor: text(query.cursor, 2000),
    page: Number.isSafeInteger(pageNumber) && pageNumber > 1 ? pageNumber : 1,
  };
}

export interface CustomerRow extends CustomerView {
  planId: string;
  overdueAmount: number;
}

export interface CustomerListResult {
  rows: CustomerRow[];
  next?: { cursor?: string; page?: number };
  plans: DunningPlan[];
}

/** What the state filter reads: the same on a full row and on a digest row. */
interface StateInput {
  customer: { pausedUntil?: IsoDate; needsReview?: boolean };
  overdue: readonly unknown[];
  aggregate: { balances: readonly unknown[] };
}

function stateOf(v: StateInput, today: IsoDate): CustomerState[] {
  const states: CustomerState[] = [];
  if (v.overdue.length) states.push('overdue');
  else if (v.aggregate.balances.length) states.push('current');
  if (!v.aggregate.balances.length) states.push('settled');
  if (v.customer.pausedUntil && compareDates(v.customer.pausedUntil, today) >= 0) states.push('paused');
  if (v.customer.needsReview) states.push('review');
  return states;
}

export async function listCustomers(
  deps: WebDeps,
  q: CustomerQuery,
  today: IsoDate,
  options: { all?: boolean } = {},
): Promise<CustomerListResult> {
  const plans = deps.dunning ? await deps.dunning.plans.list() : [DEFAULT_PLAN];
  const toRow = (s: CustomerSummary): CustomerRow => {
    const v = customerView(s, today);
    const plan = resolvePlan({ plans, segment: s.customer.segment, customerOverridePlanId: s.customer.planId });
    return { ...v, planId: plan.id, overdueAmount: v.overdue[0]?.amount ?? 0 };
  };
  const keep = (r: StateInput & { customer: { segment: string }; planId: string }) =>
    (!q.segment || r.customer.segment === q.segment) &&
    (!q.plan || r.planId === q.plan) &&
    (!q.state || stateOf(r, today).includes(q.state));
  const limit = options.all ? CSV_MAX : PAGE_SIZE;

  if (q.q || q.sort === 'name' || q.state === 'settled') {
    // By-name index: a page at a time (several when exporting).
    const rows: CustomerRow[] = [];
    let cursor = q.cursor;
    do {
      const res = await deps.customers.list({ search: q.q, cursor, limit: options.all ? 1000 : PAGE_SIZE });
      rows.push(...res.items.map(toRow).filter(keep));
      cursor = res.cursor;
    } while (options.all && cursor && rows.length < limit);
    if (q.sort !== 'name') sortRows(rows, q.sort);
    return { rows, next: cursor && !options.all ? { cursor } : undefined, plans };
  }

  if (q.sort === 'balance' && !q.segment && !q.plan && !q.state && !options.all) {
    const res = await deps.customers.listWithBalance({ limit: PAGE_SIZE, cursor: q.cursor });
    return { rows: res.items.map(toRow), next: res.cursor ? { cursor: res.cursor } : undefined, plans };
  }

  // From the summary: pick the page's customers from the digests, then read only those.
  const digests = await deps.customers.readSummary();
  // Balance > 0 on the main currency: the same customers as the DEBTORS index.
  const candidates = digests.map((d) => digestRow(d, plans, today)).filter((r) => r.balance > 0 && keep(r));
  sortDigestRows(candidates, q.sort);
  const start = options.all ? 0 : (q.page - 1) * PAGE_SIZE;
  const slice = candidates.slice(start, start + limit);
  const rows = (await deps.customers.getMany(slice.map((r) => r.customerId))).map(toRow);
  sortRows(rows, q.sort);
  if (options.all) return { rows, plans };
  return { rows, next: start + PAGE_SIZE < candidates.length ? { page: q.page + 1 } : undefined, plans };
}

/** What the filters and the sort need of a customer, from its digest. */
interface DigestRow {
  customerId: string;
  balance: number;
  overdueAmount: number;
  oldestOverdueDays: number;
  customer: Pick<CustomerDigest, 'segment' | 'pausedUntil' | 'needsReview'>;
  planId: string;
  overdue: unknown[];
  aggregate: { balances: unknown[] };
}

function digestRow(d: CustomerDigest, plans: DunningPlan[], today: IsoDate): DigestRow {
  const aggregate = digestAggregate(d);
  const overdue = overdueBalances(aggregate, today);
  return {
    customerId: d.customerId,
    balance: d.balances[0]?.amount ?? 0,
    overdueAmount: overdue[0]?.amount ?? 0,
    oldestOverdueDays: oldestOverdueDays(aggregate, today),
    customer: d,
    planId: resolvePlan({ plans, segment: d.segment, customerOverridePlanId: d.planId }).id,
    overdue,
    aggregate,
  };
}

function sortDigestRows(rows: DigestRow[], sort: CustomerSort): void {
  if (sort === 'overdue') {
    rows.sort((a, b) => b.overdueAmount - a.overdueAmount || b.oldestOverdueDays - a.oldestOverdueDays);
  } else {
    rows.sort((a, b) => b.balance - a.balance);
  }
}

function sortRows(rows: CustomerRow[], sort: CustomerSort): void {
  const balance = (r: CustomerRow) => primaryBalance(r.aggregate)?.amount ?? 0;
  if (sort === 'overdue') {
    rows.sort((a, b) => b.overdueAmount - a.overdueAmount || b.oldestOverdueDays - a.oldestOverdueDays);
  } else {
    rows.sort((a, b) => balance(b) - balance(a));
  }
}

export function customersCsv(rows: readonly CustomerRow[]): string {
  return toCsv(
    [
      'id',
      'raison_sociale',
      'siren',
      'tva',
      'segment',
      'plan',
      'devise',
      'encours',
      'en_retard',
      'retard_max_jours',
      'factures_ouvertes',
    ],
    rows.map((r) => {
      const main = primaryBalance(r.aggregate);
      const currency = main?.currency ?? 'EUR';
      const overdue = r.overdue.find((m) => m.currency === currency)?.amount ?? 0;
      return [
        r.customer.id,
        r.customer.legalName,
        r.customer.siren,
        r.customer.vatNumber,
        r.customer.segment,
        r.planId,
        currency,
        decimal(main?.amount ?? 0, currency),
        decimal(overdue, currency),
        r.oldestOverdueDays,
        r.aggregate.openCount,
      ];
    }),
  );
}

const WORDS = {
  fr: {
    sort: 'Trier par',
    byBalance: 'Encours',
    byOverdue: 'Retard',
    byName: 'Nom',
    segment: 'Segment',
    plan: 'Plan',
    state: 'État',
    any: 'Tous',
    states: {
      overdue: 'En retard',
      current: 'À jour (encours non échu)',
      paused: 'Relances en pause',
      settled: 'Soldés',
      review: 'À vérifier',
    } as Record<CustomerState, string>,
    apply: 'Filtrer',
    csv: 'Exporter (CSV)',
    next: 'Page suivante',
    none: 'Aucun client ne correspond.',
  },
  en: {
    sort: 'Sort by',
    byBalance: 'Balance',
    byOverdue: 'Overdue',
    byName: 'Name',
    segment: 'Segment',
    plan: 'Plan',
    state: 'State',
    any: 'All',
    states: {
      overdue: 'Overdue',
      current: 'Current (not yet due)',
      paused: 'Reminders paused',
      settled: 'Settled',
      review: 'To check',
    } as Record<CustomerState, string>,
    apply: 'Filter',
    csv: 'Export (CSV)',
    next: 'Next page',
    none: 'No customer matches.',
  },
};

function queryString(q: CustomerQuery, extra: Record<string, string>): string {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  params.set('sort', q.sort);
  if (q.segment) params.set('segment', q.segment);
  if (q.plan) params.set('plan', q.plan);
  if (q.state) params.set('state', q.state);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

export function customerListPage(result: CustomerListResult, q: CustomerQuery, language: Language): Html {
  const t = MESSAGES[language];
  const w = WORDS[language];
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}" ${current === value ? 'selected' : ''}>${label}</option>`;
  const segments = [...new Set(result.plans.flatMap((p) => p.segments ?? []))];
  const body = html`<h1>${t.allCustomers}</h1>
<form class="filters" method="get" action="/customers" role="search" aria-label="${t.search}">
  <label>${t.search}<input name="q" type="search" value="${q.q ?? ''}"></label>
  <label>${w.sort}<select name="sort">${option('balance', w.byBalance, q.sort)}${option('overdue', w.byOverdue, q.sort)}${option('name', w.byName, q.sort)}</select></label>
  <label>${w.segment}<input name="segment" list="segments" value="${q.segment ?? ''}" size="12"></label>
  <datalist id="segments">${segments.map((s) => html`<option value="${s}"></option>`)}</datalist>
  <label>${w.plan}<select name="plan">${option('', w.any, q.plan ?? '')}${result.plans.map((p) => option(p.id, p.name, q.plan))}</select></label>
  <label>${w.state}<select name="state">${option('', w.any, q.state ?? '')}${STATES.map((s) => option(s, w.states[s], q.state))}</select></label>
  <button type="submit">${w.apply}</button>
  <a href="/customers?${queryString(q, { format: 'csv' })}">${w.csv}</a>
</form>
${result.rows.length ? customerRows(result.rows, language) : html`<p class="muted">${w.none}</p>`}
${
  result.next
    ? html`<p><a rel="next" href="/customers?${queryString(q, result.next.cursor ? { cursor: result.next.cursor } : { page: String(result.next.page) })}">${w.next} →</a></p>`
    : ''
}`;
  return page({ title: t.customers, language, body });
}
