/**
 * Dashboard routes for messages: the tasks page and its forms (letter posted, call outcome, decision), the letter
 * PDF download, the local SMS outbox, and the template editor with a server-rendered preview on a sample
 * reminder. Pages need the session; every form post also needs the CSRF token.
 */
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { DEFAULT_SETTINGS } from '#shared/domain/company-settings.ts';
import { DomainError, NotFoundError } from '#shared/domain/errors.ts';
import { composeReminderEmail, composeReminderSms } from '#shared/domain/messages/compose.ts';
import { sampleMessage } from '#shared/domain/messages/sample.ts';
import { type MessageTemplate, TEMPLATE_PARTS, validateMessageTemplate } from '#shared/domain/messages/templates.ts';
import { type Language, parseDecimal } from '#shared/domain/money.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import { $ZodError } from '#shared/platform/zod.ts';
import type { TaskOutcome } from '#shared/ports/tasks.ts';
import { makeAssignTask, makeMarkLetterPosted, makeRecordTaskOutcome } from '#shared/use-cases/tasks.ts';
import { getTemplate, listTemplates, OutcomeBody, PostedBody } from '../api/messages.ts';
import { formBody } from '../api/request.ts';
import { requireSession } from '../auth.ts';
import { csrfTokenFor, requireCsrf } from '../csrf.ts';
import type { MessagesWebDeps, WebDeps } from '../web-deps.ts';
import { type EditorData, smsPage, tasksPage, templateEditorPage, templatesPage } from './message-pages.ts';

const wallSeconds = () => Math.floor(Date.now() / 1000);
const DASHBOARD_ACTOR: Actor = { kind: 'user', id: 'dashboard' };
const languageOf = (c: Context): Language => (getCookie(c, 'relance_lang') === 'en' ? 'en' : 'fr');

