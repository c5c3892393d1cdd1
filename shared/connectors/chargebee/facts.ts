/**
 * Chargebee facts this connector relies on (INTEGRATIONS.md §3), in one place so a wrong one is fixed here.
 * [V] verified, [S] seen in real code, [U] unverified — the [U] ones are the first to check against a real site.
 */
export const SOURCE = 'chargebee';

/** [V] Base path under the site URL (https://{site}.chargebee.com). */
export const API_PATH = '/api/v2';

/** [V] Event types by what they concern (SDK enum, §3.2). Other types (subscriptions, …) are not ours: ignored. */
export const INVOICE_EVENTS = new Set([
  'invoice_generated',
  'invoice_generated_with_backdating',
  'invoice_updated',
  'invoice_deleted',
  'pending_invoice_created',
  'pending_invoice_updated',
  'payment_due_reminder',
  'netd_payment_due_reminder',
  'unbilled_charges_invoiced',
]);
export const PAYMENT_EVENTS = new Set([
  'payment_succeeded',
  'payment_failed',
  'payment_initiated',
  'payment_refunded',
  'refund_initiated',
  'tax_withheld_refunded',
]);
export const CREDIT_NOTE_EVENTS = new Set([
  'credit_note_created',
  'credit_note_created_with_backdating',
  'credit_note_updated',
  'credit_note_deleted',
]);
export const CUSTOMER_EVENTS = new Set(['customer_created', 'customer_changed', 'customer_deleted']);

/**
 * [U] Retrieve endpoints (standard Chargebee v2 routes, not in the facts sheet): used only where a webhook did
 * not carry the record (credit notes, invoices a payment settles beyond the one in the event, catch-up
 * customers). Their answers are `{"invoice": …}`, `{"customer": …}`, `{"transaction": …}`, `{"credit_note": …}`.
 */
export const RETRIEVE = {
  invoice: (id: string) => `/invoices/${encodeURIComponent(id)}`,
  customer: (id: string) => `/customers/${encodeURIComponent(id)}`,
  transaction: (id: string) => `/transactions/${encodeURIComponent(id)}`,
  creditNote: (id: string) => `/credit_notes/${encodeURIComponent(id)}`,
};

/** [V] `POST /invoices/{id}/pdf` → `{"download": {"download_url", "valid_till", "mime_type"}}`. */
export const pdfPath = (id: string) => `/invoices/${encodeURIComponent(id)}/pdf`;

/** [V] Catch-up: `GET /invoices?updated_at[after]=…&sort_by[asc]=updated_at`, `{"list": [...], "next_offset"}`. */
export const LIST_PAGE_SIZE = 100;

/** How far back the first import looks (a decision, not a provider fact). */
export const FIRST_IMPORT_DAYS = 365;

/**
 * [U] Dates are Unix seconds; the calendar day is read in the site's time zone, which we assume is the
 * company's (Europe/Paris for our customers).
 */
export const SITE_TIME_ZONE = 'Europe/Paris';

/**
 * [V] Rate limits are per minute (test site 150); on 429 Chargebee gives no documented wait [U], so a short
 * wait then back-off, and the queue's redelivery beyond that.
 */
export const RATE_LIMIT_WAIT_MS = 5_000;
