/** Chargebee webhook and API payloads shaped as INTEGRATIONS.md §3.2 and §3.4 describe them. */
export const CB_USER = 'relance-hooks';
export const CB_PASSWORD = 'hook-password-123';
export const basic = (user = CB_USER, password = CB_PASSWORD) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// 2026-11-02T10:00:00Z and +30 days
export const ISSUED = 1793613600;
export const DUE = ISSUED + 30 * 86400;

export function cbInvoice(overrides: Record<string, unknown> = {}) {
  return {
    id: 'INV-1001',
    customer_id: 'cust_acme',
    subscription_id: 'sub_1',
    recurring: true,
    status: 'payment_due',
    date: ISSUED,
    due_date: DUE,
    net_term_days: 30,
    price_type: 'tax_exclusive',
    currency_code: 'EUR',
    exchange_rate: 1,
    tax: 20000,
    sub_total: 100000,
    total: 120000,
    amount_due: 120000,
    amount_paid: 0,
    amount_adjusted: 0,
    credits_applied: 0,
    write_off_amount: 0,
    amount_to_collect: 120000,
    dunning_status: 'in_progress',
    generated_at: ISSUED,
    updated_at: ISSUED,
    resource_version: 1793613600000,
    deleted: false,
    line_items: [],
    linked_payments: [],
    billing_address: {
      first_name: 'Claire',
      last_name: 'Martin',
      email: 'compta@acme.example',
      company: 'Acme SAS',
      line1: '1 rue de la Paix',
      city: 'Paris',
      zip: '75002',
      country: 'FR',
      validation_status: 'not_validated',
    },
    ...overrides,
  };
}

export function cbCustomer(overrides: Record<string, unknown> = {}) {
  return {
    id: 'cust_acme',
    first_name: 'Paul',
    last_name: 'Durand',
    email: 'paul@acme.example',
    company: 'Acme SAS',
    vat_number: 'FR40303265045',
    resource_version: 1793600000000,
    billing_address: {
      first_name: 'Claire',
      last_name: 'Martin',
      email: 'compta@acme.example',
      company: 'Acme SAS',
      line1: '1 rue de la Paix',
      city: 'Paris',
      zip: '75002',
      country: 'FR',
    },
    ...overrides,
  };
}

export function cbTransaction(overrides: Record<string, unknown> = {}) {
  return {
    id: 'txn_1',
    customer_id: 'cust_acme',
    payment_method: 'card',
    gateway: 'stripe',
    type: 'payment',
    date: ISSUED + 86400,
    currency_code: 'EUR',
    amount: 120000,
    status: 'success',
    linked_invoices: [{ invoice_id: 'INV-1001', applied_amount: 120000, applied_at: ISSUED + 86400 }],
    ...overrides,
  };
}

export function cbCreditNote(overrides: Record<string, unknown> = {}) {
  return {
    id: 'CN-1',
    customer_id: 'cust_acme',
    reference_invoice_id: 'INV-1001',
    type: 'adjustment',
    status: 'adjusted',
    date: ISSUED + 2 * 86400,
    currency_code: 'EUR',
    total: 20000,
    amount_allocated: 20000,
    ...overrides,
  };
}

export function cbEvent(id: string, eventType: string, content: Record<string, unknown>, occurredAt = ISSUED) {
  return {
    id,
    occurred_at: occurredAt,
    source: 'scheduled_job',
    object: 'event',
    api_version: 'v2',
    event_type: eventType,
    webhook_status: 'scheduled',
    content,
  };
}

/** The content each named event type carries (§3.2): invoice (+customer), payment, credit note, customer. */
export function contentFor(eventType: string): Record<string, unknown> {
  if (eventType.startsWith('credit_note')) return { credit_note: cbCreditNote() };
  if (eventType.startsWith('customer')) return { customer: cbCustomer() };
  if (/payment_(succeeded|failed|initiated|refunded)|refund_initiated|tax_withheld_refunded/.test(eventType)) {
    return { transaction: cbTransaction(), invoice: cbInvoice(), customer: cbCustomer() };
  }
  return { invoice: cbInvoice(), customer: cbCustomer() };
}

export const CHARGEBEE_EVENT_TYPES = [
  'invoice_generated',
  'invoice_generated_with_backdating',
  'invoice_updated',
  'invoice_deleted',
  'pending_invoice_created',
  'pending_invoice_updated',
  'payment_succeeded',
  'payment_failed',
  'payment_initiated',
  'payment_refunded',
  'refund_initiated',
  'payment_due_reminder',
  'netd_payment_due_reminder',
  'credit_note_created',
  'credit_note_created_with_backdating',
  'credit_note_updated',
  'credit_note_deleted',
  'customer_created',
  'customer_changed',
  'customer_deleted',
  'unbilled_charges_invoiced',
  'tax_withheld_refunded',
];
