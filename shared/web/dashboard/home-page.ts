/**
 * Home: encours, overdue, DSO, aging as a chart, what goes out today and this week, the work queues, broken
 * connections and the top debtors.
 */
import { html } from 'hono/html';
import { AGING_BUCKETS, type AgingBucket } from '#shared/domain/customer-aggregate.ts';
import type { Language } from '#shared/domain/money.ts';
import type { CustomerView } from '#shared/use-cases/read-models.ts';
import { amount, amounts, date } from './format.ts';
import { type HomeData, QUEUE_CAP } from './home-data.ts';
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

const HOME = {
  fr: {
    dso: 'DSO (count-back)',
    dsoHelp: 'Jours de facturation que représente l’encours, en remontant mois par mois dans les ventes.',
    dsoAtLeast: 'au moins',
    chart: 'Balance âgée par tranche de retard',
    top: 'Principaux débiteurs',
    allCustomers: 'Tous les clients',
    outToday: 'Prévu aujourd’hui',
    outWeek: 'Prévu cette semaine',
    upcoming: 'Relances prévues (7 jours)',
    upcomingHelp:
      'Estimation d’après les plans : l’envoi relit chaque facture (litiges, promesses, pauses) avant de partir.',
    noUpcoming: 'Aucune relance prévue cette semaine.',
    day: 'Jour',
    step: 'Étape',
    channel: 'Canal',
    invoices: 'Factures',
    work: 'À traiter',
    tasks: 'Tâches ouvertes',
    documents: 'PDF à vérifier',
    bank: 'Virements à rapprocher',
    connections: 'Connexions en panne',
    none: 'aucune',
    export: 'Exporter l’encours (CSV)',
    messages: 'messages',
  },
  en: {
    dso: 'DSO (count-back)',
    dsoHelp: 'Days of invoicing the outstanding represents, walking back month by month through sales.',
    dsoAtLeast: 'at least',
    chart: 'Aging by days overdue',
    top: 'Top debtors',
    allCustomers: 'All customers',
    outToday: 'Planned today',
    outWeek: 'Planned this week',
    upcoming: 'Planned reminders (7 days)',
    upcomingHelp:
      'Estimated from the plans: the dispatch re-reads every invoice (disputes, promises, pauses) before sending.',
    noUpcoming: 'No reminder planned this week.',
    day: 'Day',
    step: 'Step',
    channel: 'Channel',
    invoices: 'Invoices',
    work: 'To handle',
    tasks: 'Open tasks',
    documents: 'PDFs to check',
    bank: 'Transfers to match',
    connections: 'Broken connections',
    none: 'none',
    export: 'Export receivables (CSV)',
    messages: 'messages',
  },
};

/** The aging as an SVG bar chart: a title and description for screen readers, a value on each bar. */
export function agingChart(data: HomeData, language: Language): Html {
  const t = MESSAGES[language];
  const h = HOME[language];
  const max = Math.max(1, ...AGING_BUCKETS.map((b) => data.aging[b]));
  const rowH = 34;
  const width = 640;
  const labelW = 110;
  const valueW = 130;
  const barMax = width - labelW - valueW - 10;
  const height = AGING_BUCKETS.length * rowH + 6;
  const desc = AGING_BUCKETS.map(
    (b) => `${bucketLabel(b, t)} : ${amount(data.aging[b], data.currency, language)}`,
  ).join(' ; ');
  return html`<figure class="chart">
<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="aging-title aging-desc" preserveAspectRatio="xMinYMin meet" style="width:100%;max-width:${width}px;height:auto">
  <title id="aging-title">${h.chart}</title>
  <desc id="aging-desc">${desc}</desc>
  ${AGING_BUCKETS.map((b, i) => {
    const y = i * rowH + 4;
    const w = Math.max(data.aging[b] > 0 ? 3 : 0, Math.round((data.aging[b] / max) * barMax));
    return html`<g data-bucket="${b}">
    <text x="0" y="${y + 19}" font-size="14" fill="#1d2433">${bucketLabel(b, t)}</text>
    <rect x="${labelW}" y="${y + 4}" width="${barMax}" height="22" rx="5" fill="#eef1f7"></rect>
    <rect x="${labelW}" y="${y + 4}" width="${w}" height="22" rx="5" fill="${b === 'not_due' ? '#0b5fff' : b === '1_30' ? '#d97706' : '#b42318'}"></rect>
    <text x="${width}" y="${y + 19}" font-size="14" text-anchor="end" fill="#1d2433" font-variant-numeric="tabular-nums">${amount(data.aging[b], data.currency, language)}</text>
  </g>`;
  })}
</svg>
</figure>`;
}

