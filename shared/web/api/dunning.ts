/**
 * Dunning over HTTP: plans (`GET/PUT /api/plans`), company settings, reminders, and the decisions a person
 * takes on an invoice (dispute, promise to pay, pause, hand-off to collection, write-off, back to normal,
 * send now). Each decision lands on the timeline and re-plans the customer.
 */
import { randomUUID } from 'node:crypto';
import { zipSync } from 'fflate';
import { Hono } from 'hono';
import { z } from 'zod';
import { isIsoDate } from '#shared/domain/calendar-date.ts';
import { validateSettings } from '#shared/domain/company-settings.ts';
import type { DunningPlan } from '#shared/domain/dunning/plan.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import type { ReminderStatus } from '#shared/ports/reminders.ts';
import { makeAgreePaymentPlan, makeChangeInvoiceState } from '#shared/use-cases/change-invoice-state.ts';
import { makeCollectionCaseFile } from '#shared/use-cases/collection-case-file.ts';
import { makeReplacePlans } from '#shared/use-cases/manage-plans.ts';
import { makePauseInvoiceReminders } from '#shared/use-cases/pause-invoice-reminders.ts';
import { HttpError } from '../errors.ts';
import type { DunningWebDeps, WebDeps } from '../web-deps.ts';
import { jsonBody, queryParams } from './request.ts';

const isoDate = z.string().refine(isIsoDate, { message: 'must be a calendar date YYYY-MM-DD' });
const reason = z.string().trim().min(1).max(500);

const StepBody = z.strictObject({
  id: z.string().trim().min(1).max(64),
  offsetDays: z.number().int(),
  channel: z.enum(['email', 'sms', 'call_task', 'letter', 'registered_letter', 'decision_task']),
  template: z.string().trim().min(1).max(64),
  tone: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  penalties: z.enum(['none', 'mention', 'charge']),
  attachPdfs: z.boolean(),
});
const PlansBody = z.strictObject({
  plans: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1).max(64),
        name: z.string().trim().min(1).max(200),
        steps: z.array(StepBody).min(1).max(30),
        segments: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
      }),
    )
    .min(1)
    .max(50),
});

const SettingsBody = z.strictObject({
  legalName: z.string().trim().min(1).max(300),
  senderName: z.string().trim().min(1).max(200),
  senderEmail: z.email(),
  replyTo: z.email(),
  signature: z.string().trim().min(1).max(1000),
  phone: z.string().trim().min(6).max(40).optional(),
  address: z.strictObject({
    lines: z.array(z.string().trim().min(1).max(200)).min(1).max(4),
    postalCode: z.string().trim().min(1).max(16),
    city: z.string().trim().min(1).max(100),
    country: z.string().regex(/^[A-Z]{2}$/),
  }),
  siren: z.string().trim().optional(),
  vatNumber: z.string().trim().optional(),
  iban: z.string().trim().min(15).max(40),
  bic: z.string().trim().min(8).max(11),
  sendHour: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' }),
  timeZone: z.string().trim().min(1).max(64),
  penaltyPolicy: z.enum(['off', 'mention', 'charge']),
  contractualRateBp: z.number().int().nonnegative().max(100_000).optional(),
  defaultLanguage: z.enum(['fr', 'en']),
});

const RemindersQuery = z.strictObject({
  status: z
    .enum([
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
    ])
    .optional(),
  customerId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const PaymentPlanBody = z.strictObject({
  instalments: z
    .array(z.strictObject({ dueDate: isoDate, amount: z.number().int().positive() }))
    .min(2)
    .max(36),
  reason: reason.optional(),
});

const Decision = {
  dispute: z.strictObject({ reason }),
  promise: z.strictObject({ date: isoDate, amount: z.number().int().positive().optional(), reason: reason.optional() }),
  pause: z.strictObject({ until: isoDate, reason: reason.optional() }),
  resume: z.strictObject({ reason: reason.optional() }),
  collection: z.strictObject({ reason: reason.optional() }),
  'write-off': z.strictObject({ reason }),
  reopen: z.strictObject({ reason: reason.optional() }),
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
