import { describe, expect, it } from 'vitest';
import { SellsyEnv } from '#shared/connectors/sellsy/config.ts';
import { companyToSourceCustomer, contentKey, toSourceInvoice } from '#shared/connectors/sellsy/mapping.ts';
import { Company, Contact, Invoice } from '#shared/connectors/sellsy/schemas.ts';
import { SellsyWebhookReceiver, sellsyEvents } from '#shared/connectors/sellsy/webhook.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { MalformedWebhookError } from '#shared/ports/webhook-events.ts';
import { COMPANY_ID, notif, notifForm, SECRET, slCompany, slContacts, slInvoice } from './sellsy-fixtures.ts';

const FILES = 'https://file.sellsy.com';
const AT = new Date('2026-11-23T09:00:00.500Z');
const invoiceOf = (overrides: Record<string, unknown> = {}) => Invoice.parse(slInvoice(FILES, overrides));
const amounts = (total: string, remaining: string) => ({
  amounts: { total_incl_tax: total, total_remaining_due_incl_tax: remaining },
});

describe('Sellsy notifications', () => {
  it.each([
    ['invoice', 'created', 'invoice'],
    ['invoice', 'updated', 'invoice'],
    ['invoice', 'deleted', 'invoice'],
    ['client', 'updated', 'customer'],
    ['payment', 'created', 'payment'],
    ['creditnote', 'created', 'credit_note'],
  ])('%s %s → %s, with a deterministic event id', (type, event, subject) => {
    const body = notifForm(notif(type, 123456, event, 1_763_888_400));
    const [first] = sellsyEvents(body, AT);
    expect(first?.event).toEqual({
      provider: 'sellsy',
      eventId: `${type}:123456:${event}:1763888400`,
      subject,
      ref: { id: '123456' },
      action: event,
      occurredAt: '2025-11-23T09:00:00.000Z',
    });
    // The same notification later: the same id (a redelivery is a duplicate).
    expect(sellsyEvents(body, new Date('2026-11-24T00:00:00Z'))[0]?.event.eventId).toBe(first?.event.eventId);
    expect(JSON.parse(first?.raw ?? '{}')).toMatchObject({ relatedtype: type, relatedid: '123456' });
  });

  it('without a timestamp, the second it was received stands in for it', () => {
    const body = notifForm(notif('invoice', 9, 'updated'));
    expect(sellsyEvents(body, AT)[0]?.event.eventId).toBe('invoice:9:updated:r1795424400');
    expect(sellsyEvents(body, new Date('2026-11-23T09:00:00.900Z'))[0]?.event.eventId).toBe(
      'invoice:9:updated:r1795424400',
    );
    expect(sellsyEvents(body, new Date('2026-11-23T09:05:00Z'))[0]?.event.eventId).not.toBe(
      'invoice:9:updated:r1795424400',
    );
  });

  it('ignores record types that are not about receivables', () => {
    expect(sellsyEvents(notifForm(notif('people', 1, 'updated', 1)), AT)).toEqual([]);
    expect(sellsyEvents(notifForm(notif('item', 1, 'created', 1)), AT)).toEqual([]);
  });

  it.each([
    ['no notif field', 'other=1', /no "notif" field/],
    ['an empty body', '', /no "notif" field/],
    ['notif not JSON', 'notif=This+is+not+a+json+notification', /not valid JSON/],
    ['notif without relatedid', notifForm({ event: 'updated', relatedtype: 'invoice' }), /relatedid/],
    ['a relatedid that is not an id', notifForm(notif('invoice', 'abc', 'updated')), /relatedid/],
  ])('refuses %s', (_label, body, reason) => {
    expect(() => sellsyEvents(body, AT)).toThrow(MalformedWebhookError);
    expect(() => sellsyEvents(body, AT)).toThrow(reason);
  });

  it('authenticates by the path secret only, whatever its length', () => {
    const receiver = new SellsyWebhookReceiver(SECRET);
    const req = (pathSecret?: string) => ({
      method: 'GET',
      header: () => undefined,
      body: new Uint8Array(),
      pathSecret,
    });
    expect(receiver.authenticate(req(SECRET))).toBe(true);
    expect(receiver.authenticate(req(`${SECRET}x`))).toBe(false);
    expect(receiver.authenticate(req('short'))).toBe(false);
    expect(receiver.authenticate(req(undefined))).toBe(false);
  });

  it('refuses a guessable webhook secret in the configuration', () => {
    const env = { SELLSY_CLIENT_ID: 'a', SELLSY_CLIENT_SECRET: 'b' };
    expect(() => loadConfig(SellsyEnv, { ...env, SELLSY_WEBHOOK_SECRET: 'abc' })).toThrow(/SELLSY_WEBHOOK_SECRET/);
    expect(loadConfig(SellsyEnv, { ...env, SELLSY_WEBHOOK_SECRET: SECRET })).toMatchObject({
      SELLSY_API_URL: 'https://api.sellsy.com/v2',
      SELLSY_TOKEN_URL: 'https://login.sellsy.com/oauth2/access-tokens',
    });
  });
});

