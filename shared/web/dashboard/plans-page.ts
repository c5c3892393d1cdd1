/**
 * The /plans page: each dunning plan as an editable table of steps (one row per step, an empty row to add one,
 * a "remove" box per row; the order is the offset order, so moving a step is changing its offset), its
 * segments, and a form for a new plan. The forms post the whole plan; the route rebuilds the company's list
 * and hands it to `makeReplacePlans`, whose `InvalidValueError.field` (e.g. `plans[0].steps[1].offsetDays`)
 * is shown next to that input.
 */
import { html } from 'hono/html';
import {
  CHANNELS,
  type Channel,
  type DunningPlan,
  type PlanStep,
  type StepPenalties,
  type ToneLevel,
} from '#shared/domain/dunning/plan.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';
import type { Language } from '#shared/domain/money.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { type Html, page } from './layout.ts';

const PENALTIES: readonly StepPenalties[] = ['none', 'mention', 'charge'];
const TONES: readonly ToneLevel[] = [1, 2, 3, 4, 5];
const MAX_ROWS = 30;

const WORDS = {
  fr: {
    title: 'Plans de relance',
    intro:
      'Chaque étape part à un décalage en jours de l’échéance (négatif : avant). L’ordre des étapes est celui des décalages : pour déplacer une étape, changez son décalage. Une ligne vide en bas ajoute une étape.',
    id: 'Identifiant',
    name: 'Nom',
    segments: 'Segments (séparés par des virgules)',
    step: 'Étape',
    offset: 'Décalage (j)',
    channel: 'Canal',
    template: 'Modèle',
    tone: 'Ton',
    penalties: 'Pénalités',
    pdfs: 'PDF joints',
    remove: 'Retirer',
    save: 'Enregistrer le plan',
    delete: 'Supprimer ce plan',
    newPlan: 'Nouveau plan',
    create: 'Créer le plan',
    saved: 'Plans enregistrés.',
    problem: 'Le plan n’a pas été enregistré :',
    defaultNote: 'Le plan « default » s’applique à tout client sans plan propre ni segment reconnu.',
  },
  en: {
    title: 'Reminder plans',
    intro:
      'Each step goes out at an offset in days from the due date (negative: before it). Steps run in offset order: to move a step, change its offset. The empty row at the bottom adds a step.',
    id: 'Id',
    name: 'Name',
    segments: 'Segments (comma separated)',
    step: 'Step',
    offset: 'Offset (d)',
    channel: 'Channel',
    template: 'Template',
    tone: 'Tone',
    penalties: 'Penalties',
    pdfs: 'Attach PDFs',
    remove: 'Remove',
    save: 'Save plan',
    delete: 'Delete this plan',
    newPlan: 'New plan',
    create: 'Create plan',
    saved: 'Plans saved.',
    problem: 'The plan was not saved:',
    defaultNote: 'The "default" plan applies to every customer with no plan of its own and no known segment.',
  },
} as const;

/** A plan as typed in the form, kept as text so a refused form is shown back as the user left it. */
export interface PlanDraft {
  /** The id the plan had when the form was rendered (absent for a new plan). */
  originalId?: string;
  id: string;
  name: string;
  segments: string;
  steps: StepDraft[];
}

export interface StepDraft {
  id: string;
  offsetDays: string;
  channel: string;
  template: string;
  tone: string;
  penalties: string;
  attachPdfs: boolean;
}

export interface PlansPageData {
  plans: PlanDraft[];
  newPlan: PlanDraft;
  csrfToken: string;
  saved?: boolean;
  /** The refused form: which plan (its index in the list, `plans.length` for the new one) and field errors. */
  error?: { planIndex: number; field: string; message: string };
}

export function draftOf(plan: DunningPlan): PlanDraft {
  return {
    originalId: plan.id,
    id: plan.id,
    name: plan.name,
    segments: (plan.segments ?? []).join(', '),
    steps: plan.steps.map((s) => ({
      id: s.id,
      offsetDays: String(s.offsetDays),
      channel: s.channel,
      template: s.template,
      tone: String(s.tone),
      penalties: s.penalties,
      attachPdfs: s.attachPdfs,
    })),
  };
}

export const EMPTY_PLAN: PlanDraft = { id: '', name: '', segments: '', steps: [] };

