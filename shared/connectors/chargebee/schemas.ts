/**
 * Chargebee payloads (INTEGRATIONS.md §3.2, §3.4): only the fields we read are declared; everything else the
 * provider sends passes through untouched. Amounts are integers in minor units, times Unix seconds.
 */
import { z } from 'zod';

const minor = z.number().int().nonnegative();
const unixSeconds = z.number().int().nonnegative();

export const BillingAddress = z.looseObject({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  email: z.string().optional(),
  company: z.string().optional(),
  phone: z.string().optional(),
  line1: z.string().optional(),
  line2: z.string().optional(),
  line3: z.string().optional(),
  city: z.string().optional(),
  zip: z.string().optional(),
  country: z.string().optional(),
});

/** [V] Invoice (§3.4). */
export const Invoice = z.looseObject({
  id: z.string().min(1),
  customer_id: z.string().min(1),
  status: z.enum(['paid', 'posted', 'payment_due', 'not_paid', 'voided', 'pending']),
  date: unixSeconds,
  due_date: unixSeconds.optional(),
  currency_code: z.string().regex(/^[A-Z]{3}$/),
  total: minor,
  amount_paid: minor.default(0),
  amount_adjusted: minor.default(0),
  credits_applied: minor.default(0),
  write_off_amount: minor.default(0),
  amount_due: minor.optional(),
  vat_number: z.string().optional(),
  resource_version: z.number().int().nonnegative().optional(),
  updated_at: unixSeconds.optional(),
  deleted: z.boolean().default(false),
  billing_address: BillingAddress.optional(),
});
export type Invoice = z.infer<typeof Invoice>;

/** [U] Customer: not in the facts sheet; the standard fields of Chargebee's customer resource. */
export const Customer = z.looseObject({
  id: z.string().min(1),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  company: z.string().optional(),
  vat_number: z.string().optional(),
  billing_address: BillingAddress.optional(),
  resource_version: z.number().int().nonnegative().optional(),
  deleted: z.boolean().optional(),
});
export type Customer = z.infer<typeof Customer>;

/** [V] Transaction (§3.4). */
export const Transaction = z.looseObject({
  id: z.string().min(1),
  linked_invoices: z.array(z.looseObject({ invoice_id: z.string().min(1) })).default([]),
});

/** [V] CreditNote (§3.4); `allocations[].invoice_id` is [U]. */
export const CreditNote = z.looseObject({
  id: z.string().min(1),
  reference_invoice_id: z.string().optional(),
  allocations: z.array(z.looseObject({ invoice_id: z.string().optional() })).default([]),
});

/** [V] The webhook envelope (§3.2). */
export const Event = z.looseObject({
  id: z.string().min(1),
  occurred_at: unixSeconds,
  event_type: z.string().min(1),
  api_version: z.string().optional(),
  content: z.looseObject({
    invoice: z.unknown().optional(),
    customer: z.unknown().optional(),
    transaction: z.unknown().optional(),
    credit_note: z.unknown().optional(),
  }),
});
export type Event = z.infer<typeof Event>;

export const PdfDownload = z.looseObject({
  download: z.looseObject({ download_url: z.url(), mime_type: z.string().optional() }),
});

export const InvoiceList = z.looseObject({
  list: z.array(z.looseObject({ invoice: z.unknown() })),
  next_offset: z.string().optional(),
});
