/**
 * Message templates and tasks over HTTP:
 * - `GET /api/templates` (every template, ours or the company's), `PUT /api/templates` (several at once, all
 *   checked before any is stored), `GET/PUT/DELETE /api/templates/{id}/{lang}`; an unknown placeholder is a 422
 *   naming it (`UNKNOWN_PLACEHOLDER`, one detail per part);
 * - `GET /api/tasks[?state=open|done&kind=]`, `POST /api/tasks/{id}/posted` (date, tracking number),
 *   `POST /api/tasks/{id}/outcome` (promise, dispute, no answer, wrong contact; collection or write-off).
 */
import { Hono } from 'hono';
import { NotFoundError } from '#shared/domain/errors.ts';
import { PLACEHOLDERS, UnknownPlaceholderError } from '#shared/domain/messages/placeholders.ts';
import {
  assertTemplateKey,
  BUILT_IN_TEMPLATE_IDS,
  BUILT_IN_TEMPLATES,
  isBuiltInTemplateId,
  LANGUAGES,
  type MessageTemplate,
  validateMessageTemplate,
} from '#shared/domain/messages/templates.ts';
import type { Language } from '#shared/domain/money.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import * as z from '#shared/platform/zod.ts';
import type { TemplateRepository } from '#shared/ports/messaging.ts';
import { makeAssignTask, makeMarkLetterPosted, makeRecordTaskOutcome } from '#shared/use-cases/tasks.ts';
import { HttpError } from '../errors.ts';
import type { MessagesWebDeps, WebDeps } from '../web-deps.ts';
import { jsonBody, queryParams } from './request.ts';

const API_ACTOR: Actor = { kind: 'user', id: 'api' };
const text = (max: number) => z.string().check(z.maxLength(max));
const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const note = () => z.optional(text(500));

export const TemplateBody = z.strictObject({
  subject: text(200),
  body: text(8000),
  penalties: text(4000),
  closing: text(4000),
  sms: text(300),
});

const TemplatesBody = z.strictObject({
  templates: z
    .array(z.extend(TemplateBody, { id: z.string(), language: z.enum(['fr', 'en']) }))
    .check(z.minLength(1), z.maxLength(100)),
});

const isoDate = z.iso.date();
const money = z.strictObject({
  amount: z.number().check(z.int(), z.positive()),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
});

export const AssignBody = z.strictObject({ assignee: z.nullable(trimmed(1, 100)) });
export const PostedBody = z.strictObject({
  postedAt: isoDate,
  trackingNumber: z.optional(z.string().check(z.trim(), z.maxLength(64))),
});

export const OutcomeBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('promise'), date: isoDate, amount: z.optional(money), note: note() }),
  z.strictObject({ kind: z.literal('dispute'), reason: trimmed(1, 500) }),
  z.strictObject({ kind: z.literal('no_answer'), note: note() }),
  z.strictObject({ kind: z.literal('wrong_contact'), contactId: z.optional(z.string()), note: note() }),
  z.strictObject({ kind: z.literal('collection'), note: note() }),
  z.strictObject({ kind: z.literal('write_off'), note: note() }),
]);

const TaskQuery = z.strictObject({
  state: z._default(z.enum(['open', 'done']), 'open'),
  kind: z.optional(z.enum(['call', 'letter', 'registered_letter', 'decision'])),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(500))),
});

/** An unknown placeholder as the API's 422: the message names them, one detail per part. */
export function toPlaceholderHttpError(error: unknown): unknown {
  if (!(error instanceof UnknownPlaceholderError)) return error;
  return new HttpError(422, error.code, error.message, [
    { field: error.field, message: `unknown placeholder(s): ${error.placeholders.map((p) => `{{${p}}}`).join(', ')}` },
  ]);
}

export interface TemplateView {
  id: string;
  language: Language;
  /** True when the company wrote its own version (else ours applies). */
  custom: boolean;
  updatedAt?: string;
  template: MessageTemplate;
}

