/**
 * The debtor's portal page: their open and recently paid invoices with PDFs and totals, how to pay by transfer
 * (IBAN, BIC, each invoice's RF reference, the EPC QR payload), and three forms: "I have paid", a promise to pay
 * with a date, a dispute with a reason. One customer only; nothing here links to the dashboard.
 */
import { html, raw } from 'hono/html';
import { formatRfReference } from '#shared/domain/matching/rf-reference.ts';
import type { Language, Money } from '#shared/domain/money.ts';
import type { InvoiceView } from '#shared/use-cases/read-models.ts';
import { amount, amounts, date } from '../dashboard/format.ts';
import { statusLabel } from '../dashboard/i18n.ts';
import { type Html, STYLE } from '../dashboard/layout.ts';

const WORDS = {
  fr: {
    title: 'Vos factures',
    intro: (company: string, customer: string) => `Factures de ${company} adressées à ${customer}.`,
    due: 'Reste à payer',
    overdue: 'Dont en retard',
    open: 'Factures à régler',
    recentlyPaid: 'Factures payées récemment',
    none: 'Aucune facture à régler. Merci !',
    number: 'Facture',
    issued: 'Émise le',
    dueDate: 'Échéance',
    total: 'Montant',
    balance: 'Reste dû',
    status: 'Statut',
    reference: 'Référence à indiquer',
    pdf: 'PDF',
    download: 'Télécharger',
    pay: 'Payer',
    paidOn: 'Payée le',
    howToPay: 'Payer par virement',
    beneficiary: 'Bénéficiaire',
    iban: 'IBAN',
    bic: 'BIC',
    payHelp:
      'Indiquez la référence RF de la facture dans le motif du virement : votre paiement sera rapproché automatiquement.',
    focusHelp: 'Choisissez « Payer » sur une facture pour afficher ses coordonnées de virement.',
    qr: 'QR code de virement SEPA (EPC)',
    qrHelp: 'Les applications bancaires lisent ces données pour pré-remplir le virement.',
    forInvoice: 'Pour la facture',
    amount: 'Montant',
    actions: 'Vous avez une question sur une facture ?',
    invoice: 'Facture concernée',
    paidTitle: 'J’ai payé',
    paidHelp: 'Nous suspendons les relances quelques jours, le temps de recevoir votre paiement.',
    paidDate: 'Date du paiement',
    note: 'Précision (facultatif)',
    paidButton: 'Signaler mon paiement',
    promiseTitle: 'Je m’engage à payer',
    promiseDate: 'Date de paiement promise',
    promiseButton: 'Enregistrer ma promesse',
    disputeTitle: 'Je conteste cette facture',
    reason: 'Motif de la contestation',
    disputeButton: 'Envoyer la contestation',
    done: {
      paid: 'Merci, votre paiement est signalé. Les relances sont suspendues quelques jours.',
      promise: 'Merci, votre promesse de paiement est enregistrée. Aucune relance avant cette date.',
      dispute:
        'Votre contestation est enregistrée. Les relances sont arrêtées pour cette facture ; nous revenons vers vous.',
    } as Record<string, string>,
    contact: 'Une question ? Écrivez-nous :',
  },
  en: {
    title: 'Your invoices',
    intro: (company: string, customer: string) => `Invoices from ${company} to ${customer}.`,
    due: 'Left to pay',
    overdue: 'Of which overdue',
    open: 'Invoices to pay',
    recentlyPaid: 'Recently paid invoices',
    none: 'No invoice to pay. Thank you!',
    number: 'Invoice',
    issued: 'Issued',
    dueDate: 'Due',
    total: 'Amount',
    balance: 'Balance',
    status: 'Status',
    reference: 'Reference to quote',
    pdf: 'PDF',
    download: 'Download',
    pay: 'Pay',
    paidOn: 'Paid on',
    howToPay: 'Pay by bank transfer',
    beneficiary: 'Beneficiary',
    iban: 'IBAN',
    bic: 'BIC',
    payHelp: 'Quote the invoice’s RF reference with your transfer: your payment will be matched automatically.',
    focusHelp: 'Choose “Pay” on an invoice to see its transfer details.',
    qr: 'SEPA transfer QR code (EPC)',
    qrHelp: 'Banking apps read this data to fill in the transfer.',
    forInvoice: 'For invoice',
    amount: 'Amount',
    actions: 'A question about an invoice?',
    invoice: 'Invoice',
    paidTitle: 'I have paid',
    paidHelp: 'We pause the reminders for a few days while your payment reaches us.',
    paidDate: 'Payment date',
    note: 'Details (optional)',
    paidButton: 'Tell us I paid',
    promiseTitle: 'I promise to pay',
    promiseDate: 'Promised payment date',
    promiseButton: 'Record my promise',
    disputeTitle: 'I dispute this invoice',
    reason: 'Reason for the dispute',
    disputeButton: 'Send the dispute',
    done: {
      paid: 'Thank you, your payment is noted. Reminders are paused for a few days.',
      promise: 'Thank you, your promise to pay is recorded. No reminder before that date.',
      dispute: 'Your dispute is recorded. Reminders are stopped for this invoice; we will get back to you.',
    } as Record<string, string>,
    contact: 'A question? Write to us:',
  },
};

