/**
 * Request bodies of the HTTP API (DESIGN.md §4). Strict objects: an unknown field is an error naming it, never
 * silently stored. Amounts are integers in minor units; dates YYYY-MM-DD.
 */
import { z } from 'zod';
import { isIsoDate } from '#shared/domain/calendar-date.ts';

const isoDate = z.string().refine(isIsoDate, { message: 'must be a calendar date YYYY-MM-DD' });
const minorUnits = z
  .number({ message: 'must be an integer number of minor units' })
  .int({ message: 'must be an integer number of minor units' })
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().min(1).max(max);

export const CustomerRefBody = z.strictObject({
  externalId: text(200).optional(),
  name: text(300),
  email: z.email().max(320).optional(),
  contactName: text(200).optional(),
  phone: text(40).optional(),
  vatNumber: text(20).optional(),
  siren: text(20).optional(),
  siret: text(20).optional(),
  language: z.enum(['fr', 'en']).optional(),
  timeZone: text(64).optional(),
  segment: text(64).optional(),
});

export const InvoiceBody = z.strictObject({
  source: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'lower-case letters, digits, - and _ (max 64)' }),
  externalId: text(200),
  number: text(100),
  customer: CustomerRefBody,
  issueDate: isoDate,
  dueDate: isoDate,
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as EUR' }),
  total: minorUnits,
  amountPaid: minorUnits.default(0),
  credited: minorUnits.optional(),
  voided: z.boolean().optional(),
  version: z.union([z.number().int().nonnegative(), text(40)]).optional(),
});

const ContactBody = z.strictObject({
  id: text(64),
  name: text(200),
  email: z.email().max(320).optional(),
  phone: text(40).optional(),
  role: z.enum(['billing', 'accounting', 'management', 'other']),
  primary: z.boolean(),
  /** Set by e-mail tracking; a person may clear it ('ok') once the mailbox is fixed. */
  emailStatus: z.enum(['ok', 'bounced', 'complained']).optional(),
  wrongContact: z.boolean().optional(),
});

const AddressBody = z.strictObject({
  lines: z.array(text(200)).max(4),
  postalCode: text(16).optional(),
  city: text(100).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 alpha-2 code' }),
});

export const CustomerPatchBody = z
  .strictObject({
    legalName: text(300),
    siren: text(20).nullable(),
    siret: text(20).nullable(),
    vatNumber: text(20).nullable(),
    address: AddressBody.nullable(),
    language: z.enum(['fr', 'en']),
    timeZone: text(64),
    segment: text(64),
    contacts: z.array(ContactBody).max(50),
    planId: text(64).nullable(),
    pausedUntil: isoDate.nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });

export const InvoiceListQuery = z.strictObject({
  status: z
    .enum([
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
    ])
    .optional(),
  customerId: text(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: text(2000).optional(),
});

export const CustomerListQuery = z.strictObject({
  search: text(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: text(2000).optional(),
});