/** Every template: ours for each default step and language, replaced by the company's where it wrote one. */
export async function listTemplates(templates: TemplateRepository): Promise<TemplateView[]> {
  const stored = await templates.list();
  const views: TemplateView[] = [];
  const ids = [...BUILT_IN_TEMPLATE_IDS, ...new Set(stored.map((s) => s.id).filter((id) => !isBuiltInTemplateId(id)))];
  for (const id of ids) {
    for (const language of LANGUAGES) {
      const own = stored.find((s) => s.id === id && s.language === language);
      if (own) views.push({ id, language, custom: true, updatedAt: own.updatedAt, template: own.template });
      else if (isBuiltInTemplateId(id))
        views.push({ id, language, custom: false, template: BUILT_IN_TEMPLATES[language][id] });
    }
  }
  return views;
}

export async function getTemplate(templates: TemplateRepository, id: string, language: string): Promise<TemplateView> {
  assertTemplateKey(id, language);
  const own = await templates.get(id, language);
  if (own) return { id, language, custom: true, updatedAt: own.updatedAt, template: own.template };
  if (!isBuiltInTemplateId(id)) throw new NotFoundError('template', `${id}/${language}`);
  return { id, language, custom: false, template: BUILT_IN_TEMPLATES[language][id] };
}

export function templateRoutes(deps: WebDeps, m: MessagesWebDeps) {
  const now = () => deps.clock.now().toISOString();
  return new Hono()
    .get('/', async (c) => c.json({ templates: await listTemplates(m.templates), placeholders: PLACEHOLDERS }))
    .put('/', async (c) => {
      const { templates } = await jsonBody(c, TemplatesBody);
      // Every template checked before any is stored: all or nothing.
      try {
        for (const t of templates) {
          assertTemplateKey(t.id, t.language);
          validateMessageTemplate(t);
        }
      } catch (error) {
        throw toPlaceholderHttpError(error);
      }
      const at = now();
      const stored = [];
      for (const { id, language, ...template } of templates)
        stored.push(await m.templates.put(id, language, template, at));
      return c.json({ templates: stored }, 200);
    })
    .get('/:id/:lang', async (c) => c.json(await getTemplate(m.templates, c.req.param('id'), c.req.param('lang'))))
    .put('/:id/:lang', async (c) => {
      const id = c.req.param('id');
      const language = c.req.param('lang');
      const body = await jsonBody(c, TemplateBody);
      assertTemplateKey(id, language);
      try {
        await m.templates.put(id, language, body, now());
      } catch (error) {
        throw toPlaceholderHttpError(error);
      }
      return c.json(await getTemplate(m.templates, id, language), 200);
    })
    .delete('/:id/:lang', async (c) => {
      const id = c.req.param('id');
      const language = c.req.param('lang');
      assertTemplateKey(id, language);
      await m.templates.remove(id, language);
      return c.body(null, 204);
    });
}

export function taskRoutes(deps: WebDeps, m: MessagesWebDeps) {
  const taskDeps = { ...deps, tasks: m.tasks };
  const markPosted = makeMarkLetterPosted(taskDeps);
  const assign = makeAssignTask(taskDeps);
  const recordOutcome = makeRecordTaskOutcome(taskDeps);
  return new Hono()
    .get('/', async (c) => {
      const q = queryParams(c, TaskQuery);
      const items =
        q.state === 'open'
          ? await m.tasks.listOpen({ kind: q.kind, limit: q.limit })
          : (await m.tasks.listDone({ limit: q.limit })).filter((t) => !q.kind || t.kind === q.kind);
      return c.json({ items });
    })
    .get('/:id', async (c) => {
      const found = await m.tasks.get(c.req.param('id'));
      if (!found) throw new NotFoundError('task', c.req.param('id'));
      return c.json(found.task);
    })
    .post('/:id/assign', async (c) => {
      const body = await jsonBody(c, AssignBody);
      return c.json(await assign(c.req.param('id'), body.assignee ?? undefined, API_ACTOR), 200);
    })
    .post('/:id/posted', async (c) => {
      const body = await jsonBody(c, PostedBody);
      return c.json(await markPosted(c.req.param('id'), body, API_ACTOR), 200);
    })
    .post('/:id/outcome', async (c) => {
      const body = await jsonBody(c, OutcomeBody);
      return c.json(await recordOutcome(c.req.param('id'), body, API_ACTOR), 200);
    });
}
