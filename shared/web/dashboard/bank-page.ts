/**
 * The bank page: the statement upload form, the review queue (each transaction with the matcher's candidates,
 * their confidence and reasons, and forms to accept one, pick or split invoices, or mark it as not an invoice
 * payment), the unmatched credits, and what was applied (with undo), ignored or reverted.
 */
import { html } from 'hono/html';
import type { BankTransactionRecord, BankTransactionState } from '#shared/domain/bank/bank-transaction.ts';
import type { Language } from '#shared/domain/money.ts';
import type { BankTransactionDetails } from '#shared/use-cases/bank-read-models.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { amount, date } from './format.ts';
import { type Html, page } from './layout.ts';

const WORDS = {
  fr: {
    title: 'Banque',
    upload: 'Importer un relevé (camt.053/054, MT940, OFX, CFONB 120, CSV)',
    send: 'Importer',
    states: {
      review: 'À vérifier',
      unmatched: 'Non rapprochés',
      auto_applied: 'Rapprochés automatiquement',
      applied: 'Rapprochés',
      ignored: 'Hors factures',
      reverted: 'Annulés',
    },
    none: 'Rien ici.',
    date: 'Date',
    payer: 'Payeur',
    text: 'Libellé',
    amount: 'Montant',
    candidates: 'Propositions',
    confidence: 'confiance',
    accept: 'Accepter',
    ignore: 'Pas un paiement de facture',
    undo: 'Annuler',
    allocate: 'Affecter (numéro de facture et montant ; plusieurs lignes = répartition)',
    invoice: 'Facture n°',
    credit: 'crédit client',
    imported: 'Relevé importé',
  },
  en: {
    title: 'Bank',
    upload: 'Import a statement (camt.053/054, MT940, OFX, CFONB 120, CSV)',
    send: 'Import',
    states: {
      review: 'To review',
      unmatched: 'Unmatched',
      auto_applied: 'Matched automatically',
      applied: 'Matched',
      ignored: 'Not invoice payments',
      reverted: 'Undone',
    },
    none: 'Nothing here.',
    date: 'Date',
    payer: 'Payer',
    text: 'Details',
    amount: 'Amount',
    candidates: 'Candidates',
    confidence: 'confidence',
    accept: 'Accept',
    ignore: 'Not an invoice payment',
    undo: 'Undo',
    allocate: 'Allocate (invoice number and amount; several rows = a split)',
    invoice: 'Invoice no.',
    credit: 'customer credit',
    imported: 'Statement imported',
  },
} as const;

export const PAGE_STATES: readonly BankTransactionState[] = [
  'review',
  'unmatched',
  'auto_applied',
  'applied',
  'ignored',
  'reverted',
];

export interface BankPageData {
  lists: Record<BankTransactionState, BankTransactionRecord[]>;
  named: Pick<BankTransactionDetails, 'invoices' | 'customers'>;
  csrfToken: string;
  notice?: string;
  error?: string;
}

const csrf = (token: string) => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

function post(action: string, label: string, token: string, extra: Html | string = '') {
  return html`<form method="post" action="${action}" style="margin:0;display:inline">${csrf(token)}${extra}<button type="submit">${label}</button></form>`;
}

function describe(tx: BankTransactionRecord): string {
  return [...tx.remittanceUnstructured, tx.creditorReference ?? ''].filter(Boolean).join(' · ');
}

function row(tx: BankTransactionRecord, data: BankPageData, language: Language): Html {
  const t = WORDS[language];
  const day = tx.bookingDate ?? tx.valueDate;
  const actions: Html[] = [];
  if (tx.state === 'auto_applied' || tx.state === 'applied' || tx.state === 'ignored') {
    actions.push(post(`/bank/transactions/${tx.id}/undo`, t.undo, data.csrfToken));
  }
  if (tx.state === 'unmatched' || tx.state === 'reverted') {
    actions.push(post(`/bank/transactions/${tx.id}/ignore`, t.ignore, data.csrfToken));
  }
  const decision = tx.decision;
  const applied = decision?.allocations.length
    ? html`<br><span class="muted">${decision.allocations.map(
        (a) =>
          html`${t.invoice} ${data.named.invoices[a.invoiceId]?.number ?? a.invoiceId}: ${amount(a.amount.amount, a.amount.currency, language)} `,
      )}${decision.unallocated?.amount ? html`+ ${t.credit} ${amount(decision.unallocated.amount, decision.unallocated.currency, language)}` : ''}</span>`
    : decision?.reason
      ? html`<br><span class="muted">${decision.reason}</span>`
      : '';
  return html`<tr id="tx-${tx.id}">
  <td>${day ? date(day, language) : ''}</td>
  <td>${tx.counterpartyName ?? ''}</td>
  <td>${describe(tx)}${applied}</td>
  <td class="num">${amount(tx.amount.amount, tx.amount.currency, language)}</td>
  <td>${actions}</td>
</tr>`;
}

