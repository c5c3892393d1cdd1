/** `/api/customers`: list (search by name), read with the receivables aggregate, and update. */
import { Hono } from 'hono';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { customerView } from '#shared/use-cases/read-models.ts';
import { makeUpdateCustomer } from '#shared/use-cases/update-customer.ts';
import type { WebDeps } from '../web-deps.ts';
import { jsonBody, queryParams } from './request.ts';
import { CustomerListQuery, CustomerPatchBody } from './schemas.ts';

export function customerRoutes(deps: WebDeps) {
  const update = makeUpdateCustomer(deps);
  const today = () => dateInZone(deps.clock.now(), deps.config.timeZone);
  const view = async (id: string) => {
    const found = await deps.customers.get(id);
    if (!found) throw new NotFoundError('customer', id);
    return customerView({ customer: found.value, aggregate: found.aggregate }, today());
  };
  return new Hono()
    .get('/', async (c) => {
      const query = queryParams(c, CustomerListQuery);
      const page = await deps.customers.list(query);
      return c.json({ items: page.items.map((s) => customerView(s, today())), cursor: page.cursor ?? null });
    })
    .get('/:id', async (c) => c.json(await view(c.req.param('id'))))
    .patch('/:id', async (c) => {
      const patch = await jsonBody(c, CustomerPatchBody);
      const id = c.req.param('id');
      await update(id, patch, { kind: 'user', id: 'api' });
      return c.json(await view(id), 200);
    });
}