describe('Sellsy invoice mapping', () => {
  it('reads 3-decimal strings exactly: "2520.000" → 252000 minor units', () => {
    const rec = toSourceInvoice(invoiceOf());
    expect(rec?.invoice).toMatchObject({
      source: 'sellsy',
      externalId: '13122621',
      number: 'F-2611-13122621',
      customer: { externalId: `company:${COMPANY_ID}` },
      issueDate: '2026-11-02',
      dueDate: '2026-12-02',
      currency: 'EUR',
      total: 252000,
      amountPaid: 0,
      voided: false,
    });
    expect(rec?.customerRef).toEqual({ id: `company:${COMPANY_ID}` });
  });

  it.each([
    // The third decimal rounds half away from zero into cents.
    ['0.005', '0.000', 1, 1],
    ['0.004', '0.000', 0, 0],
    ['1234.565', '1000.000', 123457, 23457],
    ['2520.000', '1260.000', 252000, 126000],
    ['999999.999', '0.000', 100000000, 100000000],
  ])('total %s, remaining %s → total %i, paid %i', (total, remaining, minorTotal, paid) => {
    const rec = toSourceInvoice(invoiceOf(amounts(total, remaining)));
    expect(rec?.invoice.total).toBe(minorTotal);
    expect(rec?.invoice.amountPaid).toBe(paid);
  });

  it('paid = total − remaining due, clamped to the total', () => {
    const over = toSourceInvoice(invoiceOf(amounts('100.000', '-5.000')));
    expect(over?.invoice.amountPaid).toBe(10000);
  });

  it('drafts are not recorded; cancelled invoices are voided', () => {
    expect(toSourceInvoice(invoiceOf({ status: 'draft', number: null }))).toBeUndefined();
    expect(toSourceInvoice(invoiceOf({ status: 'cancelled' }))?.invoice.voided).toBe(true);
    expect(toSourceInvoice(invoiceOf({ status: 'late' }))?.invoice.voided).toBe(false);
  });

  it('refuses an unknown status or a float amount instead of guessing', () => {
    expect(Invoice.safeParse(slInvoice(FILES, { status: 'archived' })).success).toBe(false);
    expect(Invoice.safeParse(slInvoice(FILES, amounts('2520.5', 'x'))).success).toBe(false);
  });

  it('version: the update time when Sellsy sends one, none otherwise (created/paid_at do not move on every change)', () => {
    const updated = toSourceInvoice(invoiceOf({ updated: '2026-11-05T10:00:00+01:00' }));
    expect(updated?.invoice.version).toBe('2026-11-05T10:00:00+01:00');
    const plain = toSourceInvoice(
      invoiceOf({ last_payment: { id: 1, paid_at: '2026-11-07T10:55:57+01:00', related: [] } }),
    );
    expect(plain?.invoice.version).toBeUndefined();
    // The catch-up's event id still changes with what the invoice says, and only then.
    const a = toSourceInvoice(invoiceOf());
    const b = toSourceInvoice(invoiceOf());
    const c = toSourceInvoice(invoiceOf(amounts('2520.000', '0.000')));
    expect(a && contentKey(a)).toBe(b && contentKey(b));
    expect(a && contentKey(a)).not.toBe(c && contentKey(c));
  });

  it('a due date before the issue date becomes the issue date; none is the issue date', () => {
    expect(toSourceInvoice(invoiceOf({ due_date: '2026-10-01' }))?.invoice.dueDate).toBe('2026-11-02');
    expect(toSourceInvoice(invoiceOf({ due_date: null }))?.invoice.dueDate).toBe('2026-11-02');
  });
});

describe('Sellsy customer mapping', () => {
  it('legal name, SIREN/SIRET/VAT from legal_france, the given billing contact first', () => {
    const contact = Contact.parse(slContacts[4209873]);
    expect(companyToSourceCustomer(Company.parse(slCompany()), contact)).toEqual({
      source: 'sellsy',
      externalId: `company:${COMPANY_ID}`,
      name: 'Bistro Dupont SARL',
      vatNumber: 'FR40303265045',
      siren: '303265045',
      siret: '30326504500011',
      billingContacts: [
        {
          externalId: 'contact:4209873',
          name: 'Marie Dupont',
          email: 'relances@bistro.example',
          phone: '+33 1 23 45 67 89',
        },
      ],
    });
  });

  it("without any contact, the company's own e-mail receives the reminders", () => {
    const profile = companyToSourceCustomer(Company.parse(slCompany({ legal_france: null })), undefined);
    expect(profile.billingContacts).toEqual([
      {
        externalId: `company:${COMPANY_ID}`,
        name: 'Bistro Dupont SARL',
        email: 'contact@bistro.example',
        phone: '+33 1 00 00 00 00',
      },
    ]);
    expect(profile.siren).toBeUndefined();
  });
});
