/**
 * A customer created from a PDF invoice is flagged for review; a person clears the flag from the customer page
 * (CSRF-protected form) or through the API, and the customer leaves the "to review" list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSession, SESSION_COOKIE } from '#shared/web/auth.ts';
import { CSRF_FIELD, csrfToken } from '#shared/web/csrf.ts';
import { body, startTestApp, TEST_TOKEN } from '../support/app.ts';

describe('clearing the review flag of a customer', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const flagged = async (externalId: string) => {
    const res = await t.call('/api/invoices', {
      method: 'POST',
      json: {
        source: 'api',
        externalId,
        number: `F-${externalId}`,
        customer: { externalId: `C-${externalId}`, name: `Garage ${externalId}` },
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        currency: 'EUR',
        total: 50_000,
      },
    });
    const { customerId } = await body(res);
    // As resolve-document-customer creates one from a PDF: the same record, flagged.
    const found = await t.table.stores.customers.get(customerId);
    if (!found) throw new Error('no customer');
    await t.table.stores.customers.put({ ...found.value, needsReview: true }, found.rev, []);
    return customerId as string;
  };
  const inReviewList = async () => (await (await t.call('/customers?state=review')).text()).match(/Garage R-\d/g) ?? [];

  beforeAll(async () => {
    t = await startTestApp({ dunning: { channels: {} } });
  });
  afterAll(async () => t.close());

  it('shows the flag with a form on the customer page, and the form clears it', async () => {
    const id = await flagged('R-1');
    expect(await inReviewList()).toEqual(['Garage R-1']);
    const page = await (await t.call(`/customers/${id}`)).text();
    expect(page).toContain('data-testid="needs-review"');
    expect(page).toContain(`action="/customers/${id}/reviewed"`);

    // A session without its CSRF token is refused, and nothing changes.
    const session = issueSession(TEST_TOKEN, Math.floor(Date.now() / 1000));
    const cookie = `${SESSION_COOKIE}=${session}`;
    const forged = await t.call(`/customers/${id}/reviewed`, {
      method: 'POST',
      token: null,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${CSRF_FIELD}=forged`,
    });
    expect(forged.status).toBe(403);
    expect((await t.table.stores.customers.get(id))?.value.needsReview).toBe(true);

    const done = await t.call(`/customers/${id}/reviewed`, {
      method: 'POST',
      token: null,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${CSRF_FIELD}=${encodeURIComponent(csrfToken(TEST_TOKEN, session))}`,
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/customers/${id}`);
    expect((await t.table.stores.customers.get(id))?.value.needsReview).toBeUndefined();
    expect(await (await t.call(`/customers/${id}`)).text()).not.toContain('data-testid="needs-review"');
    expect(await inReviewList()).toEqual([]);
  });

  it('clears it through the API with null, and refuses any other value naming the field', async () => {
    const id = await flagged('R-2');
    const wrong = await t.call(`/api/customers/${id}`, { method: 'PATCH', json: { needsReview: true } });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await body(wrong))).toContain('needsReview');
    const res = await t.call(`/api/customers/${id}`, { method: 'PATCH', json: { needsReview: null } });
    expect(res.status).toBe(200);
    expect((await body(res)).customer.needsReview).toBeUndefined();
    expect(await inReviewList()).toEqual([]);
  });
});
