/**
 * The debtor's portal over the real app and a dynalite table: a valid link shows that customer's invoices and
 * nothing else; forged, expired, edited and other-customer links, and other customers' PDFs, all answer the
 * same 404; each action needs the link's CSRF token, lands on the timeline as the debtor's and re-plans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderMessage } from '#shared/ports/reminders.ts';
import { makeAttachInvoicePdf } from '#shared/use-cases/attach-invoice-pdf.ts';
import { portalCsrfToken } from '#shared/web/portal/routes.ts';
import { signPortalToken } from '#shared/web/portal-token.ts';
import { body as read, startTestApp, TEST_PORTAL_SECRET } from '../support/app.ts';
import { MemoryBlobs } from '../support/memory-blobs.ts';

const NOW = '2026-11-23T09:30:00Z';
const nowSeconds = Date.parse(NOW) / 1000;

const invoice = (customer: string, externalId: string, dueDate: string, total = 100000) => ({
  source: 'api',
  externalId,
  number: `F-${externalId}`,
  customer: { externalId: customer, name: `${customer} SARL`, email: `compta@${customer.toLowerCase()}.example` },
  issueDate: '2026-09-01',
  dueDate,
  currency: 'EUR',
  total,
});

describe('portal', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const sent: ReminderMessage[] = [];
  const blobs = new MemoryBlobs();
  let mine: { id: string; customerId: string };
  let second: { id: string };
  let theirs: { id: string; customerId: string };
  let token: string;

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    token: null,
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual' as const,
  });

  beforeAll(async () => {
    t = await startTestApp({
      now: NOW,
      dunning: {
        blobs,
        channels: {
          email: {
            deliver: async (m) => {
              sent.push(m);
              return { reference: `ref-${m.id}` };
            },
          },
        },
      },
    });
    mine = await read(await t.call('/api/invoices', { method: 'POST', json: invoice('ALPHA', 'A1', '2026-10-20') }));
    second = await read(await t.call('/api/invoices', { method: 'POST', json: invoice('ALPHA', 'A2', '2026-12-20') }));
    theirs = await read(await t.call('/api/invoices', { method: 'POST', json: invoice('BETA', 'B1', '2026-10-20') }));
    const attach = makeAttachInvoicePdf({ ...t.table.stores, clock: t.clock, blobs });
    const actor = { kind: 'user', id: 'test' } as const;
    await attach(mine.id, new TextEncoder().encode('%PDF-1.4 alpha'), actor);
    await attach(theirs.id, new TextEncoder().encode('%PDF-1.4 beta'), actor);
    token = signPortalToken(mine.customerId, nowSeconds + 86_400, TEST_PORTAL_SECRET);
  });
  afterAll(async () => t.close());

  it('shows the customer’s open invoices, totals, transfer details and the EPC payload of the focused one', async () => {
    const res = await t.call(`/portal/${token}?invoice=${mine.id}`, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('F-A1');
    expect(html).toContain('F-A2');
    expect(html).not.toContain('F-B1');
    expect(html).toMatch(/data-testid="portal-total">2\s000,00\s€/);
    expect(html).toContain('FR76 3000 6000 0112 3456 7890 189');
    const epc = /data-testid="epc">([^<]+)</.exec(html)?.[1]?.split('\n');
    expect(epc?.slice(0, 8)).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'AGRIFRPPXXX',
      'Votre Société SAS',
      'FR7630006000011234567890189',
      'EUR1000.00',
    ]);
    expect(epc?.[9]).toMatch(/^RF\d{2}/);
    expect(html).toContain(`/portal/${token}/invoices/${mine.id}.pdf`);
    // The QR code itself, drawn as SVG (uqr) with the payload as text under it.
    expect(html).toMatch(/<div class="qr" role="img" aria-label="[^"]+"><svg/);
  });

  it('refuses forged, edited, expired and unknown links with the same 404 page', async () => {
    const expired = signPortalToken(mine.customerId, nowSeconds - 1, TEST_PORTAL_SECRET);
    const otherKey = signPortalToken(mine.customerId, nowSeconds + 86_400, 'another-secret-entirely');
    const [id, exp, mac] = token.split('.');
    const edited = `${theirs.customerId}.${exp}.${mac}`;
    const longer = `${id}.${Number(exp) + 86_400}.${mac}`;
    const bodies = new Set<string>();
    for (const bad of [expired, otherKey, edited, longer, 'garbage', `${token}x`]) {
      const res = await t.call(`/portal/${bad}`, { token: null });
      expect(res.status).toBe(404);
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).not.toMatch(/expir(ed|é)\b.*token|signature/i);
  });

  it('serves the customer’s own PDFs only', async () => {
    const own = await t.call(`/portal/${token}/invoices/${mine.id}.pdf`, { token: null });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(await own.arrayBuffer())).toBe('%PDF-1.4 alpha');
    const other = await t.call(`/portal/${token}/invoices/${theirs.id}.pdf`, { token: null });
    expect(other.status).toBe(404);
    const noPdf = await t.call(`/portal/${token}/invoices/${second.id}.pdf`, { token: null });
    expect(noPdf.status).toBe(404);
  });

  it('needs the link’s CSRF token on every form, and acts only on the customer’s invoices', async () => {
    const noCsrf = await t.call(`/portal/${token}/dispute`, form({ invoiceId: mine.id, reason: 'x' }));
    expect(noCsrf.status).toBe(403);
    const otherLink = signPortalToken(theirs.customerId, nowSeconds + 86_400, TEST_PORTAL_SECRET);
    const wrongCsrf = await t.call(
      `/portal/${token}/dispute`,
      form({ invoiceId: mine.id, reason: 'x', _csrf: portalCsrfToken(TEST_PORTAL_SECRET, otherLink) }),
    );
    expect(wrongCsrf.status).toBe(403);
    const othersInvoice = await t.call(
      `/portal/${token}/dispute`,
      form({ invoiceId: theirs.id, reason: 'x', _csrf: portalCsrfToken(TEST_PORTAL_SECRET, token) }),
    );
    expect(othersInvoice.status).toBe(404);
    expect((await read(await t.call(`/api/invoices/${theirs.id}`))).state).toBe('open');
  });

  it('records "I have paid", a promise and a dispute on the timeline as the debtor’s, and re-plans', async () => {
    const csrf = portalCsrfToken(TEST_PORTAL_SECRET, token);
    const paid = await t.call(
      `/portal/${token}/paid`,
      form({ invoiceId: mine.id, date: '2026-11-22', note: 'virement du 22', _csrf: csrf }),
    );
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`/portal/${token}?invoice=${mine.id}&done=paid`);
    let details = await read(await t.call(`/api/invoices/${mine.id}`));
    expect(details.pausedUntil).toBe('2026-11-28');
    expect(details.timeline).toContainEqual(
      expect.objectContaining({
        type: 'note',
        actor: { kind: 'debtor', id: mine.customerId },
        reason: 'Debtor says it paid on 2026-11-22: virement du 22',
      }),
    );

    const badDate = await t.call(
      `/portal/${token}/promise`,
      form({ invoiceId: second.id, date: '2026-01-01', _csrf: csrf }),
    );
    expect(badDate.status).toBe(422);
    expect(await badDate.text()).toContain('La date promise doit être comprise');
    const promise = await t.call(
      `/portal/${token}/promise`,
      form({ invoiceId: second.id, date: '2027-01-10', _csrf: csrf }),
    );
    expect(promise.status).toBe(303);
    details = await read(await t.call(`/api/invoices/${second.id}`));
    expect(details).toMatchObject({ state: 'promised', promisedDate: '2027-01-10' });

    const dispute = await t.call(
      `/portal/${token}/dispute`,
      form({ invoiceId: mine.id, reason: 'Livraison incomplète', _csrf: csrf }),
    );
    expect(dispute.status).toBe(303);
    details = await read(await t.call(`/api/invoices/${mine.id}`));
    expect(details.state).toBe('disputed');
    expect(details.timeline).toContainEqual(
      expect.objectContaining({
        type: 'invoice.state_changed',
        actor: { kind: 'debtor', id: mine.customerId },
        reason: 'Livraison incomplète',
      }),
    );
    const page = await (await t.call(`/portal/${token}?invoice=${mine.id}&done=dispute`, { token: null })).text();
    expect(page).toContain('Votre contestation est enregistrée');
    // Re-planned: nothing more is sent for a disputed invoice and a future promise.
    const before = sent.length;
    await t.call(`/api/invoices/${mine.id}/send-now`, { method: 'POST', json: {} });
    expect(sent.length).toBe(before);
  });
});
