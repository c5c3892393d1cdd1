/** Dashboard pages for messages: tasks (to post, to call, to decide), the SMS outbox, the template editor. */
import { html } from 'hono/html';
import { PLACEHOLDER_HELP, PLACEHOLDERS } from '#shared/domain/messages/placeholders.ts';
import { TEMPLATE_PARTS } from '#shared/domain/messages/templates.ts';
import type { Language } from '#shared/domain/money.ts';
import type { SmsOutboxEntry } from '#shared/ports/messaging.ts';
import type { Task } from '#shared/ports/tasks.ts';
import type { TemplateView } from '../api/messages.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { date, instant } from './format.ts';
import { type Html, page } from './layout.ts';

const WORDS = {
  fr: {
    tasks: 'Tâches',
    toPost: 'Courriers à poster',
    toCall: 'Appels à passer',
    decisions: 'Décisions à prendre',
    done: 'Terminées récemment',
    none: 'Rien à faire.',
    customer: 'Client',
    contact: 'Contact',
    assignee: 'Assignée à',
    invoices: 'Factures',
    created: 'Créée le',
    letter: 'Télécharger la lettre (PDF)',
    registered: 'Recommandé avec AR',
    postedAt: 'Posté le',
    tracking: 'N° de suivi',
    markPosted: 'Marquer posté',
    outcome: 'Résultat',
    promise: 'Promesse de paiement',
    dispute: 'Litige',
    noAnswer: 'Pas de réponse',
    wrongContact: 'Mauvais interlocuteur',
    promiseDate: 'Date promise',
    amount: 'Montant (optionnel)',
    reason: 'Motif / note',
    record: 'Enregistrer',
    collection: 'Transmettre au recouvrement',
    writeOff: 'Passer en perte',
    decide: 'Décider',
    sms: 'SMS envoyés (simulation locale)',
    smsEmpty: 'Aucun SMS.',
    to: 'Destinataire',
    text: 'Texte',
    templates: 'Modèles de messages',
    template: 'Modèle',
    language: 'Langue',
    custom: 'personnalisé',
    builtIn: 'par défaut',
    edit: 'Modifier',
    parts: {
      subject: 'Objet',
      body: 'Corps (avant le tableau des factures)',
      penalties: 'Paragraphe des pénalités (seulement quand l’étape les nomme)',
      closing: 'Conclusion (après les moyens de paiement)',
      sms: 'SMS',
    },
    preview: 'Aperçu',
    save: 'Enregistrer',
    reset: 'Revenir au modèle par défaut',
    placeholders: 'Variables disponibles',
    saved: 'Modèle enregistré.',
    previewNote: 'Aperçu sur un exemple (client et factures fictifs), avec vos paramètres.',
    taskDone: 'Fait',
  },
  en: {
    tasks: 'Tasks',
    toPost: 'Letters to post',
    toCall: 'Calls to make',
    decisions: 'Decisions to take',
    done: 'Recently done',
    none: 'Nothing to do.',
    customer: 'Customer',
    contact: 'Contact',
    assignee: 'Assigned to',
    invoices: 'Invoices',
    created: 'Created',
    letter: 'Download the letter (PDF)',
    registered: 'Registered letter',
    postedAt: 'Posted on',
    tracking: 'Tracking number',
    markPosted: 'Mark posted',
    outcome: 'Outcome',
    promise: 'Promise to pay',
    dispute: 'Dispute',
    noAnswer: 'No answer',
    wrongContact: 'Wrong contact',
    promiseDate: 'Promised date',
    amount: 'Amount (optional)',
    reason: 'Reason / note',
    record: 'Record',
    collection: 'Hand over to collection',
    writeOff: 'Write off',
    decide: 'Decide',
    sms: 'SMS sent (local simulation)',
    smsEmpty: 'No SMS.',
    to: 'To',
    text: 'Text',
    templates: 'Message templates',
    template: 'Template',
    language: 'Language',
    custom: 'custom',
    builtIn: 'default',
    edit: 'Edit',
    parts: {
      subject: 'Subject',
      body: 'Body (before the invoices table)',
      penalties: 'Penalties paragraph (only when the step names them)',
      closing: 'Closing (after how to pay)',
      sms: 'SMS',
    },
    preview: 'Preview',
    save: 'Save',
    reset: 'Back to the default template',
    placeholders: 'Available placeholders',
    saved: 'Template saved.',
    previewNote: 'Preview on a sample (made-up customer and invoices), with your settings.',
    taskDone: 'Done',
  },
} as const;