function allocateForm(tx: BankTransactionRecord, token: string, language: Language): Html {
  const t = WORDS[language];
  const rows = [0, 1, 2].map(
    (i) =>
      html`<label>${t.invoice}<br><input name="invoice${i}" size="14"></label> <label>${t.amount}<br><input name="amount${i}" size="9" inputmode="decimal"></label>`,
  );
  return html`<form method="post" action="/bank/transactions/${tx.id}/allocate" class="inline" style="flex-wrap:wrap">
  ${csrf(token)}<span style="width:100%">${t.allocate}</span>${rows}
  <button type="submit" style="align-self:end">${t.accept}</button>
</form>`;
}

function reviewCard(tx: BankTransactionRecord, data: BankPageData, language: Language): Html {
  const t = WORDS[language];
  const day = tx.bookingDate ?? tx.valueDate;
  return html`<section class="card" id="tx-${tx.id}" style="margin-bottom:.8rem">
  <strong>${amount(tx.amount.amount, tx.amount.currency, language)}</strong>
  <span class="muted">· ${day ? date(day, language) : ''} · ${tx.counterpartyName ?? ''}</span>
  <p>${describe(tx)}</p>
  <p>${t.candidates}:</p>
  <ol>${tx.candidates.map(
    (c, i) => html`<li>
    <strong>${data.named.customers[c.customerId]?.legalName ?? c.customerId}</strong>
    — ${c.allocations.map(
      (a) =>
        html`${t.invoice} ${data.named.invoices[a.invoiceId]?.number ?? a.invoiceId} (${amount(a.amount.amount, a.amount.currency, language)}) `,
    )}
    ${c.unallocated.amount ? html`+ ${t.credit} ${amount(c.unallocated.amount, c.unallocated.currency, language)}` : ''}
    <span class="badge">${t.confidence} ${Math.round(c.confidence * 100)} %</span>
    <span class="muted">${c.tier}: ${c.reasons.join('; ')}</span>
    ${post(`/bank/transactions/${tx.id}/accept`, t.accept, data.csrfToken, html`<input type="hidden" name="candidate" value="${i}">`)}
  </li>`,
  )}</ol>
  ${allocateForm(tx, data.csrfToken, language)}
  ${post(`/bank/transactions/${tx.id}/ignore`, t.ignore, data.csrfToken)}
</section>`;
}

export function bankPage(data: BankPageData, language: Language): Html {
  const t = WORDS[language];
  const table = (items: readonly BankTransactionRecord[]) =>
    items.length
      ? html`<table><thead><tr><th>${t.date}</th><th>${t.payer}</th><th>${t.text}</th><th class="num">${t.amount}</th><th></th></tr></thead>
<tbody>${items.map((tx) => row(tx, data, language))}</tbody></table>`
      : html`<p class="muted">${t.none}</p>`;
  const body = html`<h1>${t.title}</h1>
${data.notice ? html`<p class="ok" role="status">${data.notice}</p>` : ''}
${data.error ? html`<p class="error" role="alert">${data.error}</p>` : ''}
<form method="post" action="/bank/statements" enctype="multipart/form-data" class="inline">
  ${csrf(data.csrfToken)}<label>${t.upload}<br><input type="file" name="file" required></label>
  <button type="submit" style="align-self:end">${t.send}</button>
</form>
<h2>${t.states.review} (${data.lists.review.length})</h2>
${data.lists.review.length ? data.lists.review.map((tx) => reviewCard(tx, data, language)) : html`<p class="muted">${t.none}</p>`}
${PAGE_STATES.filter((s) => s !== 'review').map(
  (s) => html`<h2>${t.states[s]} (${data.lists[s].length})</h2>
${s === 'unmatched' ? data.lists[s].map((tx) => html`<details><summary>${amount(tx.amount.amount, tx.amount.currency, language)} · ${describe(tx)}</summary>${allocateForm(tx, data.csrfToken, language)}</details>`) : ''}
${table(data.lists[s])}`,
)}`;
  return page({ title: t.title, language, body });
}

export const importNotice = (language: Language, counts: { new: number; autoApplied: number; review: number }) =>
  `${WORDS[language].imported}: ${counts.new} new, ${counts.autoApplied} auto, ${counts.review} review`;
