/**
 * The /invoices page: every invoice in one status (or a group of them), paged. How each filter is served
 * without a scan (listInvoices in read-models): a single state, or overdue/due/not yet due (the open state's
 * index bounded by due date) is one index query, paged by its cursor; the groups ("collectible", "all") merge
 * one query per state in due-date order, so they page by offset (bounded: a group is for a glance, a single
 * status for going through a list). `?format=csv` of the same filters is answered by exports.ts.
 */
import { html } from 'hono/html';
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { INVOICE_STATES } from '#shared/domain/invoice-lifecycle.ts';
import type { Language } from '#shared/domain/money.ts';
import { type InvoiceFilterStatus, type InvoiceView, listInvoices } from '#shared/use-cases/read-models.ts';
import type { WebDeps } from '../web-deps.ts';
import { amount, date } from './format.ts';
import { MESSAGES, statusLabel } from './i18n.ts';
import { type Html, page } from './layout.ts';

export const INVOICE_PAGE_SIZE = 50;
/** Offset paging of the groups stops here (20 pages). */
const MAX_GROUP_PAGES = 20;
const GROUPS = ['collectible', 'all'] as const;
const DATE_BOUNDED = ['overdue', 'due', 'not_yet_due'] as const;
export const INVOICE_FILTERS: readonly InvoiceFilterStatus[] = [
  ...GROUPS,
  ...DATE_BOUNDED,
  ...INVOICE_STATES.filter((s) => s !== 'open'),
];

export interface InvoiceListQuery {
  status: InvoiceFilterStatus;
  cursor?: string;
  page: number;
}

export function parseInvoiceQuery(query: Record<string, string>): InvoiceListQuery {
  const status = (INVOICE_FILTERS as readonly string[]).includes(query.status ?? '')
    ? (query.status as InvoiceFilterStatus)
    : 'collectible';
  const n = Number(query.page);
  const pageNo = Number.isInteger(n) && n >= 1 && n <= MAX_GROUP_PAGES ? n : 1;
  const cursor = query.cursor && query.cursor.length <= 2048 ? query.cursor : undefined;
  return { status, page: pageNo, ...(cursor ? { cursor } : {}) };
}

export interface InvoiceListResult {
  rows: InvoiceView[];
  names: Map<string, string>;
  /** Link to the next page, if any (a cursor or a page number). */
  next?: string;
}

const isGroup = (s: InvoiceFilterStatus) => (GROUPS as readonly string[]).includes(s);

export async function listInvoicePage(deps: WebDeps, q: InvoiceListQuery, today: IsoDate): Promise<InvoiceListResult> {
  let rows: InvoiceView[];
  let next: string | undefined;
  const base = `/invoices?status=${encodeURIComponent(q.status)}`;
  if (isGroup(q.status)) {
    // One query per state of limit page*size, merged and sliced: offset paging, bounded.
    const limit = q.page * INVOICE_PAGE_SIZE + 1;
    const merged = await listInvoices(deps, { status: q.status, limit }, today);
    rows = merged.items.slice((q.page - 1) * INVOICE_PAGE_SIZE, q.page * INVOICE_PAGE_SIZE);
    if (merged.items.length > q.page * INVOICE_PAGE_SIZE && q.page < MAX_GROUP_PAGES)
      next = `${base}&page=${q.page + 1}`;
  } else {
    const found = await listInvoices(
      deps,
      { status: q.status, limit: INVOICE_PAGE_SIZE, ...(q.cursor ? { cursor: q.cursor } : {}) },
      today,
    );
    rows = found.items;
    if (found.cursor) next = `${base}&cursor=${encodeURIComponent(found.cursor)}`;
  }
  const ids = [...new Set(rows.map((r) => r.customerId))];
  const customers = await Promise.all(ids.map((id) => deps.customers.get(id)));
  const names = new Map<string, string>();
  ids.forEach((id, i) => {
    names.set(id, customers[i]?.value.legalName ?? id);
  });
  return { rows, names, ...(next ? { next } : {}) };
}

const WORDS = {
  fr: {
    status: 'Statut',
    groups: { collectible: 'À encaisser', all: 'Toutes' },
    filter: 'Filtrer',
    customer: 'Client',
    next: 'Page suivante →',
    first: '← Début',
    csv: 'Exporter en CSV',
    pageNo: 'page',
  },
  en: {
    status: 'Status',
    groups: { collectible: 'To collect', all: 'All' },
    filter: 'Filter',
    customer: 'Customer',
    next: 'Next page →',
    first: '← First page',
    csv: 'Export as CSV',
    pageNo: 'page',
  },
} as const;

function filterLabel(s: InvoiceFilterStatus, language: Language): string {
  if (s === 'collectible' || s === 'all') return WORDS[language].groups[s];
  return statusLabel(s as Exclude<InvoiceFilterStatus, 'collectible' | 'all' | 'open'>, language);
}

export function invoiceListPage(result: InvoiceListResult, q: InvoiceListQuery, language: Language): Html {
  const t = MESSAGES[language];
  const w = WORDS[language];
  const paged = q.cursor !== undefined || q.page > 1;
  const table = result.rows.length
    ? html`<table>
  <thead><tr><th scope="col">${t.number}</th><th scope="col">${w.customer}</th><th scope="col" class="hide-sm">${t.issueDate}</th><th scope="col">${t.dueDate}</th><th scope="col" class="num">${t.total}</th><th scope="col" class="num">${t.balance}</th><th scope="col">${t.status}</th></tr></thead>
  <tbody>${result.rows.map(
    (i) => html`<tr>
    <td><a href="/invoices/${i.id}">${i.number}</a></td>
    <td><a href="/customers/${i.customerId}">${result.names.get(i.customerId) ?? i.customerId}</a></td>
    <td class="hide-sm">${date(i.issueDate, language)}</td>
    <td>${date(i.dueDate, language)}</td>
    <td class="num">${amount(i.total, i.currency, language)}</td>
    <td class="num">${amount(i.balance, i.currency, language)}</td>
    <td><span class="badge ${i.status}">${statusLabel(i.status, language)}</span></td>
  </tr>`,
  )}</tbody>
</table>`
    : html`<p class="muted">${t.noInvoices}</p>`;
  const body = html`<h1>${t.invoices}</h1>
<form method="get" action="/invoices" class="filters">
  <label>${w.status} <select name="status">${INVOICE_FILTERS.map(
    (s) => html`<option value="${s}"${s === q.status ? html` selected` : ''}>${filterLabel(s, language)}</option>`,
  )}</select></label>
  <button type="submit">${w.filter}</button>
  <a href="/invoices?status=${q.status}&format=csv">${w.csv}</a>
</form>
${table}
<nav aria-label="pagination" style="display:flex;gap:1rem;margin-top:.8rem">
  ${paged ? html`<a href="/invoices?status=${q.status}">${w.first}</a>` : ''}
  ${result.next ? html`<a href="${result.next}" rel="next">${w.next}</a>` : ''}
</nav>`;
  return page({ title: t.invoices, language, body });
}
