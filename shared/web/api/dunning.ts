/**
 * Dunning over HTTP: plans (`GET/PUT /api/plans`), company settings, reminders, and the decisions a person
 * takes on an invoice (dispute, promise to pay, pause, hand-off to collection, write-off, back to normal,
 * send now). Each decision lands on the timeline and re-plans the customer.
 */
import { randomUUID } from 'node:crypto';
import { zipSync } from 'fflate';
import { Hono } from 'hono';
import { isIsoDate } from '#shared/domain/calendar-date.ts';
import { validateSettings } from '#shared/domain/company-settings.ts';
import type { DunningPlan } from '#shared/domain/dunning/plan.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import * as z from '#shared/platform/zod.ts';
import type { ReminderStatus } from '#shared/ports/reminders.ts';
import { makeAgreePaymentPlan, makeChangeInvoiceState } from '#shared/use-cases/change-invoice-state.ts';
import { makeCollectionCaseFile } from '#shared/use-cases/collection-case-file.ts';
import { makeReplacePlans } from '#shared/use-cases/manage-plans.ts';
import { makePauseInvoiceReminders } from '#shared/use-cases/pause-invoice-reminders.ts';
import { HttpError } from '../errors.ts';
import type { DunningWebDeps, WebDeps } from '../web-deps.ts';
import { jsonBody, queryParams } from './request.ts';

const isoDate = z.string().check(z.refine(isIsoDate, { error: 'must be a calendar date YYYY-MM-DD' }));
/** A string trimmed, then between `min` and `max` characters. */
const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const reason = text(1, 500);
const positiveInt = () => z.number().check(z.int(), z.positive());

const StepBody = z.strictObject({
  id: text(1, 64),
  offsetDays: z.number().check(z.int()),
  channel: z.enum(['email', 'sms', 'call_task', 'letter', 'registered_letter', 'decision_task']),
  template: text(1, 64),
  tone: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  penalties: z.enum(['none', 'mention', 'charge']),
  attachPdfs: z.boolean(),
});
const PlansBody = z.strictObject({
  plans: z
    .array(
      z.strictObject({
        id: text(1, 64),
        name: text(1, 200),
        steps: z.array(StepBody).check(z.minLength(1), z.maxLength(30)),
        segments: z.optional(z.array(text(1, 64)).check(z.maxLength(50))),
      }),
    )
    .check(z.minLength(1), z.maxLength(50)),
});

const SettingsBody = z.strictObject({
  legalName: text(1, 300),
  senderName: text(1, 200),
  senderEmail: z.email(),
  replyTo: z.email(),
  signature: text(1, 1000),
  phone: z.optional(text(6, 40)),
  address: z.strictObject({
    lines: z.array(text(1, 200)).check(z.minLength(1), z.maxLength(4)),
    postalCode: text(1, 16),
    city: text(1, 100),
    country: z.string().check(z.regex(/^[A-Z]{2}$/)),
  }),
  siren: z.optional(z.string().check(z.trim())),
  vatNumber: z.optional(z.string().check(z.trim())),
  iban: text(15, 40),
  bic: text(8, 11),
  sendHour: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM' })),
  timeZone: text(1, 64),
  penaltyPolicy: z.enum(['off', 'mention', 'charge']),
  contractualRateBp: z.optional(z.number().check(z.int(), z.nonnegative(), z.lte(100_000))),
  defaultLanguage: z.enum(['fr', 'en']),
});

const RemindersQuery = z.strictObject({
  status: z.optional(
    z.enum([
      'sending',
      'sent',
      'delivered',
      'opened',
      'clicked',
      'bounced',
      'complained',
      'failed',
      'task_open',
      'task_done',
    ]),
  ),
  customerId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000))),
});

const PaymentPlanBody = z.strictObject({
  instalments: z
    .array(z.strictObject({ dueDate: isoDate, amount: positiveInt() }))
    .check(z.minLength(2), z.maxLength(36)),
  reason: z.optional(reason),
});

