/**
 * The debtor portal's only credential is its link (`/portal/{customerId}.{expiry}.{HMAC}`). Over HTTP on the local
 * stack, with two customers: a forged, expired, edited or foreign link shows nothing of the customer it names (no
 * name, no invoice number, no PDF), and its actions (paid, promise, dispute) are refused and change nothing; a
 * valid link never reaches another customer's invoice; a valid link without its CSRF token cannot act.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalCsrfToken } from '#shared/web/portal/routes.ts';
import { signPortalToken } from '#shared/web/portal-token.ts';
import { portalSecret } from '../../local/dunning.ts';
import { cbCustomer, cbEvent, cbInvoice } from '../connectors/chargebee-fixtures.ts';
import { API_TOKEN, CB_PASSWORD, CB_USER, type Json, type SecureStack, startSecureStack } from './support/stack.ts';

const ALPHA = { name: 'Alpha Visible SAS', number: 'ALPHA-2026-01' };
const BETA = { name: 'Beta Confidentiel SARL', number: 'BETA-2026-77' };

describe('portal links', () => {
  let s: SecureStack;
  let alpha: Json;
  let beta: Json;
  const now = () => Math.floor(s.stack.clock.now().getTime() / 1000);

  beforeAll(async () => {
    s = await startSecureStack();
    alpha = await s.recordInvoice({
      externalId: 'ALPHA-1',
      number: ALPHA.number,
      customer: { externalId: 'ALPHA', name: ALPHA.name, email: 'compta@alpha.example' },
    });
    // Beta comes from Chargebee, so its invoice has a PDF in the bucket.
    const invoice = cbInvoice({ id: BETA.number, customer_id: 'cust_beta' });
    const customer = cbCustomer({
      id: 'cust_beta',
      company: BETA.name,
      billing_address: { ...cbCustomer().billing_address, company: BETA.name },
    });
    const res = await s.request('/webhooks/chargebee', {
      method: 'POST',
      authorization: `Basic ${Buffer.from(`${CB_USER}:${CB_PASSWORD}`).toString('base64')}`,
      json: cbEvent('ev_beta', 'invoice_generated', {
        invoice: { ...invoice, billing_address: customer.billing_address },
        customer,
      }),
    });
    expect(res.status).toBe(200);
    await s.stack.queue.drain();
    beta = (await s.json('/api/invoices?status=all&limit=100')).items.find((i: Json) => i.number === BETA.number);
    expect(beta?.pdf).toBeDefined();
    await s.stack.queue.drain();
  });
  afterAll(async () => {
    await s?.close();
  });

  /** Nothing of either customer in a refused answer. */
  async function expectNothingShown(res: Response, what: string, status = 404) {
    expect(res.status, what).toBe(status);
    expect(res.headers.get('content-type') ?? '', what).not.toContain('application/pdf');
    const text = await res.text();
    for (const secret of [BETA.name, BETA.number, ALPHA.name, ALPHA.number, beta.id, alpha.id]) {
      expect(text, `${what} shows ${secret}`).not.toContain(secret);
    }
  }

  /** Links that must not open Beta's portal. */
  const forged = (): [string, string][] => {
    const valid = s.portalToken(beta.customerId);
    const [, exp, mac] = valid.split('.') as [string, string, string];
    const alphaToken = s.portalToken(alpha.customerId);
    const [, alphaExp, alphaMac] = alphaToken.split('.') as [string, string, string];
    const macOf = (key: string, payload: string) =>
      createHmac('sha256', key).update(`portal|${payload}`).digest('base64url');
    return [
      ['Alpha’s link with Beta’s id', `${beta.customerId}.${alphaExp}.${alphaMac}`],
      ['Beta’s id and a made-up signature', `${beta.customerId}.${exp}.${'A'.repeat(43)}`],
      ['Beta’s link with a later expiry', `${beta.customerId}.${Number(exp) + 86_400 * 365}.${mac}`],
      [
        'Beta’s link signed with another key',
        signPortalToken(beta.customerId, Number(exp), portalSecret('another-token-0123456789')),
      ],
      ['Beta’s link signed with the API token', signPortalToken(beta.customerId, Number(exp), API_TOKEN)],
      [
        'Beta’s link signed without the portal| domain prefix',
        `${beta.customerId}.${exp}.${createHmac('sha256', s.portalSecret).update(`${beta.customerId}.${exp}`).digest('base64url')}`,
      ],
      [
        'Alpha’s page CSRF token as Beta’s signature',
        `${beta.customerId}.${exp}.${portalCsrfToken(s.portalSecret, alphaToken)}`,
      ],
      ['Beta’s link, signature truncated', `${beta.customerId}.${exp}.${mac.slice(0, 20)}`],
      ['Beta’s link, signature upper-cased', `${beta.customerId}.${exp}.${mac.toUpperCase()}`],
      ['Beta’s link, expired a second ago', s.portalToken(beta.customerId, now() - 1)],
      [
        'Beta’s link, a 13-digit expiry',
        `${beta.customerId}.9999999999999.${macOf(s.portalSecret, `${beta.customerId}.9999999999999`)}`,
      ],
      ['Beta’s link with a fourth part', `${valid}.extra`],
      ['Beta’s id alone', beta.customerId],
      ['Beta’s link, id and signature only', `${beta.customerId}.${mac}`],
    ];
  };

  it('shows a valid link its own customer only', async () => {
    const res = await s.request(`/portal/${s.portalToken(alpha.customerId)}`, { authorization: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const text = await res.text();
    expect(text).toContain(ALPHA.name);
    expect(text).toContain(ALPHA.number);
    expect(text).not.toContain(BETA.name);
    expect(text).not.toContain(BETA.number);
    // Beta's invoice asked for by id through Alpha's link: not there.
    const focus = await (
      await s.request(`/portal/${s.portalToken(alpha.customerId)}?invoice=${beta.id}`, { authorization: null })
    ).text();
    expect(focus).not.toContain(BETA.number);
    // And the control for Beta's PDF: its own link gets it.
    const pdf = await s.request(`/portal/${s.portalToken(beta.customerId)}/invoices/${beta.id}.pdf`, {
      authorization: null,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('shows nothing for a forged, edited, expired or foreign link, nor its PDFs', async () => {
    for (const [what, token] of forged()) {
      await expectNothingShown(await s.request(`/portal/${token}`, { authorization: null }), what);
      await expectNothingShown(
        await s.request(`/portal/${token}/invoices/${beta.id}.pdf`, { authorization: null }),
        `${what} (PDF)`,
      );
    }
    // A valid link of Alpha's never serves Beta's PDF.
    await expectNothingShown(
      await s.request(`/portal/${s.portalToken(alpha.customerId)}/invoices/${beta.id}.pdf`, { authorization: null }),
      'Alpha’s link, Beta’s PDF',
    );
    // The API token is no portal credential either.
    await expectNothingShown(await s.request(`/portal/${beta.customerId}`), 'API token, bare id');
  });

  it('refuses the actions of a forged link, even with a CSRF token computed for it, and changes nothing', async () => {
    const before = await s.tableItems();
    for (const [what, token] of forged()) {
      for (const action of ['paid', 'promise', 'dispute']) {
        const res = await s.request(`/portal/${token}/${action}`, {
          method: 'POST',
          authorization: null,
          form: {
            _csrf: portalCsrfToken(s.portalSecret, token),
            invoiceId: beta.id,
            reason: 'forged dispute',
            date: '2026-12-01',
          },
        });
        await expectNothingShown(res, `${what} → ${action}`);
      }
    }
    await s.stack.queue.drain();
    expect(await s.tableItems()).toEqual(before);
  });

  it('refuses a valid link acting on another customer’s invoice, or without its own CSRF token', async () => {
    const before = await s.tableItems();
    const alphaToken = s.portalToken(alpha.customerId);
    const betaToken = s.portalToken(beta.customerId);
    const post = (token: string, action: string, form: Record<string, string>) =>
      s.request(`/portal/${token}/${action}`, {
        method: 'POST',
        authorization: null,
        form: { reason: 'not mine', date: '2026-12-01', ...form },
      });
    for (const action of ['paid', 'promise', 'dispute']) {
      // Alpha's link and its right CSRF token, Beta's invoice id.
      await expectNothingShown(
        await post(alphaToken, action, { _csrf: portalCsrfToken(s.portalSecret, alphaToken), invoiceId: beta.id }),
        `Alpha → Beta ${action}`,
      );
      // Alpha's own invoice, but no token, a wrong one, or Beta's.
      for (const [what, csrf] of [
        ['no CSRF', undefined],
        ['an empty CSRF', ''],
        ['a made-up CSRF', 'A'.repeat(43)],
        ['Beta’s CSRF', portalCsrfToken(s.portalSecret, betaToken)],
      ] as const) {
        const res = await post(alphaToken, action, {
          ...(csrf === undefined ? {} : { _csrf: csrf }),
          invoiceId: alpha.id,
        });
        await expectNothingShown(res, `${what} → ${action}`, 403);
      }
    }
    await s.stack.queue.drain();
    expect(await s.tableItems()).toEqual(before);
    expect((await s.json(`/api/invoices/${alpha.id}`)).state).toBe('open');
    expect((await s.json(`/api/invoices/${beta.id}`)).state).toBe('open');

    // The control: Alpha's link with its CSRF token disputes Alpha's invoice.
    const ok = await post(alphaToken, 'dispute', {
      _csrf: portalCsrfToken(s.portalSecret, alphaToken),
      invoiceId: alpha.id,
    });
    expect(ok.status).toBe(303);
    const disputed = await s.json(`/api/invoices/${alpha.id}`);
    expect(disputed.state).toBe('disputed');
    expect((await s.json(`/api/invoices/${beta.id}`)).state).toBe('open');
  });
});