export interface PortalData {
  language: Language;
  token: string;
  csrfToken: string;
  today: string;
  company: { legalName: string; iban: string; bic: string; replyTo: string };
  customerName: string;
  open: InvoiceView[];
  paid: InvoiceView[];
  totals: Money[];
  overdue: Money[];
  focus?: InvoiceView;
  /** The EPC payload of the focused invoice (shown as text under the QR code, for apps that paste it). */
  epc?: string;
  /** An SVG of the QR code, when a renderer is available. */
  qrSvg?: string;
  done?: string;
  error?: string;
}

const groupIban = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();

function invoiceRows(d: PortalData, t: (typeof WORDS)['fr']): Html {
  const lang = d.language;
  return html`<div class="scroll"><table>
  <caption class="sr-only">${t.open}</caption>
  <thead><tr><th scope="col">${t.number}</th><th scope="col" class="hide-sm">${t.issued}</th><th scope="col">${t.dueDate}</th><th scope="col" class="num">${t.balance}</th><th scope="col" class="hide-sm">${t.reference}</th><th scope="col">${t.status}</th><th scope="col"><span class="sr-only">${t.pay}</span></th></tr></thead>
  <tbody>
  ${d.open.map(
    (i) => html`<tr${d.focus?.id === i.id ? raw(' class="focus" aria-current="true"') : ''}>
    <td style="white-space:nowrap">${i.number}${i.pdf ? html`<br><a href="/portal/${d.token}/invoices/${i.id}.pdf">${t.pdf}</a>` : ''}</td>
    <td class="hide-sm">${date(i.issueDate, lang)}</td>
    <td>${date(i.dueDate, lang)}</td>
    <td class="num">${amount(i.balance, i.currency, lang)}<div class="muted">/ ${amount(i.total, i.currency, lang)}</div></td>
    <td class="hide-sm"><code>${i.rfReference ? formatRfReference(i.rfReference) : i.number}</code></td>
    <td><span class="badge ${i.status}">${statusLabel(i.status, lang)}</span></td>
    <td><a href="/portal/${d.token}?invoice=${i.id}#pay">${t.pay}</a></td>
  </tr>`,
  )}
  </tbody>
</table></div>`;
}

function invoiceOptions(d: PortalData): Html {
  return html`${d.open.map(
    (i) =>
      html`<option value="${i.id}"${d.focus?.id === i.id ? raw(' selected') : ''}>${i.number} · ${amount(i.balance, i.currency, d.language)}</option>`,
  )}`;
}

