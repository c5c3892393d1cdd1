/**
 * Dashboard routes for the company's configuration and the invoice list: `/plans` (list, edit, new, delete —
 * through `makeReplacePlans`, the same use case as `PUT /api/plans`), `/settings` (through `validateSettings`,
 * as `PUT /api/settings`; plus provider connections and webhook URLs) and `/invoices` (HTML; its CSV is
 * exports.ts). Pages need the session; every form post also needs the CSRF token.
 */
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { DEFAULT_SETTINGS, validateSettings } from '#shared/domain/company-settings.ts';
import type { DunningPlan } from '#shared/domain/dunning/plan.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';
import type { Language } from '#shared/domain/money.ts';
import type { SettingsRepository } from '#shared/ports/reminders.ts';
import { makeReplacePlans } from '#shared/use-cases/manage-plans.ts';
import { formBody } from '../api/request.ts';
import { requireSession } from '../auth.ts';
import { csrfTokenFor, requireCsrf } from '../csrf.ts';
import type { WebDeps } from '../web-deps.ts';
import { invoiceListPage, listInvoicePage, parseInvoiceQuery } from './invoice-list.ts';
import { draftOf, EMPTY_PLAN, type PlanDraft, parsePlanForm, planOf, plansPage } from './plans-page.ts';
import {
  parseSettingsForm,
  type SettingsDraft,
  settingsDraftOf,
  settingsOf,
  settingsPage,
  webhookUrls,
} from './settings-page.ts';

const wallSeconds = () => Math.floor(Date.now() / 1000);
const languageOf = (c: Context): Language => (getCookie(c, 'relance_lang') === 'en' ? 'en' : 'fr');

export function settingsPages(deps: WebDeps): Hono {
  const { apiToken, timeZone } = deps.config;
  const auth = requireSession(apiToken, wallSeconds);
  const csrf = requireCsrf(apiToken);
  const today = () => dateInZone(deps.clock.now(), timeZone);
  const app = new Hono();

  app.get('/invoices', auth, async (c) => {
    const q = parseInvoiceQuery(c.req.query());
    return c.html(invoiceListPage(await listInvoicePage(deps, q, today()), q, languageOf(c)));
  });

  const dunning = deps.dunning;
  if (dunning) {
    const replacePlans = makeReplacePlans({ ...deps, plans: dunning.plans });

    const renderPlans = async (
      c: Context,
      state: { saved?: boolean; refused?: { planIndex: number; draft: PlanDraft; error: InvalidValueError } } = {},
    ) => {
      const current = await dunning.plans.list();
      const drafts = current.map(draftOf);
      let newPlan = EMPTY_PLAN;
      const refused = state.refused;
      if (refused) {
        if (refused.planIndex < drafts.length) drafts[refused.planIndex] = refused.draft;
        else newPlan = refused.draft;
      }
      const data = {
        plans: drafts,
        newPlan,
        csrfToken: csrfTokenFor(c, apiToken),
        ...(state.saved ? { saved: true } : {}),
        ...(refused
          ? { error: { planIndex: refused.planIndex, field: refused.error.field, message: refused.error.detail } }
          : {}),
      };
      return c.html(plansPage(data, languageOf(c)), refused ? 422 : 200);
    };

    /** Replaces the list with `change(current)`; a refusal re-renders the form with the error at its field. */
    const save = async (
      c: Context,
      draft: PlanDraft,
      planIndex: number,
      change: (current: DunningPlan[]) => DunningPlan[],
    ) => {
      try {
        await replacePlans(change(await dunning.plans.list()));
      } catch (error) {
        if (error instanceof InvalidValueError) return renderPlans(c, { refused: { planIndex, draft, error } });
        throw error;
      }
      return c.redirect('/plans?saved=1', 303);
    };

    app.get('/plans', auth, async (c) => renderPlans(c, { saved: c.req.query('saved') === '1' }));

    app.post('/plans', auth, csrf, async (c) => {
      const form = await formBody(c.req, 'form');
      const draft = parsePlanForm(form);
      const current = await dunning.plans.list();
      const index = current.findIndex((p) => p.id === draft.originalId);
      if (index < 0) {
        // Renamed or deleted meanwhile (another tab, the API): show the list as it is now.
        const error = new InvalidValueError('plans', `plan "${draft.originalId ?? ''}" no longer exists; reload`);
        return renderPlans(c, { refused: { planIndex: current.length, draft: { ...EMPTY_PLAN }, error } });
      }
      if (form.delete === '1') {
        return save(c, draft, index, (plans) => plans.filter((p) => p.id !== draft.originalId));
      }
      return save(c, draft, index, (plans) => plans.map((p) => (p.id === draft.originalId ? planOf(draft, index) : p)));
    });

    app.post('/plans/new', auth, csrf, async (c) => {
      const draft = parsePlanForm(await formBody(c.req, 'form'));
      const { originalId: _ignored, ...fresh } = draft;
      const index = (await dunning.plans.list()).length;
      return save(c, fresh, index, (plans) => [...plans, planOf(fresh, plans.length)]);
    });
  }

  const settingsRepo: SettingsRepository | undefined = deps.dunning?.settings ?? deps.messages?.settings;
  const renderSettings = async (
    c: Context,
    state: { saved?: boolean; draft?: SettingsDraft; error?: InvalidValueError } = {},
  ) => {
    const [current, connections] = await Promise.all([
      settingsRepo ? settingsRepo.get() : Promise.resolve(DEFAULT_SETTINGS),
      deps.connections ? deps.connections.list() : Promise.resolve(undefined),
    ]);
    const data = {
      draft: state.draft ?? settingsDraftOf(current),
      csrfToken: csrfTokenFor(c, apiToken),
      ...(state.saved ? { saved: true } : {}),
      ...(state.error ? { error: { field: state.error.field, message: state.error.detail } } : {}),
      ...(connections ? { connections } : {}),
      webhooks: webhookUrls(deps.config.publicUrl, deps.config.sellsyWebhookSecret),
      publicUrlKnown: Boolean(deps.config.publicUrl),
      timeZone,
    };
    return c.html(settingsPage(data, languageOf(c)), state.error ? 422 : 200);
  };

  app.get('/settings', auth, async (c) => renderSettings(c, { saved: c.req.query('saved') === '1' }));
  if (settingsRepo) {
    const repo = settingsRepo;
    app.post('/settings', auth, csrf, async (c) => {
      const draft = parseSettingsForm(await formBody(c.req, 'form'));
      try {
        await repo.put(validateSettings(settingsOf(draft)));
      } catch (error) {
        if (error instanceof InvalidValueError) return renderSettings(c, { draft, error });
        throw error;
      }
      return c.redirect('/settings?saved=1', 303);
    });
  }
  return app;
}
