/** The customer page, the invoice page, the customer list and the login form. */
import { html } from 'hono/html';
import type { Customer } from '#shared/domain/customer.ts';
import type { Language } from '#shared/domain/money.ts';
import type { TimelineEvent } from '#shared/domain/timeline.ts';
import type { CustomerView, InvoiceView } from '#shared/use-cases/read-models.ts';
import { amount, amounts, date, instant } from './format.ts';
import { customerRows } from './home-page.ts';
import { MESSAGES, statusLabel } from './i18n.ts';
import { type Html, page } from './layout.ts';

function timelineList(events: readonly TimelineEvent[], language: Language, timeZone: string): Html {
  const t = MESSAGES[language];
  if (!events.length) return html`<p class="muted">${t.nothing}</p>`;
  return html`<ol class="timeline">
  ${events.map(
    (e) =>
      html`<li><time datetime="${e.at}">${instant(e.at, language, timeZone)}</time>${e.summary}
      <span class="muted">· ${e.actor.kind}:${e.actor.id}${e.reason ? ` · ${e.reason}` : ''}</span></li>`,
  )}
</ol>`;
}

function invoiceTable(invoices: readonly InvoiceView[], language: Language): Html {
  const t = MESSAGES[language];
  if (!invoices.length) return html`<p class="muted">${t.noInvoices}</p>`;
  return html`<table>
  <thead><tr><th>${t.number}</th><th class="hide-sm">${t.issueDate}</th><th>${t.dueDate}</th><th class="num">${t.total}</th><th class="num">${t.balance}</th><th>${t.status}</th></tr></thead>
  <tbody>
  ${invoices.map(
    (i) => html`<tr>
    <td><a href="/invoices/${i.id}">${i.number}</a></td>
    <td class="hide-sm">${date(i.issueDate, language)}</td>
    <td>${date(i.dueDate, language)}</td>
    <td class="num">${amount(i.total, i.currency, language)}</td>
    <td class="num">${amount(i.balance, i.currency, language)}</td>
    <td><span class="badge ${i.status}">${statusLabel(i.status, language)}</span></td>
  </tr>`,
  )}
  </tbody>
</table>`;
}

export function customerPage(
  view: CustomerView,
  invoices: readonly InvoiceView[],
  timeline: readonly TimelineEvent[],
  language: Language,
  timeZone: string,
): Html {
  const t = MESSAGES[language];
  const c: Customer = view.customer;
  const body = html`<h1>${c.legalName}</h1>
<section class="cards">
  <div class="card"><div class="label">${t.outstanding}</div><div class="value">${amounts(view.aggregate.balances, language)}</div></div>
  <div class="card"><div class="label">${t.overdue}</div><div class="value late">${amounts(view.overdue, language)}</div></div>
  <div class="card"><div class="label">${t.oldestOverdue}</div><div class="value">${view.oldestOverdueDays} ${t.days}</div></div>
</section>
<h2>${t.customer}</h2>
<dl>
  <dt>${t.vat}</dt><dd>${c.vatNumber ?? '—'}</dd>
  <dt>SIREN</dt><dd>${c.siren ?? '—'}</dd>
  <dt>${t.segment}</dt><dd>${c.segment}</dd>
  <dt>${t.language}</dt><dd>${c.language}</dd>
  <dt>${t.timeZone}</dt><dd>${c.timeZone}</dd>
</dl>
<h2>${t.contacts}</h2>
${
  c.contacts.length
    ? html`<ul>${c.contacts.map(
        (p) =>
          html`<li>${p.name}${p.primary ? html` <span class="badge">${t.primary}</span>` : ''} · ${p.email ?? ''} ${p.phone ?? ''}${p.emailStatus && p.emailStatus !== 'ok' ? html` <span class="badge overdue">${p.emailStatus}</span>` : ''}${p.wrongContact ? html` <span class="badge overdue">wrong contact</span>` : ''}</li>`,
      )}</ul>`
    : html`<p class="muted">${t.nothing}</p>`
}
<h2>${t.invoices}</h2>
${invoiceTable(invoices, language)}
<h2>${t.timeline}</h2>
${timelineList(timeline, language, timeZone)}`;
  return page({ title: c.legalName, language, body });
}

export function invoicePage(
  invoice: InvoiceView,
  customer: Customer | undefined,
  timeline: readonly TimelineEvent[],
  language: Language,
  timeZone: string,
): Html {
  const t = MESSAGES[language];
  const body = html`<h1>${t.invoice} ${invoice.number} <span class="badge ${invoice.status}">${statusLabel(invoice.status, language)}</span></h1>
<dl>
  <dt>${t.customer}</dt><dd>${customer ? html`<a href="/customers/${customer.id}">${customer.legalName}</a>` : invoice.customerId}</dd>
  <dt>${t.issueDate}</dt><dd>${date(invoice.issueDate, language)}</dd>
  <dt>${t.dueDate}</dt><dd>${date(invoice.dueDate, language)}</dd>
  <dt>${t.total}</dt><dd>${amount(invoice.total, invoice.currency, language)}</dd>
  <dt>${t.paid}</dt><dd>${amount(Math.max(invoice.amountPaid, invoice.allocated), invoice.currency, language)}</dd>
  <dt>${t.credited}</dt><dd>${amount(invoice.credited, invoice.currency, language)}</dd>
  <dt>${t.balance}</dt><dd data-testid="balance"><strong>${amount(invoice.balance, invoice.currency, language)}</strong></dd>
  <dt>${t.rf}</dt><dd>${invoice.rfReference ?? '—'}</dd>
  <dt>${t.source}</dt><dd>${invoice.source} · ${invoice.externalId}</dd>
</dl>
<h2>${t.timeline}</h2>
${timelineList(timeline, language, timeZone)}`;
  return page({ title: `${t.invoice} ${invoice.number}`, language, body });
}

export function customerListPage(
  rows: readonly CustomerView[],
  search: string | undefined,
  next: string | undefined,
  language: Language,
): Html {
  const t = MESSAGES[language];
  const body = html`<h1>${t.allCustomers}</h1>
<form class="inline" method="get" action="/customers" role="search">
  <label for="q" class="muted" style="align-self:center">${t.search}</label>
  <input id="q" name="q" type="search" value="${search ?? ''}"><button type="submit">${t.searchButton}</button>
</form>
${customerRows(rows, language)}
${next ? html`<p><a href="/customers?${new URLSearchParams({ ...(search ? { q: search } : {}), cursor: next }).toString()}">→</a></p>` : ''}`;
  return page({ title: t.customers, language, body });
}

export function loginPage(language: Language, next: string, failed: boolean): Html {
  const t = MESSAGES[language];
  const body = html`<h1>${t.login}</h1>
<p class="muted">${t.loginHelp}</p>
${failed ? html`<p class="error" role="alert">${t.badToken}</p>` : ''}
<form method="post" action="/login" class="inline">
  <input type="hidden" name="next" value="${next}">
  <label for="token" class="muted" style="align-self:center">${t.token}</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required>
  <button type="submit">${t.signIn}</button>
</form>`;
  return page({ title: t.login, language, body, signedIn: false });
}
