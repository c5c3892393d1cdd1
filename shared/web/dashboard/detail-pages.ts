/**
 * The customer page (contacts, plan, invoices, payment behaviour, reminders with their tracking, the timeline of
 * every message and payment) and the invoice page (lifecycle, PDF, allocations, reminders, penalties, and the
 * decisions a person takes on it: dispute, promise, pause, send now, hand to collection, write off).
 */
import { html } from 'hono/html';
import type { BankAllocation, CustomerCredit } from '#shared/domain/bank/bank-transaction.ts';
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { PenaltyResult } from '#shared/domain/dunning/penalties.ts';
import type { DunningPlan } from '#shared/domain/dunning/plan.ts';
import { instalmentsPaid } from '#shared/domain/invoice.ts';
import { formatRfReference } from '#shared/domain/matching/rf-reference.ts';
import { formatMoney, type Language } from '#shared/domain/money.ts';
import type { PaymentBehaviour } from '#shared/domain/receivables/payment-behaviour.ts';
import type { TimelineEvent } from '#shared/domain/timeline.ts';
import type { ReminderRecord } from '#shared/ports/reminders.ts';
import type { CustomerView, InvoiceView } from '#shared/use-cases/read-models.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { amount, amounts, date, instant } from './format.ts';
import { MESSAGES, statusLabel } from './i18n.ts';
import { type Html, page } from './layout.ts';

const WORDS = {
  fr: {
    plan: 'Plan de relance',
    override: 'propre à ce client',
    bySegment: 'selon le segment',
    paused: 'Relances en pause jusqu’au',
    behaviour: 'Comportement de paiement',
    avgLate: 'Retard moyen',
    onTime: 'Payées à l’heure',
    trend: 'Tendance (90 jours)',
    trends: { improving: 'en amélioration', worsening: 'en dégradation', stable: 'stable' } as Record<string, string>,
    notEnough: 'pas assez d’historique',
    paidCount: 'factures payées',
    reminders: 'Relances envoyées',
    noReminders: 'Aucune relance.',
    date: 'Date',
    channel: 'Canal',
    step: 'Étape',
    status: 'Statut',
    tracking: 'Suivi',
    lifecycle: 'Cycle de vie',
    issued: 'Émise',
    due: 'Échéance',
    reminded: 'Relancée',
    paid: 'Payée',
    pdf: 'PDF de la facture',
    noPdf: 'Pas de PDF.',
    allocations: 'Paiements rapprochés',
    noAllocations: 'Aucun paiement rapproché.',
    reverted: 'annulé',
    transaction: 'Opération bancaire',
    penalties: 'Pénalités de retard',
    flat: 'Indemnité forfaitaire',
    interest: 'Intérêts',
    daysLate: 'Jours de retard',
    policy: 'Politique',
    policies: { off: 'non mentionnées', mention: 'mentionnées', charge: 'facturées' } as Record<string, string>,
    actions: 'Décisions',
    reason: 'Motif',
    dispute: 'Ouvrir un litige',
    promise: 'Promesse de paiement',
    promiseDate: 'Payera le',
    promiseAmount: 'Montant promis (facultatif, €)',
    pause: 'Suspendre les relances',
    until: 'Jusqu’au',
    resume: 'Reprendre les relances',
    sendNow: 'Envoyer maintenant ce qui est dû',
    collection: 'Transmettre au recouvrement',
    writeOff: 'Passer en perte',
    reopen: 'Revenir au cours normal',
    paymentPlan: 'Échéancier',
    instalments: 'Échéances, une par ligne : date et montant (ex. 2026-12-15 400,00)',
    record: 'Enregistrer',
    done: 'Enregistré.',
    caseFile: 'Dossier de recouvrement (ZIP)',
    needsReview:
      'Client créé à partir d’une facture PDF : vérifiez sa raison sociale, son SIREN et ses contacts avant les relances.',
    markReviewed: 'Marquer comme vérifié',
    credits: 'Crédits du client',
    creditsHelp:
      'Trop-perçus gardés sur le compte du client : à déduire d’une prochaine facture ou à rembourser (page Banque).',
    bankTransaction: 'Virement',
    promisedUntil: 'Promesse au',
  },
  en: {
    plan: 'Dunning plan',
    override: 'this customer’s own',
    bySegment: 'by segment',
    paused: 'Reminders paused until',
    behaviour: 'Payment behaviour',
    avgLate: 'Average days late',
    onTime: 'Paid on time',
    trend: 'Trend (90 days)',
    trends: { improving: 'improving', worsening: 'worsening', stable: 'stable' } as Record<string, string>,
    notEnough: 'not enough history',
    paidCount: 'paid invoices',
    reminders: 'Reminders sent',
    noReminders: 'No reminders.',
    date: 'Date',
    channel: 'Channel',
    step: 'Step',
    status: 'Status',
    tracking: 'Tracking',
    lifecycle: 'Lifecycle',
    issued: 'Issued',
    due: 'Due',
    reminded: 'Reminded',
    paid: 'Paid',
    pdf: 'Invoice PDF',
    noPdf: 'No PDF.',
    allocations: 'Matched payments',
    noAllocations: 'No matched payment.',
    reverted: 'reverted',
    transaction: 'Bank transaction',
    penalties: 'Late-payment penalties',
    flat: 'Flat indemnity',
    interest: 'Interest',
    daysLate: 'Days late',
    policy: 'Policy',
    policies: { off: 'not mentioned', mention: 'mentioned', charge: 'charged' } as Record<string, string>,
    actions: 'Decisions',
    reason: 'Reason',
    dispute: 'Open a dispute',
    promise: 'Promise to pay',
    promiseDate: 'Will pay on',
    promiseAmount: 'Amount promised (optional, €)',
    pause: 'Pause reminders',
    until: 'Until',
    resume: 'Resume reminders',
    sendNow: 'Send what is due now',
    collection: 'Hand to collection',
    writeOff: 'Write off',
    reopen: 'Back to normal course',
    paymentPlan: 'Payment plan',
    instalments: 'Instalments, one per line: date and amount (e.g. 2026-12-15 400,00)',
    record: 'Record',
    done: 'Recorded.',
    caseFile: 'Collection case file (ZIP)',
    needsReview: 'Customer created from a PDF invoice: check its name, SIREN and contacts before reminders go out.',
    markReviewed: 'Mark as checked',
    credits: 'Customer credits',
    creditsHelp:
      'Overpayments kept on the customer’s account: to set against a later invoice or to refund (Bank page).',
    bankTransaction: 'Transfer',
    promisedUntil: 'Promised for',
  },
};