const text = (form: Record<string, unknown>, name: string): string => {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
};

/**
 * Reads one plan's form. Rows whose id and template are both empty are the spare "add" rows; rows ticked
 * "remove" are dropped. The rest are ordered by offset (stable), which is how steps are reordered.
 */
export function parsePlanForm(form: Record<string, unknown>): PlanDraft {
  const steps: StepDraft[] = [];
  for (let i = 0; i < MAX_ROWS + 1; i++) {
    const at = (f: string) => `steps[${i}].${f}`;
    if (!(at('id') in form) && !(at('offsetDays') in form)) continue;
    if (text(form, at('remove'))) continue;
    const row: StepDraft = {
      id: text(form, at('id')),
      offsetDays: text(form, at('offsetDays')),
      channel: text(form, at('channel')),
      template: text(form, at('template')),
      tone: text(form, at('tone')),
      penalties: text(form, at('penalties')),
      attachPdfs: text(form, at('attachPdfs')) !== '',
    };
    if (!row.id && !row.template) continue;
    steps.push(row);
  }
  const offset = (s: StepDraft) => (/^-?\d+$/.test(s.offsetDays) ? Number(s.offsetDays) : Number.POSITIVE_INFINITY);
  steps.sort((a, b) => offset(a) - offset(b));
  const originalId = text(form, 'originalId');
  return {
    ...(originalId ? { originalId } : {}),
    id: text(form, 'id'),
    name: text(form, 'name'),
    segments: text(form, 'segments'),
    steps,
  };
}

/**
 * The draft as a plan for the use case. What the domain check cannot see (text that is not a number, a tone
 * outside the list) is refused here with the same field names; the rest is `validatePlan`'s job.
 */
export function planOf(draft: PlanDraft, planIndex: number): DunningPlan {
  const at = (field: string) => `plans[${planIndex}].${field}`;
  const steps: PlanStep[] = draft.steps.map((s, i) => {
    if (!/^-?\d{1,5}$/.test(s.offsetDays)) {
      throw new InvalidValueError(at(`steps[${i}].offsetDays`), 'must be a whole number of days');
    }
    if (!/^[1-5]$/.test(s.tone)) throw new InvalidValueError(at(`steps[${i}].tone`), 'must be 1 to 5');
    return {
      id: s.id,
      offsetDays: Number(s.offsetDays),
      channel: s.channel as Channel,
      template: s.template,
      tone: Number(s.tone) as ToneLevel,
      penalties: s.penalties as StepPenalties,
      attachPdfs: s.attachPdfs,
    };
  });
  if (draft.id.length > 64 || !/^[\w-]*$/.test(draft.id)) {
    throw new InvalidValueError(at('id'), 'letters, digits, "-" and "_" only (64 at most)');
  }
  const segments = draft.segments
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { id: draft.id, name: draft.name, steps, ...(segments.length ? { segments } : {}) };
}

function fieldError(error: PlansPageData['error'], planIndex: number, field: string): Html | string {
  if (!error || error.planIndex !== planIndex || error.field !== `plans[${planIndex}].${field}`) return '';
  return html`<span class="error" role="alert" data-field="${error.field}">${error.message}</span>`;
}

/** Whether the error names an input of this form (else it is shown at the top of the form). */
function shownAtField(field: string, planIndex: number, rowCount: number): boolean {
  const prefix = `plans[${planIndex}].`;
  if (!field.startsWith(prefix)) return false;
  const match = /^(?:id|name|segments|steps|steps\[(\d+)\]\.(?:id|offsetDays|channel|template|tone|penalties))$/.exec(
    field.slice(prefix.length),
  );
  return match !== null && (match[1] === undefined || Number(match[1]) < rowCount);
}

function options<T extends string | number>(values: readonly T[], selected: string): Html {
  return html`${values.map(
    (v) => html`<option value="${v}"${String(v) === selected ? html` selected` : ''}>${v}</option>`,
  )}`;
}

