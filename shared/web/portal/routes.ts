/**
 * The debtor's portal: `GET /portal/{token}` and its invoice PDFs and three form posts. The token (signed,
 * expiring, one customer: portal-token.ts) is the only credential; any failure — forged, expired, edited, another
 * customer's invoice — answers the same 404 page. Form posts carry a CSRF token that is an HMAC of the portal
 * token, so a third-party page cannot post for a debtor without knowing their link.
 *
 * Each action is the debtor's (actor `{kind: 'debtor', id: customerId}`), lands on the timeline through the same
 * use cases the dashboard uses, and re-plans the customer (the use cases call onCustomerChanged).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { renderSVG } from 'uqr';
import { addDays, compareDates, dateInZone, isIsoDate } from '#shared/domain/calendar-date.ts';
import { DEFAULT_SETTINGS } from '#shared/domain/company-settings.ts';
import { DomainError, InvalidTransitionError } from '#shared/domain/errors.ts';
import type { Invoice } from '#shared/domain/invoice.ts';
import { isCollectible } from '#shared/domain/invoice-lifecycle.ts';
import { type Money, money } from '#shared/domain/money.ts';
import { epcPayload } from '#shared/domain/receivables/epc-qr.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { SettingsRepository } from '#shared/ports/reminders.ts';
import { makeChangeInvoiceState } from '#shared/use-cases/change-invoice-state.ts';
import { makePauseInvoiceReminders } from '#shared/use-cases/pause-invoice-reminders.ts';
import { type InvoiceView, invoiceView } from '#shared/use-cases/read-models.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';
import { formBody } from '../api/request.ts';
import { verifyPortalToken } from '../portal-token.ts';
import { portalNotFound, portalPage } from './portal-page.ts';

/** "I have paid" pauses the reminders this many days, the time a transfer takes to arrive and be matched. */
export const PAID_PAUSE_DAYS = 5;
/** Paid invoices stay on the portal this long after their payment. */
const RECENTLY_PAID_DAYS = 90;
const MAX_PROMISE_DAYS = 180;

export function portalCsrfToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`portal-csrf|${token}`).digest('base64url');
}

function validCsrf(secret: string, token: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(portalCsrfToken(secret, token));
  const provided = Buffer.from(given);
  return provided.length === expected.length && timingSafeEqual(provided, expected);
}

function text(form: Record<string, unknown>, name: string, max: number): string | undefined {
  const v = form[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;
}

function sumByCurrency(items: readonly { currency: string; balance: number }[]): Money[] {
  const totals = new Map<string, number>();
  for (const i of items) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.balance);
  return [...totals.entries()].map(([c, a]) => money(a, c)).sort((a, b) => b.amount - a.amount);
}

const ERRORS = {
  fr: {
    date: 'La date n’est pas valide.',
    promiseRange: `La date promise doit être comprise entre aujourd’hui et ${MAX_PROMISE_DAYS} jours.`,
    reason: 'Indiquez le motif de la contestation.',
    transition: 'Cette action n’est plus possible pour cette facture. Contactez-nous.',
  },
  en: {
    date: 'The date is not valid.',
    promiseRange: `The promised date must be between today and ${MAX_PROMISE_DAYS} days from now.`,
    reason: 'Please give the reason for the dispute.',
    transition: 'This action is no longer possible for this invoice. Please contact us.',
  },
};

/** What the portal reads and changes: the records, the company's settings (its page), the invoice PDFs. */
export interface PortalDeps extends UseCaseDeps {
  settings?: SettingsRepository;
  blobs?: BlobStore;
}