export function timelineList(events: readonly TimelineEvent[], language: Language, timeZone: string): Html {
  const t = MESSAGES[language];
  if (!events.length) return html`<p class="muted">${t.nothing}</p>`;
  return html`<ol class="timeline">
  ${events.map(
    (e) =>
      html`<li data-type="${e.type}"><time datetime="${e.at}">${instant(e.at, language, timeZone)}</time>${e.summary}
      <span class="muted">· ${e.actor.kind}:${e.actor.id}${e.reason ? ` · ${e.reason}` : ''}</span></li>`,
  )}
</ol>`;
}

export function invoiceTable(invoices: readonly InvoiceView[], language: Language): Html {
  const t = MESSAGES[language];
  if (!invoices.length) return html`<p class="muted">${t.noInvoices}</p>`;
  return html`<table>
  <thead><tr><th scope="col">${t.number}</th><th scope="col" class="hide-sm">${t.issueDate}</th><th scope="col">${t.dueDate}</th><th scope="col" class="num">${t.total}</th><th scope="col" class="num">${t.balance}</th><th scope="col">${t.status}</th></tr></thead>
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

function reminderTable(reminders: readonly ReminderRecord[], language: Language, timeZone: string): Html {
  const w = WORDS[language];
  if (!reminders.length) return html`<p class="muted">${w.noReminders}</p>`;
  return html`<table>
  <thead><tr><th scope="col">${w.date}</th><th scope="col">${w.channel}</th><th scope="col">${w.step}</th><th scope="col">${w.status}</th><th scope="col" class="hide-sm">${w.tracking}</th></tr></thead>
  <tbody>${reminders.map(
    (r) => html`<tr><td>${date(r.date, language)}</td><td>${r.channel}</td><td>${r.stepId}</td>
    <td><span class="badge ${r.status === 'bounced' || r.status === 'failed' || r.status === 'complained' ? 'overdue' : r.status === 'opened' || r.status === 'clicked' || r.status === 'delivered' ? 'paid' : ''}">${r.status}</span>${r.failure ? html` <span class="muted">${r.failure}</span>` : ''}</td>
    <td class="hide-sm">${r.events.length ? r.events.map((e) => html`<div class="muted">${e.type} · ${instant(e.at, language, timeZone)}</div>`) : '—'}</td></tr>`,
  )}</tbody>
</table>`;
}

export interface CustomerPageData {
  view: CustomerView;
  invoices: InvoiceView[];
  timeline: TimelineEvent[];
  reminders: ReminderRecord[];
  plan: DunningPlan;
  behaviour: PaymentBehaviour;
  /** The customer's credits still on the account (overpayments kept from bank transfers). */
  credits: readonly CustomerCredit[];
  csrfToken: string;
}

export function customerDetailPage(d: CustomerPageData, language: Language, timeZone: string): Html {
  const t = MESSAGES[language];
  const w = WORDS[language];
  const c: Customer = d.view.customer;
  const b = d.behaviour;
  const percent = (n: number) => `${Math.round(n * 100)} %`;
  const review = c.needsReview
    ? html`<form method="post" action="/customers/${c.id}/reviewed" class="to-check" data-testid="needs-review">
  <input type="hidden" name="${CSRF_FIELD}" value="${d.csrfToken}">
  <p>${w.needsReview}</p><button type="submit">${w.markReviewed}</button>
</form>`
    : '';
  const body = html`<h1>${c.legalName}</h1>
${review}
<section class="cards">
  <div class="card"><div class="label">${t.outstanding}</div><div class="value">${amounts(d.view.aggregate.balances, language)}</div></div>
  <div class="card"><div class="label">${t.overdue}</div><div class="value late">${amounts(d.view.overdue, language)}</div></div>
  <div class="card"><div class="label">${t.oldestOverdue}</div><div class="value">${d.view.oldestOverdueDays} ${t.days}</div></div>
  <div class="card"><div class="label">${w.avgLate}</div><div class="value" data-testid="avg-late">${b.averageDaysLate === undefined ? '—' : `${b.averageDaysLate} ${t.days}`}</div></div>
  <div class="card"><div class="label">${w.onTime}</div><div class="value" data-testid="on-time">${b.onTimeRate === undefined ? '—' : percent(b.onTimeRate)}</div></div>
  <div class="card"><div class="label">${w.trend}</div><div class="value" style="font-size:1.1rem">${b.trend ? w.trends[b.trend] : w.notEnough}</div></div>
</section>
<p class="muted">${w.behaviour} : ${b.count} ${w.paidCount}.</p>
<div class="split">
<section>
<h2>${t.customer}</h2>
<dl>
  <dt>${t.vat}</dt><dd>${c.vatNumber ?? '—'}</dd>
  <dt>SIREN</dt><dd>${c.siren ?? '—'}</dd>
  <dt>${t.segment}</dt><dd>${c.segment}</dd>
  <dt>${w.plan}</dt><dd><a href="/plans">${d.plan.name}</a> <span class="muted">(${c.planId ? w.override : w.bySegment})</span></dd>
  ${c.pausedUntil ? html`<dt>${w.paused}</dt><dd>${date(c.pausedUntil, language)}</dd>` : ''}
  <dt>${t.language}</dt><dd>${c.language}</dd>
  <dt>${t.timeZone}</dt><dd>${c.timeZone}</dd>
</dl>
</section>
<section>
<h2>${t.contacts}</h2>
${
  c.contacts.length
    ? html`<ul>${c.contacts.map(
        (p) =>
          html`<li>${p.name}${p.primary ? html` <span class="badge">${t.primary}</span>` : ''} · ${p.email ?? ''} ${p.phone ?? ''}${p.emailStatus && p.emailStatus !== 'ok' ? html` <span class="badge overdue">${p.emailStatus}</span>` : ''}${p.wrongContact ? html` <span class="badge overdue">wrong contact</span>` : ''}</li>`,
      )}</ul>`
    : html`<p class="muted">${t.nothing}</p>`
}
</section>
</div>
${
  d.credits.length
    ? html`<h2>${w.credits}</h2>
<p class="muted">${w.creditsHelp}</p>
<table data-testid="customer-credits">
  <thead><tr><th scope="col">${w.date}</th><th scope="col" class="num">${t.total}</th><th scope="col">${w.bankTransaction}</th></tr></thead>
  <tbody>${d.credits.map(
    (credit) => html`<tr><td>${instant(credit.createdAt, language, timeZone)}</td>
    <td class="num">${amount(credit.amount.amount, credit.amount.currency, language)}</td>
    <td><code>${credit.bankTransactionId}</code></td></tr>`,
  )}</tbody>
</table>`
    : ''
}
<h2>${t.invoices}</h2>
${invoiceTable(d.invoices, language)}
<p><a href="/invoices?customerId=${c.id}&format=csv">CSV</a> · <a href="/api/customers/${c.id}/case-file">${w.caseFile}</a></p>
<h2>${w.reminders}</h2>
${reminderTable(d.reminders, language, timeZone)}
<h2>${t.timeline}</h2>
${timelineList(d.timeline, language, timeZone)}`;
  return page({ title: c.legalName, language, body });
}

export interface InvoicePageData {
  invoice: InvoiceView;
  customer?: Customer;
  timeline: TimelineEvent[];
  reminders: ReminderRecord[];
  allocations?: BankAllocation[];
  penalties?: PenaltyResult & { policy: string };
  today: IsoDate;
  csrfToken: string;
  actions: boolean;
  done?: string;
  error?: string;
}

function lifecycle(d: InvoicePageData, language: Language): Html {
  const w = WORDS[language];
  const i = d.invoice;
  const steps = i.stepsDone ?? [];
  const stage = i.state === 'paid' ? 3 : steps.length ? 2 : i.status === 'not_yet_due' ? 0 : 1;
  const items: [string, string][] = [
    [w.issued, date(i.issueDate, language)],
    [w.due, date(i.dueDate, language)],
    [w.reminded, steps.length ? steps.join(' → ') : '—'],
    [w.paid, i.paidAt ? date(i.paidAt.slice(0, 10), language) : i.state === 'paid' ? '✓' : '—'],
  ];
  return html`<ol class="lifecycle" aria-label="${w.lifecycle}">
  ${items.map(
    ([label, value], n) =>
      html`<li class="${n < stage ? 'past' : n === stage ? 'current' : ''}" ${n === stage ? html`aria-current="step"` : ''}><strong>${label}</strong><span>${value}</span></li>`,
  )}
</ol>
${
  ['disputed', 'promised', 'in_payment_plan', 'in_collection', 'written_off', 'void'].includes(i.state)
    ? html`<p><span class="badge ${i.state}">${statusLabel(i.status, language)}</span>${i.stateReason ? html` · ${i.stateReason}` : ''}${i.promisedDate ? html` · ${w.promisedUntil} ${date(i.promisedDate, language)}` : ''}</p>${instalmentList(i, language)}`
    : ''
}
${i.pausedUntil && i.pausedUntil >= d.today ? html`<p class="muted">${w.paused} ${date(i.pausedUntil, language)}</p>` : ''}`;
}

function actionForms(d: InvoicePageData, language: Language): Html {
  const w = WORDS[language];
  const id = d.invoice.id;
  const csrf = html`<input type="hidden" name="${CSRF_FIELD}" value="${d.csrfToken}">`;
  const reasonField = (name: string, required: boolean) =>
    html`<label for="${name}-reason">${w.reason}</label><input id="${name}-reason" name="reason" maxlength="500" ${required ? 'required' : ''}>`;
  return html`<div class="actions">
<form method="post" action="/invoices/${id}/promise"><h3>${w.promise}</h3>${csrf}
  <label for="promise-date">${w.promiseDate}</label><input id="promise-date" name="date" type="date" min="${d.today}" required>
  <label for="promise-amount">${w.promiseAmount}</label><input id="promise-amount" name="amount" inputmode="decimal">
  ${reasonField('promise', false)}<button type="submit">${w.record}</button></form>
<form method="post" action="/invoices/${id}/dispute"><h3>${w.dispute}</h3>${csrf}${reasonField('dispute', true)}<button type="submit">${w.record}</button></form>
<form method="post" action="/invoices/${id}/pause"><h3>${w.pause}</h3>${csrf}
  <label for="pause-until">${w.until}</label><input id="pause-until" name="until" type="date" min="${d.today}" required>
  ${reasonField('pause', false)}<button type="submit">${w.record}</button></form>
<form method="post" action="/invoices/${id}/send-now"><h3>${w.sendNow}</h3>${csrf}<button type="submit" class="secondary">${w.sendNow}</button>
  ${d.invoice.pausedUntil ? html`</form><form method="post" action="/invoices/${id}/resume"><h3>${w.resume}</h3>${csrf}<button type="submit" class="secondary">${w.resume}</button>` : ''}
  ${['disputed', 'promised', 'in_payment_plan', 'in_collection', 'written_off'].includes(d.invoice.state) ? html`</form><form method="post" action="/invoices/${id}/reopen"><h3>${w.reopen}</h3>${csrf}<button type="submit" class="secondary">${w.reopen}</button>` : ''}
</form>
<form method="post" action="/invoices/${id}/payment-plan"><h3>${w.paymentPlan}</h3>${csrf}
  <label for="plan-instalments">${w.instalments}</label><textarea id="plan-instalments" name="instalments" rows="3" required></textarea>
  ${reasonField('payment-plan', false)}<button type="submit">${w.record}</button></form>
<form method="post" action="/invoices/${id}/collection"><h3>${w.collection}</h3>${csrf}${reasonField('collection', false)}<button type="submit" class="danger">${w.collection}</button></form>
<form method="post" action="/invoices/${id}/write-off"><h3>${w.writeOff}</h3>${csrf}${reasonField('write-off', true)}<button type="submit" class="danger">${w.writeOff}</button></form>
</div>`;
}

export function invoiceDetailPage(d: InvoicePageData, language: Language, timeZone: string): Html {
  const t = MESSAGES[language];
  const w = WORDS[language];
  const i = d.invoice;
  const body = html`<h1>${t.invoice} ${i.number} <span class="badge ${i.status}" data-testid="status">${statusLabel(i.status, language)}</span></h1>
${d.done ? html`<p class="notice" role="status">${w.done}</p>` : ''}
${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ''}
<h2>${w.lifecycle}</h2>
${lifecycle(d, language)}
<div class="split">
<section>
<dl>
  <dt>${t.customer}</dt><dd>${d.customer ? html`<a href="/customers/${d.customer.id}">${d.customer.legalName}</a>` : i.customerId}</dd>
  <dt>${t.issueDate}</dt><dd>${date(i.issueDate, language)}</dd>
  <dt>${t.dueDate}</dt><dd>${date(i.dueDate, language)}</dd>
  <dt>${t.total}</dt><dd>${amount(i.total, i.currency, language)}</dd>
  <dt>${t.paid}</dt><dd>${amount(Math.max(i.amountPaid, i.allocated), i.currency, language)}</dd>
  <dt>${t.credited}</dt><dd>${amount(i.credited, i.currency, language)}</dd>
  <dt>${t.balance}</dt><dd data-testid="balance"><strong>${amount(i.balance, i.currency, language)}</strong></dd>
  <dt>${t.rf}</dt><dd>${i.rfReference ? formatRfReference(i.rfReference) : '—'}</dd>
  <dt>${t.source}</dt><dd>${i.source} · ${i.externalId}</dd>
  <dt>PDF</dt><dd>${i.pdf ? html`<a href="/invoices/${i.id}/pdf">${w.pdf}</a>` : w.noPdf}</dd>
</dl>
</section>
<section>
<h2 style="margin-top:0">${w.penalties}</h2>
${
  d.penalties && d.penalties.days > 0
    ? html`<dl>
  <dt>${w.daysLate}</dt><dd>${d.penalties.days}</dd>
  <dt>${w.flat}</dt><dd>${formatMoney(d.penalties.flatIndemnity, language)}</dd>
  <dt>${w.interest}</dt><dd>${formatMoney(d.penalties.interest, language)}</dd>
  <dt>${w.policy}</dt><dd>${w.policies[d.penalties.policy] ?? d.penalties.policy}</dd>
</dl>`
    : html`<p class="muted">—</p>`
}
</section>
</div>
${d.actions ? html`<h2>${w.actions}</h2>${actionForms(d, language)}` : ''}
${
  d.allocations
    ? html`<h2>${w.allocations}</h2>${
        d.allocations.length
          ? html`<table><thead><tr><th scope="col">${w.date}</th><th scope="col" class="num">${t.total}</th><th scope="col">${w.transaction}</th></tr></thead>
<tbody>${d.allocations.map(
              (a) =>
                html`<tr><td>${instant(a.appliedAt, language, timeZone)}</td><td class="num">${amount(a.amount, a.currency, language)}${a.revertedAt ? html` <span class="badge">${w.reverted}</span>` : ''}</td><td><a href="/bank">${a.bankTransactionId}</a></td></tr>`,
            )}</tbody></table>`
          : html`<p class="muted">${w.noAllocations}</p>`
      }`
    : ''
}
<h2>${w.reminders}</h2>
${reminderTable(d.reminders, language, timeZone)}
<h2>${t.timeline}</h2>
${timelineList(d.timeline, language, timeZone)}`;
  return page({ title: `${t.invoice} ${i.number}`, language, body });
}

/** The agreed instalments of a payment plan, each with whether it is covered yet. */
function instalmentList(invoice: InvoiceView, language: Language): Html | string {
  if (!invoice.paymentPlan) return '';
  const paid = instalmentsPaid(invoice);
  return html`<ul class="instalments">${invoice.paymentPlan.instalments.map(
    (p) =>
      html`<li>${date(p.dueDate, language)} · ${amount(p.amount, invoice.currency, language)}${paid.has(p.id) ? ' ✓' : ''}</li>`,
  )}</ul>`;
}