function count(n: number | undefined, label: string, href: string, none: string): Html {
  if (n === undefined) return html``;
  const shown = n >= QUEUE_CAP ? `${QUEUE_CAP}+` : String(n);
  return html`<li><a href="${href}">${label}</a> <span class="badge ${n ? 'overdue' : ''}">${n ? shown : none}</span></li>`;
}

export function homePage(data: HomeData, language: Language): Html {
  const t = MESSAGES[language];
  const h = HOME[language];
  const dso =
    data.dso.days === undefined
      ? '—'
      : `${data.dso.capped ? `${h.dsoAtLeast} ` : ''}${data.dso.days.toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB')} ${t.days}`;
  const body = html`<h1>${t.home}</h1>
<section class="cards" aria-label="${t.outstanding}">
  <div class="card"><div class="label">${t.outstanding}</div><div class="value" data-testid="outstanding">${amount(data.outstanding, data.currency, language)}</div></div>
  <div class="card"><div class="label">${t.overdue}</div><div class="value late" data-testid="overdue">${amount(data.overdue, data.currency, language)}</div></div>
  <div class="card"><div class="label" title="${h.dsoHelp}">${h.dso}</div><div class="value" data-testid="dso">${dso}</div></div>
  <div class="card"><div class="label">${t.debtors}</div><div class="value">${data.debtorCount}</div></div>
  <div class="card"><div class="label">${h.outToday}</div><div class="value" data-testid="out-today">${data.upcoming.today.length} <span class="muted" style="font-size:.9rem">${h.messages}</span></div></div>
  <div class="card"><div class="label">${h.outWeek}</div><div class="value" data-testid="out-week">${data.upcoming.week.length} <span class="muted" style="font-size:.9rem">${h.messages}</span></div></div>
</section>
<p class="muted" style="font-size:.85rem">${h.dsoHelp}</p>
<div class="split">
<section>
<h2>${t.aging}</h2>
${agingChart(data, language)}
<p><a href="/exports/receivables.csv">${h.export}</a></p>
</section>
<section>
<h2>${h.work}</h2>
<ul class="queues">
  ${count(data.openTasks, h.tasks, '/tasks', h.none)}
  ${count(data.documentsInReview, h.documents, '/documents', h.none)}
  ${count(data.bankInReview, h.bank, '/bank', h.none)}
  <li><a href="/settings">${h.connections}</a> <span class="badge ${data.brokenConnections.length ? 'overdue' : 'paid'}">${data.brokenConnections.length ? data.brokenConnections.map((c) => c.provider).join(', ') : h.none}</span></li>
</ul>
</section>
</div>
<h2>${h.top}</h2>
<form class="inline" method="get" action="/customers" role="search">
  <label for="q" class="muted" style="align-self:center">${t.search}</label>
  <input id="q" name="q" type="search"><button type="submit">${t.searchButton}</button>
</form>
${data.topDebtors.length ? customerRows(data.topDebtors, language) : html`<p class="muted">${t.noDebtors}</p>`}
<p><a href="/customers?sort=overdue">${h.allCustomers} →</a></p>
<h2>${h.upcoming}</h2>
<p class="muted" style="font-size:.85rem">${h.upcomingHelp}</p>
${
  data.upcoming.week.length
    ? html`<table>
  <thead><tr><th scope="col">${h.day}</th><th scope="col">${t.customer}</th><th scope="col">${h.step}</th><th scope="col" class="hide-sm">${h.channel}</th><th scope="col" class="num">${h.invoices}</th></tr></thead>
  <tbody>${data.upcoming.week.slice(0, 30).map(
    (
      u,
    ) => html`<tr><td>${date(u.date, language)}</td><td><a href="/customers/${u.customerId}">${data.names[u.customerId] ?? u.customerId}</a></td>
    <td>${u.stepId}</td><td class="hide-sm">${u.channel}</td><td class="num">${u.invoiceCount}</td></tr>`,
  )}</tbody>
</table>${data.upcoming.week.length > 30 ? html`<p class="muted">+ ${data.upcoming.week.length - 30}</p>` : ''}`
    : html`<p class="muted">${h.noUpcoming}</p>`
}`;
  return page({ title: t.home, language, body });
}