export function portalPage(d: PortalData): Html {
  const t = WORDS[d.language];
  const lang = d.language;
  const csrf = html`<input type="hidden" name="_csrf" value="${d.csrfToken}">`;
  const maxPromise = new Date(Date.parse(`${d.today}T00:00:00Z`) + 180 * 86_400_000).toISOString().slice(0, 10);
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t.title} · ${d.company.legalName}</title>
<style>${raw(STYLE)}
.scroll{overflow-x:auto;position:relative;border-radius:10px}dd{overflow-wrap:anywhere;margin:0}.scroll table{min-width:100%}
tr.focus td{background:#eef4ff}.notice{background:#e7f6ee;border:1px solid #b7e4c7;color:var(--ok);padding:.7rem 1rem;border-radius:10px}
.alert{background:#fde8e7;border:1px solid #f5c2c0;color:var(--late);padding:.7rem 1rem;border-radius:10px}
.forms{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:.8rem}
.forms form{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.9rem 1rem;display:grid;gap:.45rem;align-content:start}
.forms h3{margin:0;font-size:1rem}textarea{font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:8px;min-height:4rem}
pre.epc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem;font-size:.85rem;overflow-x:auto}
.pay{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.9rem 1rem}.qr svg{width:180px;height:180px}
label{font-weight:600;font-size:.9rem}
</style>
</head>
<body>
<header><strong>${d.company.legalName}</strong></header>
<main>
<h1>${t.title}</h1>
<p class="muted">${t.intro(d.company.legalName, d.customerName)}</p>
${d.done && t.done[d.done] ? html`<p class="notice" role="status">${t.done[d.done]}</p>` : ''}
${d.error ? html`<p class="alert" role="alert">${d.error}</p>` : ''}
<section class="cards" aria-label="${t.due}">
  <div class="card"><div class="label">${t.due}</div><div class="value" data-testid="portal-total">${amounts(d.totals, lang)}</div></div>
  <div class="card"><div class="label">${t.overdue}</div><div class="value late">${amounts(d.overdue, lang)}</div></div>
</section>
<h2>${t.open}</h2>
${d.open.length ? invoiceRows(d, t) : html`<p class="muted">${t.none}</p>`}

<h2 id="pay">${t.howToPay}</h2>
<div class="pay">
<dl>
  <dt>${t.beneficiary}</dt><dd>${d.company.legalName}</dd>
  <dt>${t.iban}</dt><dd><code data-testid="iban">${groupIban(d.company.iban)}</code></dd>
  <dt>${t.bic}</dt><dd><code>${d.company.bic}</code></dd>
  ${
    d.focus
      ? html`<dt>${t.forInvoice}</dt><dd>${d.focus.number}</dd>
  <dt>${t.amount}</dt><dd><strong>${amount(d.focus.balance, d.focus.currency, lang)}</strong></dd>
  <dt>${t.reference}</dt><dd><code data-testid="rf">${d.focus.rfReference ? formatRfReference(d.focus.rfReference) : d.focus.number}</code></dd>`
      : ''
  }
</dl>
<p class="muted">${d.focus ? t.payHelp : t.focusHelp}</p>
${
  d.epc
    ? html`<h3>${t.qr}</h3>
${d.qrSvg ? html`<div class="qr" role="img" aria-label="${t.qr}">${raw(d.qrSvg)}</div>` : ''}
<details${d.qrSvg ? '' : raw(' open')}><summary>${t.qrHelp}</summary><pre class="epc" data-testid="epc">${d.epc}</pre></details>`
    : ''
}
</div>

${
  d.open.length
    ? html`<h2>${t.actions}</h2>
<div class="forms">
<form method="post" action="/portal/${d.token}/paid">
  <h3>${t.paidTitle}</h3>
  <p class="muted" style="margin:0">${t.paidHelp}</p>
  ${csrf}
  <label for="paid-invoice">${t.invoice}</label><select id="paid-invoice" name="invoiceId">${invoiceOptions(d)}</select>
  <label for="paid-date">${t.paidDate}</label><input id="paid-date" name="date" type="date" max="${d.today}" value="${d.today}" required>
  <label for="paid-note">${t.note}</label><input id="paid-note" name="note" maxlength="300">
  <button type="submit">${t.paidButton}</button>
</form>
<form method="post" action="/portal/${d.token}/promise">
  <h3>${t.promiseTitle}</h3>
  ${csrf}
  <label for="promise-invoice">${t.invoice}</label><select id="promise-invoice" name="invoiceId">${invoiceOptions(d)}</select>
  <label for="promise-date">${t.promiseDate}</label><input id="promise-date" name="date" type="date" min="${d.today}" max="${maxPromise}" required>
  <label for="promise-note">${t.note}</label><input id="promise-note" name="note" maxlength="300">
  <button type="submit">${t.promiseButton}</button>
</form>
<form method="post" action="/portal/${d.token}/dispute">
  <h3>${t.disputeTitle}</h3>
  ${csrf}
  <label for="dispute-invoice">${t.invoice}</label><select id="dispute-invoice" name="invoiceId">${invoiceOptions(d)}</select>
  <label for="dispute-reason">${t.reason}</label><textarea id="dispute-reason" name="reason" maxlength="500" required></textarea>
  <button type="submit">${t.disputeButton}</button>
</form>
</div>`
    : ''
}

${
  d.paid.length
    ? html`<h2>${t.recentlyPaid}</h2>
<div class="scroll"><table>
  <thead><tr><th scope="col">${t.number}</th><th scope="col">${t.paidOn}</th><th scope="col" class="num">${t.total}</th><th scope="col">${t.pdf}</th></tr></thead>
  <tbody>${d.paid.map(
    (i) => html`<tr><td>${i.number}</td><td>${date((i.paidAt ?? i.updatedAt).slice(0, 10), lang)}</td>
    <td class="num">${amount(i.total, i.currency, lang)}</td>
    <td>${i.pdf ? html`<a href="/portal/${d.token}/invoices/${i.id}.pdf">${t.download}</a>` : '—'}</td></tr>`,
  )}</tbody>
</table></div>`
    : ''
}
<p class="muted">${t.contact} <a href="mailto:${d.company.replyTo}">${d.company.replyTo}</a></p>
</main>
</body>
</html>`;
}

/** The one answer to every bad link: same page, same status, nothing about why. */
export function portalNotFound(): Html {
  return html`<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Lien invalide · Invalid link</title><style>${raw(STYLE)}</style></head>
<body><main>
<h1>Ce lien n’est pas valide</h1>
<p>Il a peut-être expiré. Utilisez le lien de votre dernier e-mail ou contactez votre fournisseur.</p>
<h2 lang="en">This link is not valid</h2>
<p lang="en">It may have expired. Use the link in your latest e-mail or contact your supplier.</p>
</main></body></html>`;
}
