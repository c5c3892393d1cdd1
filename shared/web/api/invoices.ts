/** `/api/invoices`: record an invoice from any tool (idempotent), list, and read one with its timeline. */
import { Hono } from 'hono';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { getInvoiceDetails, invoiceView, listInvoices } from '#shared/use-cases/read-models.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import type { WebDeps } from '../web-deps.ts';
import { jsonBody, queryParams } from './request.ts';
import { InvoiceBody, InvoiceListQuery } from './schemas.ts';

export function invoiceRoutes(deps: WebDeps) {
  const record = makeRecordInvoice(deps);
  const today = () => dateInZone(deps.clock.now(), deps.config.timeZone);
  return new Hono()
    .post('/', async (c) => {
      const body = await jsonBody(c, InvoiceBody);
      const result = await record(body, { kind: 'integration', id: body.source });
      return c.json(invoiceView(result.invoice, today()), result.created ? 201 : 200);
    })
    .get('/', async (c) => {
      const query = queryParams(c, InvoiceListQuery);
      const page = await listInvoices(deps, query, today());
      return c.json({ items: page.items, cursor: page.cursor ?? null });
    })
    .get('/:id', async (c) => {
      const details = await getInvoiceDetails(deps, c.req.param('id'), today());
      return c.json({
        ...details.invoice,
        customer: details.customer ? { id: details.customer.id, legalName: details.customer.legalName } : null,
        timeline: details.timeline,
      });
    });
}
