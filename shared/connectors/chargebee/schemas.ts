/**
 * Chargebee payloads (INTEGRATIONS.md §3.2, §3.4): only the fields we read are declared; everything else the
 * provider sends passes through untouched. Amounts are integers in minor units, times Unix seconds.
 */
import * as z from '#shared/platform/zod.ts';

const minor = z.number().check(z.int(), z.nonnegative());
/** Unix seconds up to 9999-12-31T23:59:59Z: a later instant is no calendar date (and no JavaScript Date past 275760). */
const unixSeconds = z.number().check(z.int(), z.nonnegative(), z.lte(253402300799));
const nonEmpty = () => z.string().check(z.minLength(1));
const optionalString = () => z.optional(z.string());

export const BillingAddress = z.looseObject({
  first_name: optionalString(),
  last_name: optionalString(),
  email: optionalString(),
  company: optionalString(),
  phone: optionalString(),
  line1: optionalString(),
  line2: optionalString(),
  line3: optionalString(),
  city: optionalString(),
  zip: optionalString(),
  country: optionalString(),
});

/** [V] Invoice (§3.4). */
export const Invoice = z.looseObject({
  id: nonEmpty(),
  customer_id: nonEmpty(),
  status: z.enum(['paid', 'posted', 'payment_due', 'not_paid', 'voided', 'pending']),
  date: unixSeconds,
  due_date: z.optional(unixSeconds),
  currency_code: z.string().check(z.regex(/^[A-Z]{3}$/)),
  total: minor,
  amount_paid: z._default(minor, 0),
  amount_adjusted: z._default(minor, 0),
  credits_applied: z._default(minor, 0),
  write_off_amount: z._default(minor, 0),
  amount_due: z.optional(minor),
  vat_number: optionalString(),
  resource_version: z.optional(z.number().check(z.int(), z.nonnegative())),
  updated_at: z.optional(unixSeconds),
  deleted: z._default(z.boolean(), false),
  billing_address: z.optional(BillingAddress),
});
export type Invoice = z.infer<typeof Invoice>;

/** [U] Customer: not in the facts sheet; the standard fields of Chargebee's customer resource. */
export const Customer = z.looseObject({
  id: nonEmpty(),
  first_name: optionalString(),
  last_name: optionalString(),
  email: optionalString(),
  phone: optionalString(),
  company: optionalString(),
  vat_number: optionalString(),
  billing_address: z.optional(BillingAddress),
  resource_version: z.optional(z.number().check(z.int(), z.nonnegative())),
  deleted: z.optional(z.boolean()),
});
export type Customer = z.infer<typeof Customer>;

/** [V] Transaction (§3.4). */
export const Transaction = z.looseObject({
  id: nonEmpty(),
  linked_invoices: z._default(z.array(z.looseObject({ invoice_id: nonEmpty() })), []),
});

/** [V] CreditNote (§3.4); `allocations[].invoice_id` is [U]. */
export const CreditNote = z.looseObject({
  id: nonEmpty(),
  reference_invoice_id: optionalString(),
  allocations: z._default(z.array(z.looseObject({ invoice_id: optionalString() })), []),
});

/** [V] The webhook envelope (§3.2). */
export const Event = z.looseObject({
  id: nonEmpty(),
  occurred_at: unixSeconds,
  event_type: nonEmpty(),
  api_version: optionalString(),
  content: z.looseObject({
    invoice: z.optional(z.unknown()),
    customer: z.optional(z.unknown()),
    transaction: z.optional(z.unknown()),
    credit_note: z.optional(z.unknown()),
  }),
});
export type Event = z.infer<typeof Event>;

export const PdfDownload = z.looseObject({
  download: z.looseObject({ download_url: z.url(), mime_type: optionalString() }),
});

export const InvoiceList = z.looseObject({
  list: z.array(z.looseObject({ invoice: z.unknown() })),
  next_offset: optionalString(),
});