function formText(form: Record<string, unknown>, name: string): string | undefined {
  const v = form[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The outcome form as the API's outcome body (the amount typed as a decimal, in euros). */
function outcomeFromForm(form: Record<string, unknown>): TaskOutcome {
  const kind = formText(form, 'kind');
  const reason = formText(form, 'reason');
  const amountText = formText(form, 'amount')
    ?.replace(/[\s\u00a0\u202f€]/g, '')
    .replace(',', '.');
  const body: Record<string, unknown> = { kind };
  if (kind === 'promise') {
    body.date = formText(form, 'date');
    if (amountText) body.amount = { amount: parseDecimal(amountText, 'EUR').amount, currency: 'EUR' };
    if (reason) body.note = reason;
  } else if (kind === 'dispute') body.reason = reason;
  else if (reason) body.note = reason;
  return OutcomeBody.parse(body);
}

function problemText(error: unknown): string | undefined {
  if (error instanceof $ZodError)
    return error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
  if (error instanceof DomainError) return error.message;
  return undefined;
}

export function messagePages(deps: WebDeps, m: MessagesWebDeps) {
  const { apiToken, timeZone } = deps.config;
  const auth = requireSession(apiToken, wallSeconds);
  const csrf = requireCsrf(apiToken);
  const taskDeps = { ...deps, tasks: m.tasks };
  const markPosted = makeMarkLetterPosted(taskDeps);
  const assign = makeAssignTask(taskDeps);
  const recordOutcome = makeRecordTaskOutcome(taskDeps);
  const today = () => dateInZone(deps.clock.now(), timeZone);
  const settings = async () => (await (m.settings ?? deps.dunning?.settings)?.get()) ?? DEFAULT_SETTINGS;
  const app = new Hono();

  const renderTasks = async (c: Context, error?: string) => {
    const [open, done] = await Promise.all([m.tasks.listOpen({ limit: 200 }), m.tasks.listDone({ limit: 20 })]);
    const data = {
      open,
      done,
      csrfToken: csrfTokenFor(c, apiToken),
      language: languageOf(c),
      timeZone,
      today: today(),
    };
    return c.html(tasksPage(error ? { ...data, error } : data), error ? 422 : 200);
  };

  app.get('/tasks', auth, (c) => renderTasks(c));
  app.post('/tasks/:id/posted', auth, csrf, async (c) => {
    const form = await formBody(c.req, 'form');
    try {
      await markPosted(
        c.req.param('id'),
        PostedBody.parse({ postedAt: formText(form, 'postedAt'), trackingNumber: formText(form, 'trackingNumber') }),
        DASHBOARD_ACTOR,
      );
    } catch (error) {
      const problem = problemText(error);
      if (problem === undefined || error instanceof NotFoundError) throw error;
      return renderTasks(c, problem);
    }
    return c.redirect('/tasks', 303);
  });
  app.post('/tasks/:id/assign', auth, csrf, async (c) => {
    const form = await formBody(c.req, 'form');
    try {
      await assign(c.req.param('id'), formText(form, 'assignee'), DASHBOARD_ACTOR);
    } catch (error) {
      const problem = problemText(error);
      if (problem === undefined || error instanceof NotFoundError) throw error;
      return renderTasks(c, problem);
    }
    return c.redirect('/tasks', 303);
  });
  app.post('/tasks/:id/outcome', auth, csrf, async (c) => {
    const form = await formBody(c.req, 'form');
    try {
      await recordOutcome(c.req.param('id'), outcomeFromForm(form), DASHBOARD_ACTOR);
    } catch (error) {
      const problem = problemText(error);
      if (problem === undefined || error instanceof NotFoundError) throw error;
      return renderTasks(c, problem);
    }
    return c.redirect('/tasks', 303);
  });
  app.get('/tasks/:id/letter.pdf', auth, async (c) => {
    const found = await m.tasks.get(c.req.param('id'));
    const key = found?.task.letterKey;
    const file = key && m.blobs ? await m.blobs.get(key) : undefined;
    if (!found || !key || !file) throw new NotFoundError('letter', c.req.param('id'));
    return c.body(Buffer.from(file.body), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${key.split('/').pop()}"`,
    });
  });

  app.get('/sms', auth, async (c) => c.html(smsPage((await m.smsOutbox?.list(100)) ?? [], languageOf(c), timeZone)));

  app.get('/templates', auth, async (c) => c.html(templatesPage(await listTemplates(m.templates), languageOf(c))));

  const renderEditor = async (
    c: Context,
    draft: MessageTemplate,
    extra: { problem?: string; saved?: boolean } = {},
  ) => {
    const view = await getTemplate(m.templates, c.req.param('id') ?? '', c.req.param('lang') ?? '');
    const data: EditorData = { view, draft, csrfToken: csrfTokenFor(c, apiToken), ...extra };
    if (!extra.problem) {
      try {
        const template = validateMessageTemplate(draft);
        const sample = sampleMessage(view.id, await settings(), view.language, today());
        data.previewHtml = composeReminderEmail(sample, view.language, { template }).html;
        data.previewSms = composeReminderSms(sample, view.language, template);
      } catch (error) {
        const problem = problemText(error) ?? (error instanceof RangeError ? error.message : undefined);
        if (problem === undefined) throw error;
        data.problem = problem;
      }
    }
    return c.html(templateEditorPage(data, languageOf(c)), data.problem ? 422 : 200);
  };

  app.get('/templates/:id/:lang', auth, async (c) => {
    const view = await getTemplate(m.templates, c.req.param('id'), c.req.param('lang'));
    return renderEditor(c, view.template, { saved: c.req.query('saved') === '1' });
  });
  app.post('/templates/:id/:lang', auth, csrf, async (c) => {
    const form = await formBody(c.req, 'form');
    const draft = Object.fromEntries(
      TEMPLATE_PARTS.map((p) => [p, typeof form[p] === 'string' ? (form[p] as string).replace(/\r\n/g, '\n') : '']),
    ) as unknown as MessageTemplate;
    if (form.action !== 'save') return renderEditor(c, draft);
    const view = await getTemplate(m.templates, c.req.param('id'), c.req.param('lang'));
    try {
      await m.templates.put(view.id, view.language, draft, deps.clock.now().toISOString());
    } catch (error) {
      const problem = problemText(error);
      if (problem === undefined) throw error;
      return renderEditor(c, draft, { problem });
    }
    return c.redirect(`/templates/${view.id}/${view.language}?saved=1`, 303);
  });
  app.post('/templates/:id/:lang/reset', auth, csrf, async (c) => {
    const view = await getTemplate(m.templates, c.req.param('id'), c.req.param('lang'));
    await m.templates.remove(view.id, view.language);
    return c.redirect(`/templates/${view.id}/${view.language}`, 303);
  });

  return app;
}
