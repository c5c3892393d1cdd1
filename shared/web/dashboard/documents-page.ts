/**
 * The documents page: the review queue (each document with the fields read, why it waits, and a form to confirm
 * or correct them), the failures with their reasons and a retry button, and the latest conversions.
 */
import { html } from 'hono/html';
import type { ExtractedInvoice } from '#shared/domain/documents/extracted-invoice.ts';
import type { IntakeDocument } from '#shared/domain/documents/intake-document.ts';
import { type Language, money, toDecimalString } from '#shared/domain/money.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { amount, instant } from './format.ts';
import { type Html, page } from './layout.ts';

const WORDS = {
  fr: {
    title: 'Documents',
    review: 'À vérifier',
    failed: 'En échec',
    converted: 'Factures créées récemment',
    noReview: 'Aucun document à vérifier.',
    noFailed: 'Aucun document en échec.',
    noConverted: 'Aucune facture créée depuis un document.',
    why: 'Pourquoi',
    file: 'Fichier',
    received: 'Reçu le',
    confirm: 'Confirmer et créer la facture',
    retry: 'Relancer la lecture',
    invoice: 'Facture',
    newCustomer: 'nouveau client, à vérifier',
    duplicate: 'déjà enregistrée depuis un autre document',
    fields: {
      number: 'Numéro',
      issueDate: 'Date d’émission',
      dueDate: 'Échéance',
      total: 'Montant TTC',
      currency: 'Devise',
      buyerName: 'Client',
      buyerVatNumber: 'N° TVA du client',
      buyerEmail: 'E-mail du client',
    },
  },
  en: {
    title: 'Documents',
    review: 'To review',
    failed: 'Failed',
    converted: 'Recently created invoices',
    noReview: 'No document to review.',
    noFailed: 'No failed document.',
    noConverted: 'No invoice created from a document yet.',
    why: 'Why',
    file: 'File',
    received: 'Received',
    confirm: 'Confirm and create the invoice',
    retry: 'Read again',
    invoice: 'Invoice',
    newCustomer: 'new customer, to check',
    duplicate: 'already recorded from another document',
    fields: {
      number: 'Number',
      issueDate: 'Issue date',
      dueDate: 'Due date',
      total: 'Total incl. tax',
      currency: 'Currency',
      buyerName: 'Customer',
      buyerVatNumber: 'Customer VAT number',
      buyerEmail: 'Customer e-mail',
    },
  },
} as const;

export interface DocumentsPageData {
  review: readonly IntakeDocument[];
  failed: readonly IntakeDocument[];
  converted: readonly IntakeDocument[];
  csrfToken: string;
  /** A refusal of the last confirmation, shown above the queue. */
  error?: { documentId: string; message: string };
}

function formValues(fields: ExtractedInvoice | undefined) {
  const total = fields?.total?.value;
  return {
    number: fields?.number?.value ?? '',
    issueDate: fields?.issueDate?.value ?? '',
    dueDate: fields?.dueDate?.value ?? '',
    total: total ? toDecimalString(money(total.amount, total.currency)) : '',
    currency: total?.currency ?? fields?.currency?.value ?? 'EUR',
    buyerName: fields?.buyerName?.value ?? '',
    buyerVatNumber: fields?.buyerVatNumber?.value ?? '',
    buyerEmail: fields?.buyerEmail?.value ?? '',
  };
}

function confirmForm(doc: IntakeDocument, csrf: string, language: Language): Html {
  const t = WORDS[language];
  const values = formValues(doc.fields);
  const input = (name: keyof typeof values, type = 'text') =>
    html`<label>${t.fields[name]}<br><input name="${name}" type="${type}" value="${values[name]}"></label>`;
  return html`<form method="post" action="/documents/${doc.id}/confirm" class="inline" style="flex-wrap:wrap">
  <input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
  ${input('number')} ${input('issueDate', 'date')} ${input('dueDate', 'date')} ${input('total')} ${input('currency')}
  ${input('buyerName')} ${input('buyerVatNumber')} ${input('buyerEmail', 'email')}
  <button type="submit" style="align-self:end">${t.confirm}</button>
</form>`;
}

export function documentsPage(data: DocumentsPageData, language: Language, timeZone: string): Html {
  const t = WORDS[language];
  const name = (d: IntakeDocument) => d.fileName ?? d.key;
  const body = html`<h1>${t.title}</h1>
${data.error ? html`<p class="error" role="alert">${data.error.message}</p>` : ''}
<h2>${t.review} (${data.review.length})</h2>
${
  data.review.length
    ? data.review.map(
        (d) => html`<section class="card" id="doc-${d.id}" style="margin-bottom:.8rem">
  <strong>${name(d)}</strong> <span class="muted">· ${t.received} ${instant(d.createdAt, language, timeZone)}</span>
  <p>${t.why}:</p><ul>${d.reviewReasons.map((r) => html`<li>${r}</li>`)}</ul>
  ${confirmForm(d, data.csrfToken, language)}
</section>`,
      )
    : html`<p class="muted">${t.noReview}</p>`
}
<h2>${t.failed} (${data.failed.length})</h2>
${
  data.failed.length
    ? html`<table><thead><tr><th>${t.file}</th><th>${t.received}</th><th>${t.why}</th><th></th></tr></thead><tbody>
  ${data.failed.map(
    (d) => html`<tr id="doc-${d.id}">
    <td>${name(d)}</td>
    <td>${instant(d.createdAt, language, timeZone)}</td>
    <td><span class="badge">${d.failure?.code ?? ''}</span> ${d.failure?.reason ?? ''}</td>
    <td><form method="post" action="/documents/${d.id}/retry" style="margin:0">
      <input type="hidden" name="${CSRF_FIELD}" value="${data.csrfToken}"><button type="submit">${t.retry}</button>
    </form></td>
  </tr>`,
  )}
</tbody></table>`
    : html`<p class="muted">${t.noFailed}</p>`
}
<h2>${t.converted}</h2>
${
  data.converted.length
    ? html`<ul>${data.converted.map((d) => {
        const total = d.fields?.total?.value;
        return html`<li>${name(d)} → <a href="/invoices/${d.invoiceId}">${t.invoice} ${d.fields?.number?.value ?? ''}</a>
      ${total ? amount(total.amount, total.currency, language) : ''}
      ${d.customerCreated ? html` <span class="badge">${t.newCustomer}</span>` : ''}
      ${d.duplicateOf ? html` <span class="badge">${t.duplicate}</span>` : ''}</li>`;
      })}</ul>`
    : html`<p class="muted">${t.noConverted}</p>`
}`;
  return page({ title: t.title, language, body });
}
