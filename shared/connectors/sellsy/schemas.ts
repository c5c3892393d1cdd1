/**
 * Sellsy API v2 payloads (INTEGRATIONS.md §1): only the fields we read are declared; everything else passes
 * through untouched. Ids are integers (strings in webhook notifications): both are read as strings. Amounts are
 * decimal strings in major units ("2520.000"), never parsed as floats. Sellsy answers `null` for empty fields.
 */
import * as z from '#shared/platform/zod.ts';
import { INVOICE_STATUSES } from './facts.ts';

const digits = () => z.string().check(z.regex(/^\d+$/));
const id = z.pipe(
  z.union([z.number().check(z.int(), z.nonnegative()), digits()]),
  z.transform((value: number | string) => String(value)),
);
const text = z.nullish(z.string());
const decimal = z.string().check(z.regex(/^\s*-?\d+(\.\d+)?\s*$/, { error: 'expected a decimal string' }));
const related = z._default(z.array(z.looseObject({ type: z.string(), id })), []);
const label = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/** [S] The invoice (fields of a recorded v2 response). `updated`/`updated_at` are [U]. */
export const Invoice = z.looseObject({
  id,
  number: text,
  status: z.enum(INVOICE_STATUSES),
  date: z.string(),
  due_date: text,
  created: text,
  updated: text,
  updated_at: text,
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  related,
  contact_id: z.nullish(id),
  amounts: z.looseObject({
    total_incl_tax: decimal,
    total_remaining_due_incl_tax: decimal,
  }),
  pdf_link: text,
  last_payment: z.nullish(z.looseObject({ paid_at: text })),
});
export type Invoice = z.infer<typeof Invoice>;

const legalFrance = z.nullish(
  z.looseObject({
    siret: text,
    siren: text,
    vat: text,
  }),
);

const contactIds = {
  dunning_contact_id: z.nullish(id),
  invoicing_contact_id: z.nullish(id),
  main_contact_id: z.nullish(id),
};

/** [S] A company (`type` client/prospect/supplier; legal identifiers under `legal_france`). */
export const Company = z.looseObject({
  id,
  name: text,
  email: text,
  phone_number: text,
  mobile_number: text,
  legal_france: legalFrance,
  ...contactIds,
});
export type Company = z.infer<typeof Company>;

/** [S]/[U] A private person as a customer: the person is their own billing contact. */
export const Individual = z.looseObject({
  id,
  first_name: text,
  last_name: text,
  email: text,
  phone_number: text,
  mobile_number: text,
  ...contactIds,
});
export type Individual = z.infer<typeof Individual>;

/** [S] A contact (a person at a company). */
export const Contact = z.looseObject({
  id,
  civility: text,
  first_name: text,
  last_name: text,
  email: text,
  phone_number: text,
  mobile_number: text,
});
export type Contact = z.infer<typeof Contact>;

/** [S] A payment (`GET /invoices/{id}/payments`, `last_payment`); `related[]` names the invoices it settles. */
export const Payment = z.looseObject({
  id,
  paid_at: text,
  related,
});

/** [S] A credit note: same `amounts`/`related` structure as invoices; `parent` is [U] by analogy. */
export const CreditNote = z.looseObject({
  id,
  date: text,
  related,
  parent: z.nullish(z.looseObject({ type: z.string(), id })),
});
export type CreditNote = z.infer<typeof CreditNote>;

/** [S] List and search envelope; `pagination.offset` is an opaque cursor to send back, null at the end. */
export const Page = z.looseObject({
  data: z.array(z.unknown()),
  pagination: z.nullish(
    z.looseObject({
      offset: z.nullish(z.string()),
      total: z.optional(z.number()),
    }),
  ),
});

/** [S] Token response; `expires_in` in seconds ([U] value, read each time). */
export const TokenResponse = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.optional(z.string()),
  expires_in: z.coerce.number().check(z.int(), z.positive()),
});

/**
 * [S] The webhook notification (`notif` form field, JSON text): `event`, `relatedtype`, `relatedid` are seen in
 * working code; `timestamp` (Unix seconds) is [U] and optional.
 */
export const Notif = z.looseObject({
  event: label(),
  relatedtype: label(),
  relatedid: id,
  timestamp: z.optional(z.union([z.number().check(z.int(), z.nonnegative()), digits()])),
});
export type Notif = z.infer<typeof Notif>;
