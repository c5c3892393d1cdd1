/**
 * Request bodies of the HTTP API (DESIGN.md §4). Strict objects: an unknown field is an error naming it, never
 * silently stored. Amounts are integers in minor units; dates YYYY-MM-DD.
 */
import { BUSINESS_YEARS, isBusinessDate } from '#shared/domain/calendar-date.ts';
import * as z from '#shared/platform/zod.ts';

const isoDate = z.string().check(
  z.refine(isBusinessDate, {
    error: `must be a calendar date YYYY-MM-DD between ${BUSINESS_YEARS.min} and ${BUSINESS_YEARS.max}`,
  }),
);
const minorUnits = z
  .number({ error: 'must be an integer number of minor units' })
  .check(z.int({ error: 'must be an integer number of minor units' }), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const email = () => z.email().check(z.maxLength(320));

export const CustomerRefBody = z.strictObject({
  externalId: z.optional(text(200)),
  name: text(300),
  email: z.optional(email()),
  contactName: z.optional(text(200)),
  phone: z.optional(text(40)),
  vatNumber: z.optional(text(20)),
  siren: z.optional(text(20)),
  siret: z.optional(text(20)),
  language: z.optional(z.enum(['fr', 'en'])),
  timeZone: z.optional(text(64)),
  segment: z.optional(text(64)),
});

export const InvoiceBody = z.strictObject({
  source: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { error: 'lower-case letters, digits, - and _ (max 64)' })),
  externalId: text(200),
  number: text(100),
  customer: CustomerRefBody,
  issueDate: isoDate,
  dueDate: isoDate,
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as EUR' })),
  total: minorUnits,
  amountPaid: z._default(minorUnits, 0),
  credited: z.optional(minorUnits),
  voided: z.optional(z.boolean()),
  version: z.optional(z.union([z.number().check(z.int(), z.nonnegative()), text(40)])),
});

const ContactBody = z.strictObject({
  id: text(64),
  name: text(200),
  email: z.optional(email()),
  phone: z.optional(text(40)),
  role: z.enum(['billing', 'accounting', 'management', 'other']),
  primary: z.boolean(),
  /** Set by e-mail tracking; a person may clear it ('ok') once the mailbox is fixed. */
  emailStatus: z.optional(z.enum(['ok', 'bounced', 'complained'])),
  wrongContact: z.optional(z.boolean()),
});

const AddressBody = z.strictObject({
  lines: z.array(text(200)).check(z.maxLength(4)),
  postalCode: z.optional(text(16)),
  city: z.optional(text(100)),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 alpha-2 code' })),
});

export const CustomerPatchBody = z
  .partial(
    z.strictObject({
      legalName: text(300),
      siren: z.nullable(text(20)),
      siret: z.nullable(text(20)),
      vatNumber: z.nullable(text(20)),
      address: z.nullable(AddressBody),
      language: z.enum(['fr', 'en']),
      timeZone: text(64),
      segment: text(64),
      contacts: z.array(ContactBody).check(z.maxLength(50)),
      planId: z.nullable(text(64)),
      /** `null` marks a customer created from a PDF as checked. */
      needsReview: z.null(),
      pausedUntil: z.nullable(isoDate),
    }),
  )
  .check(z.refine((patch) => Object.keys(patch).length > 0, { error: 'at least one field is required' }));

/** A page size in a query string (`?limit=50`). */
const limit = (max: number) => z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(max)));

export const InvoiceListQuery = z.strictObject({
  status: z.optional(
    z.enum([
      'collectible',
      'all',
      'not_yet_due',
      'due',
      'overdue',
      'open',
      'partially_paid',
      'paid',
      'disputed',
      'promised',
      'in_payment_plan',
      'in_collection',
      'written_off',
      'void',
    ]),
  ),
  customerId: z.optional(text(64)),
  limit: limit(1000),
  cursor: z.optional(text(2000)),
});

export const CustomerListQuery = z.strictObject({
  search: z.optional(text(100)),
  limit: limit(1000),
  cursor: z.optional(text(2000)),
});

const WEBHOOK_PROVIDERS = ['sellsy', 'quickbooks', 'chargebee'] as const;

export const FailedEventsQuery = z.strictObject({
  provider: z.optional(z.enum(WEBHOOK_PROVIDERS)),
  limit: limit(1000),
  cursor: z.optional(text(2000)),
});

/** Replays every failed event, or one provider's. */
export const ReplayEventsBody = z.strictObject({
  provider: z.optional(z.enum(WEBHOOK_PROVIDERS)),
});