const EXTRA_STYLE = html`<style>
.task{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem;margin:.6rem 0}
.task h3{margin:0 0 .4rem;font-size:1rem}.task pre{white-space:pre-wrap;font:inherit;background:#fafbfd;border:1px solid var(--line);border-radius:8px;padding:.6rem;margin:.5rem 0}
.task form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-top:.5rem}.task label{display:grid;gap:.15rem;font-size:.85rem;color:var(--muted)}
.editor{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}.editor textarea{width:100%;font:13px/1.4 ui-monospace,monospace;padding:.5rem;border:1px solid var(--line);border-radius:8px}
.editor label{display:grid;gap:.2rem;margin-bottom:.6rem;font-size:.85rem;color:var(--muted)}.editor input[type=text]{width:100%}
iframe.preview{width:100%;height:900px;border:1px solid var(--line);border-radius:10px;background:#fff}
.notice{padding:.6rem .8rem;border-radius:8px;background:#e7f6ee;color:var(--ok);margin:.5rem 0}.problem{padding:.6rem .8rem;border-radius:8px;background:#fde8e7;color:var(--late);margin:.5rem 0}
code{font-size:.85rem}@media (max-width:800px){.editor{grid-template-columns:1fr}}
</style>`;

function csrfField(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

function taskCard(task: Task, language: Language, csrf: string, timeZone: string, today: string): Html {
  const w = WORDS[language];
  const outcomeForm =
    task.kind === 'call'
      ? html`<form method="post" action="/tasks/${task.id}/outcome">${csrfField(csrf)}
  <label>${w.outcome}<select name="kind">
    <option value="promise">${w.promise}</option><option value="dispute">${w.dispute}</option>
    <option value="no_answer">${w.noAnswer}</option><option value="wrong_contact">${w.wrongContact}</option></select></label>
  <label>${w.promiseDate}<input type="date" name="date"></label>
  <label>${w.amount}<input type="text" name="amount" inputmode="decimal" size="8"></label>
  <label>${w.reason}<input type="text" name="reason" size="24"></label>
  <button type="submit">${w.record}</button></form>`
      : task.kind === 'decision'
        ? html`<form method="post" action="/tasks/${task.id}/outcome">${csrfField(csrf)}
  <label>${w.decide}<select name="kind"><option value="collection">${w.collection}</option><option value="write_off">${w.writeOff}</option></select></label>
  <label>${w.reason}<input type="text" name="reason" size="24"></label>
  <button type="submit">${w.record}</button></form>`
        : html`<p><a href="/tasks/${task.id}/letter.pdf">${w.letter}</a>${task.kind === 'registered_letter' ? html` · <span class="badge">${w.registered}</span>` : ''}</p>
<form method="post" action="/tasks/${task.id}/posted">${csrfField(csrf)}
  <label>${w.postedAt}<input type="date" name="postedAt" value="${today}" required></label>
  <label>${w.tracking}<input type="text" name="trackingNumber" size="18" ${task.kind === 'registered_letter' ? 'required' : ''}></label>
  <button type="submit">${w.markPosted}</button></form>`;
  const assignForm = html`<form method="post" action="/tasks/${task.id}/assign">${csrfField(csrf)}
  <label>${w.assignee}<input type="text" name="assignee" size="16" maxlength="100" value="${task.assignee ?? ''}"></label>
  <button type="submit" class="secondary">OK</button></form>`;
  return html`<article class="task" id="${task.id}">
<h3>${task.title}</h3>
<div class="muted">${w.customer}: <a href="/customers/${task.customerId}">${task.customerName}</a>
 · ${w.created} ${instant(task.createdAt, language, timeZone)}${task.assignee ? html` · ${w.assignee} ${task.assignee}` : ''}</div>
${task.contactName ? html`<div>${w.contact}: ${task.contactName}${task.phone ? html` · <a href="tel:${task.phone}">${task.phone}</a>` : ''}</div>` : ''}
<div>${w.invoices}: ${task.invoiceIds.map((id, i) => html`${i ? ', ' : ''}<a href="/invoices/${id}">${id}</a>`)}</div>
${task.kind === 'letter' || task.kind === 'registered_letter' ? '' : html`<pre>${task.script}</pre>`}
${outcomeForm}
${assignForm}
</article>`;
}

function outcomeText(task: Task, language: Language): string {
  if (task.postedAt)
    return `${WORDS[language].postedAt} ${date(task.postedAt, language)}${task.trackingNumber ? ` · ${task.trackingNumber}` : ''}`;
  const o = task.outcome;
  if (!o) return WORDS[language].taskDone;
  const w = WORDS[language];
  switch (o.kind) {
    case 'promise':
      return `${w.promise} · ${date(o.date, language)}`;
    case 'dispute':
      return `${w.dispute} · ${o.reason}`;
    case 'no_answer':
      return w.noAnswer;
    case 'wrong_contact':
      return w.wrongContact;
    case 'collection':
      return w.collection;
    case 'write_off':
      return w.writeOff;
  }
}

export function tasksPage(data: {
  open: Task[];
  done: Task[];
  csrfToken: string;
  language: Language;
  timeZone: string;
  today: string;
  error?: string;
}): Html {
  const { language } = data;
  const w = WORDS[language];
  const section = (title: string, tasks: Task[]) =>
    html`<h2>${title} (${tasks.length})</h2>${
      tasks.length
        ? tasks.map((t) => taskCard(t, language, data.csrfToken, data.timeZone, data.today))
        : html`<p class="muted">${w.none}</p>`
    }`;
  const body = html`${EXTRA_STYLE}<h1>${w.tasks}</h1>
<p><a href="/sms">${w.sms}</a> · <a href="/templates">${w.templates}</a></p>
${data.error ? html`<p class="problem">${data.error}</p>` : ''}
${section(
  w.toPost,
  data.open.filter((t) => t.kind === 'letter' || t.kind === 'registered_letter'),
)}
${section(
  w.toCall,
  data.open.filter((t) => t.kind === 'call'),
)}
${section(
  w.decisions,
  data.open.filter((t) => t.kind === 'decision'),
)}
<h2>${w.done}</h2>
${
  data.done.length
    ? html`<table><tbody>${data.done.map(
        (t) =>
          html`<tr><td>${t.title}</td><td><a href="/customers/${t.customerId}">${t.customerName}</a></td><td>${outcomeText(t, language)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">${w.none}</p>`
}`;
  return page({ title: w.tasks, language, body });
}

export function smsPage(entries: SmsOutboxEntry[], language: Language, timeZone: string): Html {
  const w = WORDS[language];
  const body = html`<h1>${w.sms}</h1>
${
  entries.length
    ? html`<table><thead><tr><th>${w.created}</th><th>${w.to}</th><th>${w.customer}</th><th>${w.text}</th></tr></thead><tbody>
${entries.map(
  (e) =>
    html`<tr><td>${instant(e.at, language, timeZone)}</td><td>${e.to}</td><td><a href="/customers/${e.customerId}">${e.customerId}</a></td><td>${e.text}</td></tr>`,
)}</tbody></table>`
    : html`<p class="muted">${w.smsEmpty}</p>`
}`;
  return page({ title: w.sms, language, body });
}

export function templatesPage(views: TemplateView[], language: Language): Html {
  const w = WORDS[language];
  const body = html`<h1>${w.templates}</h1>
<table><thead><tr><th>${w.template}</th><th>${w.language}</th><th></th><th></th></tr></thead><tbody>
${views.map(
  (v) =>
    html`<tr><td><code>${v.id}</code><div class="muted">${v.template.subject}</div></td><td>${v.language}</td>
<td><span class="badge">${v.custom ? w.custom : w.builtIn}</span></td><td><a href="/templates/${v.id}/${v.language}">${w.edit}</a></td></tr>`,
)}</tbody></table>`;
  return page({ title: w.templates, language, body });
}

export interface EditorData {
  view: TemplateView;
  draft: Record<(typeof TEMPLATE_PARTS)[number], string>;
  csrfToken: string;
  /** The composed e-mail HTML of the draft on the sample message. */
  previewHtml?: string;
  previewSms?: string;
  problem?: string;
  saved?: boolean;
}

export function templateEditorPage(data: EditorData, language: Language): Html {
  const w = WORDS[language];
  const { view } = data;
  const body = html`${EXTRA_STYLE}<h1>${w.template} <code>${view.id}</code> · ${view.language}
 <span class="badge">${view.custom ? w.custom : w.builtIn}</span></h1>
${data.saved ? html`<p class="notice">${w.saved}</p>` : ''}
${data.problem ? html`<p class="problem">${data.problem}</p>` : ''}
<div class="editor">
<form method="post" action="/templates/${view.id}/${view.language}">${csrfField(data.csrfToken)}
${TEMPLATE_PARTS.map((part) =>
  part === 'subject'
    ? html`<label>${w.parts[part]}<input type="text" name="${part}" value="${data.draft[part]}"></label>`
    : html`<label>${w.parts[part]}<textarea name="${part}" rows="${part === 'body' ? 12 : 4}">${data.draft[part]}</textarea></label>`,
)}
<p style="display:flex;gap:.5rem"><button type="submit" name="action" value="preview">${w.preview}</button>
<button type="submit" name="action" value="save">${w.save}</button></p>
</form>
<section>
<h2 style="margin-top:0">${w.preview}</h2><p class="muted">${w.previewNote}</p>
${data.previewHtml ? html`<iframe class="preview" sandbox title="${w.preview}" srcdoc="${data.previewHtml}"></iframe>` : ''}
${data.previewSms ? html`<h3>SMS</h3><pre style="white-space:pre-wrap">${data.previewSms}</pre>` : ''}
</section>
</div>
${
  view.custom
    ? html`<form method="post" action="/templates/${view.id}/${view.language}/reset">${csrfField(data.csrfToken)}<button type="submit">${w.reset}</button></form>`
    : ''
}
<h2>${w.placeholders}</h2>
<dl>${PLACEHOLDERS.map((p) => html`<dt><code>{{${p}}}</code></dt><dd>${PLACEHOLDER_HELP[p]}</dd>`)}</dl>`;
  return page({ title: `${w.template} ${view.id}`, language, body });
}
