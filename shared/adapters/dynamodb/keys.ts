/**
 * Every key value the adapters write, in one place. The domain never sees these.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';

/** Lower case, accents stripped, single spaces: the sort and search form of a name. */
export function searchForm(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The form of an invoice number used to find it from a remittance text: letters and digits only. */
export function numberForm(number: string): string {
  return number.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Zero-padded so that string order is numeric order (amounts up to 10^15 minor units). */
export function padAmount(amount: number): string {
  return Math.max(0, amount).toString().padStart(16, '0');
}

export const keys = {
  invoice: (id: string) => ({ pk: `INVOICE#${id}`, sk: 'INVOICE' }),
  invoiceOfCustomer: (customerId: string, collectible: boolean, dueDate: IsoDate, id: string) => ({
    gsi1pk: `CUSTOMER#${customerId}#INVOICES`,
    gsi1sk: `${collectible ? 'OPEN' : 'CLOSED'}#${dueDate}#${id}`,
  }),
  invoiceByState: (state: InvoiceState, dueDate: IsoDate, id: string) => ({
    gsi2pk: `INVOICES#STATE#${state}`,
    gsi2sk: `${dueDate}#${id}`,
  }),
  invoiceByNumber: (number: string, id: string) => ({ gsi3pk: `INVOICES#NUMBER#${numberForm(number)}`, gsi3sk: id }),

  customer: (id: string) => ({ pk: `CUSTOMER#${id}`, sk: 'CUSTOMER' }),
  customerByName: (legalName: string, id: string) => ({
    gsi1pk: 'CUSTOMERS',
    gsi1sk: `${searchForm(legalName)}#${id}`,
  }),
  debtor: (primaryBalance: number, id: string) => ({ gsi2pk: 'DEBTORS', gsi2sk: `${padAmount(primaryBalance)}#${id}` }),
  ledgerEntry: (customerId: string, invoiceId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `LEDGER#${invoiceId}` }),
  customerLookup: (kind: string, value: string) => ({ pk: `LOOKUP#${kind}#${value}`, sk: 'LOOKUP' }),
  emailDomain: (domain: string, customerId: string) => ({ pk: `DOMAIN#${domain}`, sk: `CUSTOMER#${customerId}` }),

  /** Timeline entries live under their invoice (or customer) so a page reads them with the record. */
  timelineEntry: (ownerPk: string, eventId: string) => ({ pk: ownerPk, sk: `TL#${eventId}` }),
  customerTimeline: (customerId: string, at: string, eventId: string) => ({
    gsi3pk: `TIMELINE#${customerId}`,
    gsi3sk: `${at}#${eventId}`,
  }),

  /** Reminder ids are `${customerId}:${channel}:${date}`: the record lives with its customer, by day. */
  reminder: (id: string) => {
    const [customerId, channel, date] = id.split(':');
    return { pk: `CUSTOMER#${customerId}`, sk: `REMINDER#${date}#${channel}` };
  },
  reminderByStatus: (status: string, date: string, id: string) => ({
    gsi2pk: `REMINDERS#STATUS#${status}`,
    gsi2sk: `${date}#${id}`,
  }),
  reminderByReference: (reference: string) => ({ gsi3pk: `MESSAGE#${reference}`, gsi3sk: 'REMINDER' }),
  settings: () => ({ pk: 'SETTINGS', sk: 'COMPANY' }),
  plans: () => ({ pk: 'SETTINGS', sk: 'PLANS' }),

  schedule: (name: string) => ({ pk: `SCHEDULE#${name}`, sk: 'SCHEDULE' }),
  scheduleDue: (utcInstant: string, name: string) => ({ gsi2pk: 'SCHEDULES', gsi2sk: `${utcInstant}#${name}` }),

  /** Documents taken in, keyed by the file's SHA-256; their work list (review queue, failures) by state. */
  document: (sha256: string) => ({ pk: `DOCUMENT#${sha256}`, sk: 'DOCUMENT' }),
  documentByState: (state: string, updatedAt: string, id: string) => ({
    gsi2pk: `DOCUMENTS#STATE#${state}`,
    gsi2sk: `${updatedAt}#${id}`,
  }),
  /** A seller's invoice number, claimed by the first document that records it. */
  documentNumber: (sellerKey: string, numberKey: string) => ({
    pk: `DOCNUMBER#${sellerKey}#${numberKey}`,
    sk: 'DOCNUMBER',
  }),

  /** The company's own message templates (the built-ins are code), listed together. */
  template: (id: string, language: string) => ({ pk: `TEMPLATE#${id}#${language}`, sk: 'TEMPLATE' }),
  templateList: (id: string, language: string) => ({ gsi1pk: 'TEMPLATES', gsi1sk: `${id}#${language}` }),
  /** Call, letter and decision tasks; their work list by state in creation order. */
  task: (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' }),
  taskByState: (state: string, createdAt: string, id: string) => ({
    gsi2pk: `TASKS#STATE#${state}`,
    gsi2sk: `${createdAt}#${id}`,
  }),
  /** The local SMS outbox (what would have been sent), newest first. */
  sms: (reference: string) => ({ pk: `SMS#${reference}`, sk: 'SMS' }),
  smsOutbox: (at: string, reference: string) => ({ gsi2pk: 'SMS#OUTBOX', gsi2sk: `${at}#${reference}` }),

  /** Bank transactions (id = digest of the dedupe key); their work list by state, by booking date. */
  bankTransaction: (id: string) => ({ pk: `BANKTX#${id}`, sk: 'BANKTX' }),
  bankTransactionByState: (state: string, bookingDate: string, id: string) => ({
    gsi2pk: `BANKTX#STATE#${state}`,
    gsi2sk: `${bookingDate}#${id}`,
  }),
  /** Credits by exact amount, to find the one a bank reversal takes back. */
  bankCreditByAmount: (currency: string, amount: number, bookingDate: string, id: string) => ({
    gsi3pk: `BANKTX#AMOUNT#${currency}#${amount}`,
    gsi3sk: `${bookingDate}#${id}`,
  }),
  /** Allocations under their invoice (an invoice page reads them with it); a transaction's through gsi3. */
  allocation: (invoiceId: string, allocationId: string) => ({
    pk: `INVOICE#${invoiceId}`,
    sk: `ALLOC#${allocationId}`,
  }),
  allocationOfTransaction: (bankTransactionId: string, allocationId: string) => ({
    gsi3pk: `BANKTX#${bankTransactionId}#ALLOCATIONS`,
    gsi3sk: allocationId,
  }),
  /** Overpayments kept on a customer's account, beside the customer. */
  customerCredit: (customerId: string, id: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `CREDIT#${id}` }),
  /** A payer IBAN or name learned for a customer; all of them listed together for the matching index. */
  payer: (kind: 'IBAN' | 'NAME', value: string, customerId: string) => ({
    pk: `PAYER#${kind}#${value}`,
    sk: `CUSTOMER#${customerId}`,
    gsi1pk: 'PAYERS',
    gsi1sk: `${customerId}#${kind}#${value}`,
  }),
  /** Statement imports by file hash, listed newest first. */
  statementImport: (id: string) => ({ pk: `BANKIMPORT#${id}`, sk: 'BANKIMPORT' }),
  statementImportList: (updatedAt: string, id: string) => ({ gsi2pk: 'BANKIMPORTS', gsi2sk: `${updatedAt}#${id}` }),
  /** Bank settings: the saved CSV mapping, bank feed cursors. */
  bankSetting: (name: string) => ({ pk: 'SETTINGS', sk: `BANK#${name}` }),
};

export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'] as const;