export function portalRoutes(deps: PortalDeps, secret: string | undefined): Hono {
  const app = new Hono();
  const notFound = (c: Context) => {
    c.header('cache-control', 'no-store');
    return c.html(portalNotFound(), 404);
  };
  // No key configured: no link can be valid.
  if (!secret) return app.all('*', notFound);
  const change = makeChangeInvoiceState(deps);
  const pause = makePauseInvoiceReminders(deps);
  const settingsRepo = deps.settings;
  const blobs = deps.blobs;

  /** The customer of a valid token, or undefined (the caller answers 404). */
  const customerOf = async (token: string) => {
    const customerId = verifyPortalToken(token, secret, Math.floor(deps.clock.now().getTime() / 1000));
    if (!customerId) return undefined;
    return (await deps.customers.get(customerId))?.value;
  };

  /** One of this customer's invoices, or undefined: another customer's id is exactly as unknown as a made-up one. */
  const invoiceOf = async (customerId: string, invoiceId: unknown): Promise<Invoice | undefined> => {
    if (typeof invoiceId !== 'string' || !/^[\w-]{1,80}$/.test(invoiceId)) return undefined;
    const found = await deps.invoices.get(invoiceId);
    return found && found.value.customerId === customerId && found.value.state !== 'void' ? found.value : undefined;
  };

  const render = async (
    c: Context,
    token: string,
    customer: NonNullable<Awaited<ReturnType<typeof customerOf>>>,
    extra: { focusId?: string; done?: string; error?: string } = {},
  ) => {
    const today = dateInZone(deps.clock.now(), customer.timeZone);
    const [settings, page] = await Promise.all([
      settingsRepo ? settingsRepo.get() : DEFAULT_SETTINGS,
      deps.invoices.listByCustomer(customer.id, { limit: 300 }),
    ]);
    const views = page.items.filter((i) => i.state !== 'void').map((i) => invoiceView(i, today));
    const open = views.filter((i) => isCollectible(i.state) && i.balance > 0);
    const since = addDays(today, -RECENTLY_PAID_DAYS);
    const paid = views
      .filter((i) => i.state === 'paid' && compareDates((i.paidAt ?? i.updatedAt).slice(0, 10), since) >= 0)
      .sort((a, b) => (b.paidAt ?? b.updatedAt).localeCompare(a.paidAt ?? a.updatedAt))
      .slice(0, 20);
    const focus: InvoiceView | undefined = open.find((i) => i.id === extra.focusId);
    let epc: string | undefined;
    let qrSvg: string | undefined;
    if (focus && focus.currency === 'EUR') {
      try {
        epc = epcPayload({
          bic: settings.bic,
          name: settings.legalName.slice(0, 70),
          iban: settings.iban,
          amount: money(focus.balance, 'EUR'),
          reference: focus.rfReference,
          text: focus.rfReference ? undefined : focus.number,
        });
        // EPC069-12 asks for error correction level M.
        qrSvg = renderSVG(epc, { ecc: 'M', border: 2 });
      } catch {
        epc = undefined; // settings not valid for a QR: the transfer details above still show
      }
    }
    c.header('cache-control', 'no-store');
    return c.html(
      portalPage({
        language: customer.language,
        token,
        csrfToken: portalCsrfToken(secret, token),
        today,
        company: { legalName: settings.legalName, iban: settings.iban, bic: settings.bic, replyTo: settings.replyTo },
        customerName: customer.legalName,
        open,
        paid,
        totals: sumByCurrency(open),
        overdue: sumByCurrency(open.filter((i) => compareDates(i.dueDate, today) < 0)),
        focus,
        epc,
        qrSvg,
        done: extra.done,
        error: extra.error,
      }),
      extra.error ? 422 : 200,
    );
  };

  app.get('/:token', async (c) => {
    const token = c.req.param('token');
    const customer = await customerOf(token);
    if (!customer) return notFound(c);
    const done = c.req.query('done');
    return render(c, token, customer, {
      focusId: c.req.query('invoice'),
      done: done === 'paid' || done === 'promise' || done === 'dispute' ? done : undefined,
    });
  });

  app.get('/:token/invoices/:file', async (c) => {
    const token = c.req.param('token');
    const file = c.req.param('file');
    const customer = await customerOf(token);
    if (!customer || !file.endsWith('.pdf')) return notFound(c);
    const invoice = await invoiceOf(customer.id, file.slice(0, -4));
    const object = invoice?.pdf && blobs ? await blobs.get(invoice.pdf.key) : undefined;
    if (!invoice || !object) return notFound(c);
    const name = invoice.number.replace(/[^\w.-]+/g, '_');
    return c.body(Buffer.from(object.body), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${name}.pdf"`,
      'cache-control': 'no-store',
    });
  });

  app.post('/:token/:action{paid|promise|dispute}', async (c) => {
    const token = c.req.param('token');
    const action = c.req.param('action');
    const customer = await customerOf(token);
    if (!customer) return notFound(c);
    const form = await formBody(c.req, 'form');
    if (!validCsrf(secret, token, form._csrf)) {
      c.header('cache-control', 'no-store');
      return c.html(portalNotFound(), 403);
    }
    const invoice = await invoiceOf(customer.id, form.invoiceId);
    if (!invoice) return notFound(c);
    const words = ERRORS[customer.language];
    const today = dateInZone(deps.clock.now(), customer.timeZone);
    const actor: Actor = { kind: 'debtor', id: customer.id };
    const requestId = randomUUID();
    const fail = (error: string) => render(c, token, customer, { focusId: invoice.id, error });
    const note = text(form, 'note', 300);
    try {
      if (action === 'paid') {
        const date = text(form, 'date', 10) ?? today;
        if (!isIsoDate(date) || compareDates(date, today) > 0) return fail(words.date);
        await pause(invoice.id, addDays(today, PAID_PAUSE_DAYS), {
          actor,
          requestId,
          reason: `Debtor says it paid on ${date}${note ? `: ${note}` : ''}`,
        });
      } else if (action === 'promise') {
        const date = text(form, 'date', 10);
        if (!date || !isIsoDate(date)) return fail(words.date);
        if (compareDates(date, today) < 0 || compareDates(date, addDays(today, MAX_PROMISE_DAYS)) > 0) {
          return fail(words.promiseRange);
        }
        await change(invoice.id, 'promised', { actor, requestId, reason: note, promise: { date } });
      } else {
        const reason = text(form, 'reason', 500);
        if (!reason) return fail(words.reason);
        await change(invoice.id, 'disputed', { actor, requestId, reason });
      }
    } catch (error) {
      if (error instanceof InvalidTransitionError || error instanceof DomainError) return fail(words.transition);
      throw error;
    }
    return c.redirect(`/portal/${token}?invoice=${encodeURIComponent(invoice.id)}&done=${action}`, 303);
  });

  app.all('*', notFound);
  return app;
}