function planForm(draft: PlanDraft, planIndex: number, data: PlansPageData, language: Language, isNew: boolean): Html {
  const w = WORDS[language];
  const err = (field: string) => fieldError(data.error, planIndex, field);
  const rows = [
    ...draft.steps,
    { id: '', offsetDays: '', channel: 'email', template: '', tone: '2', penalties: 'none', attachPdfs: true },
  ];
  const formId = isNew ? 'plan-new' : `plan-${planIndex}`;
  const general =
    data.error && data.error.planIndex === planIndex && !shownAtField(data.error.field, planIndex, rows.length)
      ? html`<p class="error" role="alert" data-field="${data.error.field}">${w.problem} ${data.error.message}</p>`
      : '';
  return html`<form method="post" action="${isNew ? '/plans/new' : '/plans'}" id="${formId}" class="plan">
  <input type="hidden" name="${CSRF_FIELD}" value="${data.csrfToken}">
  ${isNew ? '' : html`<input type="hidden" name="originalId" value="${draft.originalId ?? draft.id}">`}
  ${general}
  <div class="filters">
    <label>${w.id} <input name="id" value="${draft.id}" required maxlength="64">${err('id')}</label>
    <label>${w.name} <input name="name" value="${draft.name}" required maxlength="200">${err('name')}</label>
    <label>${w.segments} <input name="segments" value="${draft.segments}">${err('segments')}</label>
  </div>
  <table>
    <thead><tr><th scope="col">${w.step}</th><th scope="col">${w.offset}</th><th scope="col">${w.channel}</th><th scope="col">${w.template}</th><th scope="col">${w.tone}</th><th scope="col">${w.penalties}</th><th scope="col">${w.pdfs}</th><th scope="col">${w.remove}</th></tr></thead>
    <tbody>
    ${rows.map((s, i) => {
      const n = (f: string) => `steps[${i}].${f}`;
      const spare = i === draft.steps.length;
      return html`<tr${spare ? html` class="spare"` : ''}>
      <td><input name="${n('id')}" value="${s.id}" maxlength="64" size="12" aria-label="${w.step} ${i + 1}">${err(n('id'))}</td>
      <td><input name="${n('offsetDays')}" value="${s.offsetDays}" inputmode="numeric" size="5" aria-label="${w.offset} ${i + 1}">${err(n('offsetDays'))}</td>
      <td><select name="${n('channel')}" aria-label="${w.channel} ${i + 1}">${options(CHANNELS, s.channel)}</select>${err(n('channel'))}</td>
      <td><input name="${n('template')}" value="${s.template}" maxlength="64" size="14" aria-label="${w.template} ${i + 1}">${err(n('template'))}</td>
      <td><select name="${n('tone')}" aria-label="${w.tone} ${i + 1}">${options(TONES, s.tone)}</select>${err(n('tone'))}</td>
      <td><select name="${n('penalties')}" aria-label="${w.penalties} ${i + 1}">${options(PENALTIES, s.penalties)}</select>${err(n('penalties'))}</td>
      <td><input type="checkbox" name="${n('attachPdfs')}" value="1"${s.attachPdfs ? html` checked` : ''} aria-label="${w.pdfs} ${i + 1}"></td>
      <td>${spare ? '' : html`<input type="checkbox" name="${n('remove')}" value="1" aria-label="${w.remove} ${i + 1}">`}</td>
    </tr>`;
    })}
    </tbody>
  </table>
  ${err('steps')}
  <p style="display:flex;gap:.5rem">
    <button type="submit">${isNew ? w.create : w.save}</button>
    ${isNew ? '' : html`<button type="submit" name="delete" value="1" class="danger">${w.delete}</button>`}
  </p>
</form>`;
}

export function plansPage(data: PlansPageData, language: Language): Html {
  const w = WORDS[language];
  const newIndex = data.plans.length;
  const body = html`<h1>${w.title}</h1>
<p class="muted">${w.intro}</p>
<p class="muted">${w.defaultNote}</p>
${data.saved ? html`<p class="notice" role="status">${w.saved}</p>` : ''}
${data.plans.map(
  (p, i) => html`<section aria-labelledby="plan-title-${i}">
  <h2 id="plan-title-${i}">${p.name || p.id} <span class="muted">(${p.originalId ?? p.id})</span></h2>
  ${planForm(p, i, data, language, false)}
</section>`,
)}
<section aria-labelledby="plan-new-title">
  <h2 id="plan-new-title">${w.newPlan}</h2>
  ${planForm(data.newPlan, newIndex, data, language, true)}
</section>`;
  return page({ title: w.title, language, body });
}
