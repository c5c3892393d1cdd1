/**
 * Sellsy API v2 facts this connector relies on (INTEGRATIONS.md §1), in one place so a wrong one is fixed here.
 * [V] verified, [S] seen in real code or recorded traffic, [U] unverified — the [U] ones are the first to check
 * against a real account (`GET /v2/webhooks/events` for the event names, a real invoice for `updated`).
 */
import type { SourceSubject } from '#shared/ports/invoice-source.ts';

export const SOURCE = 'sellsy';

/** [S] Base URL of API v2. */
export const DEFAULT_API_URL = 'https://api.sellsy.com/v2';
/** [S] Token endpoint: `grant_type=client_credentials&client_id=…&client_secret=…`, form-encoded. */
export const DEFAULT_TOKEN_URL = 'https://login.sellsy.com/oauth2/access-tokens';

/**
 * [U] Token lifetime: never hard-coded, `expires_in` (seconds) is read from every token response. A token is
 * reused until this margin before it expires (halved for very short lifetimes), and refreshed once on a 401.
 */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;

/** [S] Invoice statuses. `payinprogress` = partially paid. */
export const INVOICE_STATUSES = ['draft', 'due', 'payinprogress', 'paid', 'late', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** What each status means to us: drafts are not receivables (not recorded), cancelled ones are voided. */
export const STATUS_MEANING: Readonly<Record<InvoiceStatus, 'skip' | 'void' | 'record'>> = {
  draft: 'skip',
  due: 'record',
  payinprogress: 'record',
  paid: 'record',
  late: 'record',
  cancelled: 'void',
};
/** [S] The catch-up lists invoices still expecting money (`POST /invoices/search`, `filters.status`). */
export const OPEN_STATUSES: readonly InvoiceStatus[] = ['due', 'payinprogress', 'late'];

/** [S] Search pages: default 25; clients use 100 (the maximum is [U]). */
export const PAGE_SIZE = 100;

/**
 * [U] Update time of an invoice, company or individual: not in the recorded invoice; read when present under
 * one of these names. Without it, an invoice carries no version (see mapping.ts).
 */
export const UPDATED_FIELDS = ['updated', 'updated_at'] as const;

/**
 * [S] Quota headers on every answer; 429 when exceeded. Absolute limits unknown. Clients back off 1–2 s on a
 * 429 that gives no Retry-After.
 */
export const QUOTA_HEADERS = {
  second: 'x-quota-remaining-by-second',
  minute: 'x-quota-remaining-by-minute',
  day: 'x-quota-remaining-by-day',
} as const;
export const RATE_LIMIT_WAIT_MS = 2_000;
/** Wait before the next call once a quota window is used up (the window's length). */
export const QUOTA_WAIT_MS = { second: 1_000, minute: 60_000 } as const;

/** [S] Webhook deliveries: form-encoded, one field holding the notification as JSON text. */
export const NOTIF_FIELD = 'notif';

/**
 * [U] `relatedtype` values we handle and what they concern. `client` is [S]; the document and payment names
 * are Sellsy v1 object names by analogy (the exact ones must be read from `GET /v2/webhooks/events`). Other
 * types (`people`, `item`, `prospect`, …) are not about receivables: ignored.
 */
export const RELATED_TYPES: Readonly<Record<string, SourceSubject>> = {
  invoice: 'invoice',
  client: 'customer',
  company: 'customer',
  individual: 'customer',
  payment: 'payment',
  creditnote: 'credit_note',
  credit_note: 'credit_note',
};

/**
 * [U] Endpoints not in the facts sheet beyond their existence: `GET /payments/{id}` and
 * `GET /credit-notes/{id}` (their `related[]` lists the invoices they apply to, by analogy with invoices).
 */
export const PATHS = {
  invoice: (id: string) => `/invoices/${encodeURIComponent(id)}`,
  invoiceSearch: '/invoices/search',
  creditNoteSearch: '/credit-notes/search',
  company: (id: string) => `/companies/${encodeURIComponent(id)}`,
  individual: (id: string) => `/individuals/${encodeURIComponent(id)}`,
  contact: (id: string) => `/contacts/${encodeURIComponent(id)}`,
  payment: (id: string) => `/payments/${encodeURIComponent(id)}`,
  creditNote: (id: string) => `/credit-notes/${encodeURIComponent(id)}`,
};

/**
 * [U] Invoice dates are calendar days already; instants (created, paid_at) carry their offset. Dates for the
 * credit-note search are read in the company's time zone, assumed to be Paris.
 */
export const ACCOUNT_TIME_ZONE = 'Europe/Paris';
