/** Home: outstanding and overdue totals, aging, and the customers that owe money with their oldest delay. */
import { html } from 'hono/html';
import { AGING_BUCKETS, type AgingBucket } from '#shared/domain/customer-aggregate.ts';
import type { Language } from '#shared/domain/money.ts';
import type { CustomerView, ReceivablesOverview } from '#shared/use-cases/read-models.ts';
import { amount, amounts } from './format.ts';
import { MESSAGES, type Messages } from './i18n.ts';
import { type Html, page } from './layout.ts';

function bucketLabel(bucket: AgingBucket, t: Messages): string {
  if (bucket === 'not_due') return t.notDue;
  if (bucket === '90_plus') return `> 90 ${t.days}`;
  return `${bucket.replace('_', '–')} ${t.days}`;
}

export function customerRows(rows: readonly CustomerView[], language: Language): Html {
  const t = MESSAGES[language];
  return html`<table>
  <thead><tr><th>${t.customer}</th><th class="num">${t.balance}</th><th class="num">${t.overdue}</th><th class="num hide-sm">${t.oldestOverdue}</th></tr></thead>
  <tbody>
  ${rows.map(
    (r) => html`<tr>
    <td><a href="/customers/${r.customer.id}">${r.customer.legalName}</a></td>
    <td class="num">${amounts(r.aggregate.balances, language)}</td>
    <td class="num ${r.overdue.length ? 'late' : ''}">${amounts(r.overdue, language)}</td>
    <td class="num hide-sm">${r.oldestOverdueDays ? `${r.oldestOverdueDays} ${t.days}` : '—'}</td>
  </tr>`,
  )}
  </tbody>
</table>`;
}

export function homePage(overview: ReceivablesOverview, language: Language): Html {
  const t = MESSAGES[language];
  const max = Math.max(1, ...AGING_BUCKETS.map((b) => overview.aging[b]));
  const body = html`<h1>${t.home}</h1>
<section class="cards" aria-label="${t.outstanding}">
  <div class="card"><div class="label">${t.outstanding}</div><div class="value" data-testid="outstanding">${amount(overview.outstanding, overview.currency, language)}</div></div>
  <div class="card"><div class="label">${t.overdue}</div><div class="value late" data-testid="overdue">${amount(overview.overdue, overview.currency, language)}</div></div>
  <div class="card"><div class="label">${t.debtors}</div><div class="value">${overview.debtorCount}</div></div>
</section>
<h2>${t.aging}</h2>
<div class="bars" role="list">
${AGING_BUCKETS.map(
  (b) => html`<div class="bar" role="listitem">
  <span>${bucketLabel(b, t)}</span>
  <span class="track"><span class="fill ${b === 'not_due' ? '' : 'late'}" style="display:block;width:${Math.round((overview.aging[b] / max) * 100)}%"></span></span>
  <span class="num">${amount(overview.aging[b], overview.currency, language)}</span>
</div>`,
)}
</div>
<h2>${t.debtors}</h2>
<form class="inline" method="get" action="/customers" role="search">
  <label for="q" class="muted" style="align-self:center">${t.search}</label>
  <input id="q" name="q" type="search"><button type="submit">${t.searchButton}</button>
</form>
${overview.debtors.length ? customerRows(overview.debtors.slice(0, 50), language) : html`<p class="muted">${t.noDebtors}</p>`}`;
  return page({ title: t.home, language, body });
}
