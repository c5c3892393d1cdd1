/**
 * QuickBooks Online facts this connector relies on (INTEGRATIONS.md §2), in one place.
 * [V] verified, [S] seen in real code, [U] unverified — the [U] ones are the first to check.
 */
export const SOURCE = 'quickbooks';

/** [V] Production API (sandbox: https://sandbox-quickbooks.api.intuit.com). */
export const DEFAULT_API_URL = 'https://quickbooks.api.intuit.com';
/** [S] Token endpoint for code exchange and refresh (Basic client_id:client_secret, form body). */
export const DEFAULT_TOKEN_URL = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';
/** [V] Minor versions 1–74 are discontinued since 1 Aug 2025. */
export const MINOR_VERSION = '75';
/** [V] HTTP 429 → wait 60 s. */
export const RATE_LIMIT_WAIT_MS = 60_000;
/** [V] CDC looks back at most 30 days. */
export const CDC_MAX_LOOKBACK_MS = 30 * 86_400_000;
export const CDC_ENTITIES = 'Invoice,Payment,CreditMemo,Customer';
/** [V] Query pages hold at most 1000 rows. */
export const QUERY_PAGE_SIZE = 1000;
/** [S] `400 {"error":"invalid_grant"}` on refresh: the company must be reconnected. */
export const INVALID_GRANT = 'invalid_grant';
/** [U] Fault code QuickBooks answers for an object that does not exist (deleted). */
export const OBJECT_NOT_FOUND_CODE = '610';
/** [U] A voided invoice keeps its Id with zero amounts and this private note. */
export const VOIDED_NOTE = /voided/i;

/** [V] Webhook entities we handle, by QuickBooks name (legacy `name`, CloudEvents `qbo.<lowercase>.…`). */
export const SUBJECTS = {
  invoice: 'invoice',
  customer: 'customer',
  payment: 'payment',
  creditmemo: 'credit_note',
} as const;

/**
 * [V] CloudEvents `type` = `qbo.<entity>.<operation past tense>.v1`; `created` is confirmed, `updated`,
 * `deleted`, `voided`, `merged` are [U] by analogy — any operation is accepted, the record is re-read anyway.
 */
export const CLOUD_EVENT_TYPE = /^qbo\.([a-z]+)\.([a-z]+)\.v\d+$/;
