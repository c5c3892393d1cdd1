/**
 * CSV exports (csv.ts: `;`, UTF-8 BOM, decimals in major units): `/exports/receivables.csv` (every collectible
 * invoice with a balance, by state index), and `?format=csv` on the lists — `/invoices` (by state or one
 * customer), `/reminders` (by status or one customer), `/tasks` (open and recently done); `/customers` exports
 * from its own route. Mounted before the pages so `?format=csv` is answered here and anything else passes on.
 */
import { type Context, Hono, type Next } from 'hono';
import { dateInZone, type IsoDate } from '#shared/domain/calendar-date.ts';
import { INVOICE_STATES, type InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import type { ReminderStatus } from '#shared/ports/reminders.ts';
import {
  type InvoiceFilterStatus,
  type InvoiceView,
  invoiceView,
  listInvoices,
} from '#shared/use-cases/read-models.ts';
import { requireSession } from '../auth.ts';
import type { WebDeps } from '../web-deps.ts';
import { csvResponse, decimal, toCsv } from './csv.ts';

const COLLECTIBLE: InvoiceState[] = [
  'open',
  'partially_paid',
  'disputed',
  'promised',
  'in_payment_plan',
  'in_collection',
];
/** An export is a file for a spreadsheet, not a backup: bounded. */
const MAX_ROWS = 200_000;
const wallSeconds = () => Math.floor(Date.now() / 1000);

/** Invoices for an export: one customer's (its index), or all those in the states asked (one index per state). */
export async function exportInvoices(
  deps: WebDeps,
  filter: { status: InvoiceFilterStatus; customerId?: string },
  today: IsoDate,
): Promise<InvoiceView[]> {
  if (filter.customerId) {
    const out: InvoiceView[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInvoices(deps, { ...filter, limit: 1000, cursor }, today);
      out.push(...page.items);
      cursor = page.cursor;
    } while (cursor && out.length < MAX_ROWS);
    return out;
  }
  const states =
    filter.status === 'collectible'
      ? COLLECTIBLE
      : filter.status === 'all'
        ? [...INVOICE_STATES]
        : (INVOICE_STATES as readonly string[]).includes(filter.status)
          ? [filter.status as InvoiceState]
          : undefined;
  if (!states) {
    // not_yet_due, due, overdue: the open state's index, bounded by due date (listInvoices knows how).
    const out: InvoiceView[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInvoices(deps, { status: filter.status, limit: 1000, cursor }, today);
      out.push(...page.items);
      cursor = page.cursor;
    } while (cursor && out.length < MAX_ROWS);
    return out;
  }
  const out: InvoiceView[] = [];
  for (const state of states) {
    let cursor: string | undefined;
    do {
      const page = await deps.invoices.listByState(state, { limit: 1000, cursor });
      for (const i of page.items) {
        const view = invoiceView(i, today);
        if (filter.status !== 'collectible' || view.balance > 0) out.push(view);
      }
      cursor = page.cursor;
    } while (cursor && out.length < MAX_ROWS);
  }
  return out.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
}

/** Customer names for the rows, read by key (each distinct customer once). */
async function customerNames(deps: WebDeps, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const distinct = [...new Set(ids)];
  for (let i = 0; i < distinct.length; i += 50) {
    const batch = distinct.slice(i, i + 50);
    const found = await Promise.all(batch.map((id) => deps.customers.get(id)));
    for (const [n, f] of found.entries()) names.set(batch[n] as string, f?.value.legalName ?? '');
  }
  return names;
}

export function invoicesCsv(rows: readonly InvoiceView[], names: ReadonlyMap<string, string> = new Map()): string {
  return toCsv(
    [
      'numero',
      'client_id',
      'client',
      'date_emission',
      'echeance',
      'devise',
      'montant',
      'paye',
      'avoirs',
      'reste_du',
      'statut',
      'reference_rf',
      'source',
      'id',
    ],
    rows.map((i) => [
      i.number,
      i.customerId,
      names.get(i.customerId),
      i.issueDate,
      i.dueDate,
      i.currency,
      decimal(i.total, i.currency),
      decimal(Math.max(i.amountPaid, i.allocated), i.currency),
      decimal(i.credited, i.currency),
      decimal(i.balance, i.currency),
      i.status,
      i.rfReference,
      i.source,
      i.id,
    ]),
  );
}

export function exportRoutes(deps: WebDeps): Hono {
  const auth = requireSession(deps.config.apiToken, wallSeconds);
  const today = () => dateInZone(deps.clock.now(), deps.config.timeZone);
  /** `?format=csv` is answered here (behind the session); anything else passes on to the page's own route. */
  const csvOnly =
    (handler: (c: Context) => Promise<Response>) =>
    async (c: Context, next: Next): Promise<Response | undefined> => {
      if (c.req.query('format') !== 'csv') {
        await next();
        return undefined;
      }
      let answer: Response | undefined;
      const refused = await auth(c, async () => {
        answer = await handler(c);
      });
      return refused ?? answer;
    };
  const app = new Hono();

  app.get('/exports/receivables.csv', auth, async (c) => {
    const rows = await exportInvoices(deps, { status: 'collectible' }, today());
    const names = await customerNames(
      deps,
      rows.map((r) => r.customerId),
    );
    return csvResponse(c, `encours-${today()}.csv`, invoicesCsv(rows, names));
  });

  app.get(
    '/invoices',
    csvOnly(async (c) => {
      const status = (c.req.query('status') || 'all') as InvoiceFilterStatus;
      const customerId = c.req.query('customerId') || undefined;
      const rows = await exportInvoices(deps, { status, customerId }, today());
      const names = await customerNames(
        deps,
        rows.map((r) => r.customerId),
      );
      return csvResponse(c, `factures-${today()}.csv`, invoicesCsv(rows, names));
    }),
  );

  if (deps.dunning) {
    const reminders = deps.dunning.reminders;
    app.get(
      '/reminders',
      csvOnly(async (c) => {
        const customerId = c.req.query('customerId') || undefined;
        const status = (c.req.query('status') || 'sent') as ReminderStatus;
        const items = customerId
          ? await reminders.listByCustomer(customerId, 1000)
          : await reminders.listByStatus(status, 1000);
        const body = toCsv(
          ['date', 'client_id', 'canal', 'etape', 'statut', 'envoye_le', 'factures', 'evenements', 'id'],
          items.map((r) => [
            r.date,
            r.customerId,
            r.channel,
            r.stepId,
            r.status,
            r.sentAt,
            r.invoiceIds.join(' '),
            r.events.map((e) => `${e.type}@${e.at}`).join(' '),
            r.id,
          ]),
        );
        return csvResponse(c, `relances-${today()}.csv`, body);
      }),
    );
  }

  if (deps.messages) {
    const tasks = deps.messages.tasks;
    app.get(
      '/tasks',
      csvOnly(async (c) => {
        const [open, done] = await Promise.all([tasks.listOpen({ limit: 1000 }), tasks.listDone({ limit: 1000 })]);
        const body = toCsv(
          ['cree_le', 'type', 'client_id', 'client', 'titre', 'etat', 'assignee', 'factures', 'resultat', 'id'],
          [...open, ...done].map((t) => [
            t.createdAt,
            t.kind,
            t.customerId,
            t.customerName,
            t.title,
            t.state,
            t.assignee,
            t.invoiceIds.join(' '),
            t.outcome?.kind,
            t.id,
          ]),
        );
        return csvResponse(c, `taches-${today()}.csv`, body);
      }),
    );
  }
  return app;
}
