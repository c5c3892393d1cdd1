/**
 * Issue #10, provider payloads (Sellsy, QuickBooks, Chargebee, Qonto): the webhook parsers and the record mappers
 * fed mutated copies of the payloads the connector tests use (test/connectors/*-fixtures.ts).
 * Properties:
 *  - a webhook body gives events (each with an event id) or a MalformedWebhookError whose reason names the
 *    field; nothing else, since anything else is a 500 on the webhook route;
 *  - a record that passes its schema maps to an invoice or customer input the domain accepts, or to a typed
 *    refusal (SourceRecordError, a DomainError naming the field) that the worker stores as a failed event; never a
 *    TypeError/RangeError, which the worker would retry forever before dead-lettering it.
 * Seeds are fixed; FUZZ_RUNS multiplies the runs (support/fuzz.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  toSourceCustomer as cbCustomerInput,
  toSourceInvoice as cbInvoiceInput,
} from '#shared/connectors/chargebee/mapping.ts';
import { Customer as CbCustomer, Invoice as CbInvoice } from '#shared/connectors/chargebee/schemas.ts';
import { ChargebeeWebhookReceiver } from '#shared/connectors/chargebee/webhook.ts';
import { qontoLine } from '#shared/connectors/qonto/mapping.ts';
import { QontoTransaction } from '#shared/connectors/qonto/schemas.ts';
import { QontoWebhookReceiver } from '#shared/connectors/qonto/webhook.ts';
import {
  toSourceCustomer as qbCustomerInput,
  toSourceInvoice as qbInvoiceInput,
} from '#shared/connectors/quickbooks/mapping.ts';
import { Customer as QbCustomer, Invoice as QbInvoice } from '#shared/connectors/quickbooks/schemas.ts';
import { quickBooksEvents } from '#shared/connectors/quickbooks/webhook.ts';
import {
  companyToSourceCustomer,
  customerOf,
  individualToSourceCustomer,
  toSourceInvoice as slInvoiceInput,
} from '#shared/connectors/sellsy/mapping.ts';
import { Company, Contact, Individual, Invoice as SlInvoice } from '#shared/connectors/sellsy/schemas.ts';
import { sellsyEvents } from '#shared/connectors/sellsy/webhook.ts';
import { isIsoDate } from '#shared/domain/calendar-date.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { validateSourceData } from '#shared/domain/invoice.ts';
import type { InvoiceInput } from '#shared/ports/invoice-input.ts';
import { type SourceCustomer, SourceRecordError } from '#shared/ports/invoice-source.ts';
import { MalformedWebhookError, type ReceivedEvent } from '#shared/ports/webhook-events.ts';
import { cbCustomer, cbInvoice } from '../connectors/chargebee-fixtures.ts';
import { notifForm, slCompany, slContacts, slInvoice } from '../connectors/sellsy-fixtures.ts';
import {
  isRuntimeCrash,
  jsonBodyText,
  mutatedJson,
  mutateText,
  PROPERTY_TIMEOUT,
  params,
  textMutation,
} from './support/fuzz.ts';
import {
  CB_EVENTS,
  QB_CLOUD,
  QB_LEGACY,
  QB_REALM,
  QONTO_PAYLOADS,
  qontoTx,
  SELLSY_NOTIFS,
} from './support/payloads.ts';

const AT = new Date('2026-11-23T09:00:00Z');
const enc = (s: string) => new TextEncoder().encode(s);

/** A reason that says what is wrong: the part and field at fault, or that the body is not JSON or lacks a field. */
const REASON = /\S: \S|JSON|field|missing/;

/** Runs a parser: its events are checked, a MalformedWebhookError must say what is wrong, anything else fails. */
function eventsOrMalformed(parse: () => ReceivedEvent[]): 'events' | 'malformed' {
  let events: ReceivedEvent[];
  try {
    events = parse();
  } catch (error) {
    if (!(error instanceof MalformedWebhookError)) throw error;
    // "content.invoice: total …", "notif: relatedtype …", "the body is not valid JSON", "… field".
    expect(error.message).toMatch(REASON);
    return 'malformed';
  }
  for (const { event, raw } of events) {
    expect(event.eventId).toEqual(expect.any(String));
    expect(event.eventId).not.toBe('');
    expect(raw).toEqual(expect.any(String));
    if (event.occurredAt !== undefined) expect(event.occurredAt).toEqual(expect.any(String));
  }
  return 'events';
}