const Decision = {
  dispute: z.strictObject({ reason }),
  promise: z.strictObject({ date: isoDate, amount: z.optional(positiveInt()), reason: z.optional(reason) }),
  pause: z.strictObject({ until: isoDate, reason: z.optional(reason) }),
  resume: z.strictObject({ reason: z.optional(reason) }),
  collection: z.strictObject({ reason: z.optional(reason) }),
  'write-off': z.strictObject({ reason }),
  reopen: z.strictObject({ reason: z.optional(reason) }),
};

export function dunningRoutes(deps: WebDeps, dunning: DunningWebDeps) {
  const change = makeChangeInvoiceState(deps);
  const pause = makePauseInvoiceReminders(deps);
  const replacePlans = makeReplacePlans({ ...deps, plans: dunning.plans });
  const agreePlan = makeAgreePaymentPlan(deps);
  const caseFile = makeCollectionCaseFile({ ...deps, ...dunning });
  const actor = { kind: 'user', id: 'api' } as const;
  // A person's request has no natural id: each decision is a new cause on the timeline.
  const requestId = (header: string | undefined) => header?.slice(0, 64) || randomUUID();

  const app = new Hono();
  app.get('/plans', async (c) => c.json({ plans: await dunning.plans.list() }));
  app.put('/plans', async (c) => {
    const body = await jsonBody(c, PlansBody);
    return c.json({ plans: await replacePlans(body.plans as DunningPlan[]) });
  });

  app.get('/settings', async (c) => c.json(await dunning.settings.get()));
  app.put('/settings', async (c) => {
    const settings = validateSettings(await jsonBody(c, SettingsBody));
    await dunning.settings.put(settings);
    return c.json(settings);
  });

  // The case file for a collection agency: every unpaid invoice with its PDF, penalties, reminders with
  // their delivery evidence and the timeline, as one ZIP.
  app.get('/customers/:id/case-file', async (c) => {
    const { fileName, entries } = await caseFile(c.req.param('id'));
    const zip = zipSync(Object.fromEntries(entries.map((e) => [e.path, e.content])), { level: 6 });
    return c.body(zip, 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${fileName}"`,
    });
  });

  app.get('/reminders', async (c) => {
    const q = queryParams(c, RemindersQuery);
    const items = q.customerId
      ? await dunning.reminders.listByCustomer(q.customerId, q.limit)
      : await dunning.reminders.listByStatus((q.status ?? 'sent') as ReminderStatus, q.limit);
    return c.json({ items: q.status && q.customerId ? items.filter((r) => r.status === q.status) : items });
  });

  app.post('/invoices/:id/payment-plan', async (c) => {
    const body = await jsonBody(c, PaymentPlanBody);
    const result = await agreePlan(c.req.param('id'), body.instalments, {
      actor,
      reason: body.reason,
      requestId: requestId(c.req.header('idempotency-key')),
    });
    return c.json(result.invoice);
  });

  app.post('/invoices/:id/:action{dispute|promise|pause|resume|collection|write-off|reopen|send-now}', async (c) => {
    const id = c.req.param('id');
    const action = c.req.param('action');
    const rid = requestId(c.req.header('idempotency-key'));
    if (action === 'send-now') {
      const found = await deps.invoices.get(id);
      if (!found) throw new NotFoundError('invoice', id);
      return c.json(await dunning.dispatch(found.value.customerId));
    }
    if (action === 'pause' || action === 'resume') {
      const body: { until?: string; reason?: string } =
        action === 'pause' ? await jsonBody(c, Decision.pause) : await jsonBody(c, Decision.resume);
      const result = await pause(id, body.until, { actor, reason: body.reason, requestId: rid });
      return c.json(result.invoice);
    }
    const target: Record<string, InvoiceState> = {
      dispute: 'disputed',
      promise: 'promised',
      collection: 'in_collection',
      'write-off': 'written_off',
      reopen: 'open',
    };
    const to = target[action];
    if (!to) throw new HttpError(404, 'NOT_FOUND', `unknown action ${action}`);
    const schema = Decision[action as keyof typeof Decision];
    const body = (await jsonBody(c, schema)) as { reason?: string; date?: string; amount?: number };
    const promise = action === 'promise' && body.date ? { date: body.date, amount: body.amount } : undefined;
    const result = await change(id, to, { actor, reason: body.reason, requestId: rid, promise });
    return c.json(result.invoice);
  });
  return app;
}