function tally(): Record<'events' | 'malformed', number> {
  return { events: 0, malformed: 0 };
}

// ---- Webhook bodies -----------------------------------------------------------------------------------------------

describe('webhook payload parsers', () => {
  it(
    'Sellsy: a mutated notification (form or JSON body) gives events or a reason',
    () => {
      const counts = tally();
      fc.assert(
        fc.property(
          fc.oneof(
            mutatedJson(SELLSY_NOTIFS).map((n) => notifForm(n as Record<string, unknown>)),
            mutatedJson(SELLSY_NOTIFS).map((n) => JSON.stringify({ notif: JSON.stringify(n) })),
            jsonBodyText(SELLSY_NOTIFS),
            fc
              .tuple(fc.constantFrom(...SELLSY_NOTIFS), fc.array(textMutation, { minLength: 1, maxLength: 3 }))
              .map(([n, ms]) => mutateText(notifForm(n), ms)),
          ),
          (body) => {
            counts[eventsOrMalformed(() => sellsyEvents(body, AT))]++;
          },
        ),
        params(0x5e11, 1000),
      );
      expect(counts.events).toBeGreaterThan(0);
      expect(counts.malformed).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'QuickBooks: a mutated legacy or CloudEvents payload gives events or a reason',
    () => {
      const counts = tally();
      fc.assert(
        fc.property(jsonBodyText([QB_LEGACY, QB_CLOUD]), (body) => {
          counts[eventsOrMalformed(() => quickBooksEvents(body))]++;
        }),
        params(0x9b0, 1000),
      );
      expect(counts.events).toBeGreaterThan(0);
      expect(counts.malformed).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'Chargebee: a mutated event of any type gives its event or a reason',
    () => {
      const receiver = new ChargebeeWebhookReceiver({ user: 'u', password: 'p' });
      const counts = tally();
      fc.assert(
        fc.property(jsonBodyText(CB_EVENTS), (body) => {
          counts[
            eventsOrMalformed(() => receiver.parse({ method: 'POST', header: () => undefined, body: enc(body) }))
          ]++;
        }),
        params(0xcb, 1000),
      );
      expect(counts.events).toBeGreaterThan(0);
      expect(counts.malformed).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'Qonto: a mutated transaction notification gives its bank line or a reason',
    async () => {
      const receiver = new QontoWebhookReceiver('secret');
      const counts = tally();
      await fc.assert(
        fc.asyncProperty(jsonBodyText(QONTO_PAYLOADS), async (body) => {
          try {
            const lines = await receiver.lines(enc(body));
            for (const line of lines) {
              expect(Number.isSafeInteger(line.amount.amount)).toBe(true);
              expect(line.amount.currency).toMatch(/^[A-Z]{3}$/);
              expect(line.key).toMatch(/^qonto:./);
              if (line.bookingDate) expect(isIsoDate(line.bookingDate)).toBe(true);
            }
            counts.events++;
          } catch (error) {
            if (!(error instanceof MalformedWebhookError)) throw error;
            expect(error.message).toMatch(REASON);
            counts.malformed++;
          }
        }),
        params(0x9047, 1000),
      );
      expect(counts.events).toBeGreaterThan(0);
      expect(counts.malformed).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );
});

// ---- Record mappers -----------------------------------------------------------------------------------------------

/** What the worker does with a mapped invoice before any write; a typed refusal is a failed event with its reason. */
function acceptedOrRefused(map: () => InvoiceInput | SourceCustomer | undefined): 'mapped' | 'refused' {
  try {
    const input = map();
    if (input && 'issueDate' in input) {
      validateSourceData({ ...input, customerId: 'cus_x' });
      expect(isIsoDate(input.issueDate) && isIsoDate(input.dueDate)).toBe(true);
    } else if (input) {
      expect(input.name.trim()).not.toBe('');
      expect(input.externalId).not.toBe('');
    }
    return 'mapped';
  } catch (error) {
    if (isRuntimeCrash(error)) throw error;
    if (error instanceof SourceRecordError || error instanceof DomainError) return 'refused';
    throw error;
  }
}

/** Mutations that pass the schema reach the mapper; the others are refused by the schema (tested with the webhooks). */
function mapperProperty<T>(
  seeds: unknown[],
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  map: (record: T) => InvoiceInput | SourceCustomer | undefined,
  seed: number,
) {
  const counts = { mapped: 0, refused: 0, schema: 0 };
  fc.assert(
    fc.property(mutatedJson(seeds), (record) => {
      const parsed = schema.safeParse(record);
      if (!parsed.success) {
        counts.schema++;
        return;
      }
      counts[acceptedOrRefused(() => map(parsed.data))]++;
    }),
    params(seed, 1000),
  );
  expect(counts.mapped).toBeGreaterThan(0);
}

describe('provider record mappers', () => {
  it(
    'Sellsy invoices map to a valid input or a typed refusal',
    () => {
      const seeds = [
        slInvoice('https://file.sellsy.com'),
        slInvoice('https://file.sellsy.com', { status: 'paid', updated: '2026-11-20T10:00:00+01:00' }),
        slInvoice('https://file.sellsy.com', {
          currency: 'JPY',
          amounts: { total_incl_tax: '12000', total_remaining_due_incl_tax: '0.500' },
        }),
      ];
      mapperProperty(
        seeds,
        SlInvoice,
        (invoice) => {
          customerOf(invoice);
          return slInvoiceInput(invoice)?.invoice;
        },
        0x51a1,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'Sellsy companies and individuals map to a customer or a typed refusal',
    () => {
      const contact = Contact.parse(Object.values(slContacts)[0]);
      mapperProperty(
        [slCompany(), slCompany({ legal_france: null, email: null })],
        Company,
        (company) => companyToSourceCustomer(company, contact),
        0x51a2,
      );
      const person = { id: 12, first_name: 'Léa', last_name: 'Roux', email: 'lea@example.fr', phone_number: null };
      mapperProperty([person], Individual, (individual) => individualToSourceCustomer(individual, undefined), 0x51a3);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'QuickBooks invoices and customers map to a valid input or a typed refusal',
    () => {
      const invoice = {
        Id: '1234',
        SyncToken: '0',
        DocNumber: 'F-2026-101',
        TxnDate: '2026-11-02',
        DueDate: '2026-12-02',
        TotalAmt: 1234.56,
        Balance: 1234.56,
        CurrencyRef: { value: 'EUR', name: 'Euro' },
        CustomerRef: { value: '58', name: 'Bistro Dupont' },
        BillEmail: { Address: 'factures@bistro.example' },
        MetaData: { CreateTime: '2026-11-02T09:00:00-08:00', LastUpdatedTime: '2026-11-02T09:00:00-08:00' },
      };
      mapperProperty(
        [invoice, { ...invoice, TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' }],
        QbInvoice,
        (i) => qbInvoiceInput(QB_REALM, i, 'EUR').invoice,
        0x9b1,
      );
      const customer = {
        Id: '58',
        SyncToken: '3',
        DisplayName: 'Bistro Dupont',
        CompanyName: 'Bistro Dupont SARL',
        GivenName: 'Marie',
        FamilyName: 'Dupont',
        PrimaryEmailAddr: { Address: 'marie@bistro.example' },
        BillAddr: { Line1: '1 rue de la Paix', City: 'Paris', PostalCode: '75002', Country: 'FR' },
        MetaData: { LastUpdatedTime: '2026-10-01T10:00:00Z' },
      };
      mapperProperty([customer], QbCustomer, (c) => qbCustomerInput(QB_REALM, c), 0x9b2);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'Chargebee invoices and customers map to a valid input or a typed refusal',
    () => {
      mapperProperty(
        [cbInvoice(), cbInvoice({ status: 'voided', due_date: undefined })],
        CbInvoice,
        (i) => cbInvoiceInput(i).invoice,
        0xcb1,
      );
      mapperProperty([cbCustomer()], CbCustomer, (c) => cbCustomerInput(c), 0xcb2);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'Qonto transactions map to a well-formed bank line or a typed refusal',
    () => {
      const counts = { mapped: 0, refused: 0 };
      fc.assert(
        fc.property(mutatedJson([qontoTx]), (record) => {
          const parsed = QontoTransaction.safeParse(record);
          if (!parsed.success) return;
          try {
            const line = qontoLine(parsed.data);
            expect(Number.isSafeInteger(line.amount.amount)).toBe(true);
            if (line.bookingDate) expect(isIsoDate(line.bookingDate)).toBe(true);
            counts.mapped++;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            counts.refused++;
          }
        }),
        params(0x9048, 1000),
      );
      expect(counts.mapped).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );
});
