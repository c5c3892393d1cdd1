/** A Qonto transaction as a bank line: keyed by Qonto's id, amounts in cents, the reference as remittance. */
import type { BankLine } from '#shared/domain/bank/bank-transaction.ts';
import { dateInZone, isIsoDate } from '#shared/domain/calendar-date.ts';
import { money } from '#shared/domain/money.ts';
import type { QontoTransaction } from './schemas.ts';

/** Qonto is a French bank: its booking day is the day in Paris. */
const BANK_TIME_ZONE = 'Europe/Paris';

const STATUS: Record<string, BankLine['status']> = { completed: 'booked', pending: 'pending', declined: 'info' };

/** The Paris day of an instant; none when the instant is unreadable or past year 9999 (no `YYYY-MM-DD` then). */
function day(instant: string | null | undefined): string | undefined {
  if (!instant || Number.isNaN(Date.parse(instant))) return undefined;
  const date = dateInZone(new Date(instant), BANK_TIME_ZONE);
  return isIsoDate(date) ? date : undefined;
}

export function qontoLine(tx: QontoTransaction): BankLine {
  const signed = tx.side === 'debit' ? -tx.amount_cents : tx.amount_cents;
  const account = tx.transfer?.counterparty_account_number?.replace(/\s+/g, '').toUpperCase();
  const isIban =
    account !== undefined &&
    (tx.transfer?.counterparty_account_number_format ?? 'IBAN').toUpperCase() === 'IBAN' &&
    /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(account);
  const bookingDate = day(tx.settled_at) ?? day(tx.emitted_at);
  const name = tx.clean_counterparty_name?.trim() || tx.label?.trim();
  return {
    key: `qonto:${tx.id}`,
    amount: money(signed, tx.currency),
    reversal: false,
    status: STATUS[tx.status] ?? 'info',
    remittanceUnstructured: tx.reference?.trim() ? [tx.reference.trim()] : [],
    referredDocumentNumbers: [],
    ...(bookingDate ? { bookingDate } : {}),
    ...(name ? { counterpartyName: name } : {}),
    ...(isIban ? { counterpartyIban: account } : {}),
    ...(tx.transfer?.counterparty_bank_identifier ? { counterpartyBic: tx.transfer.counterparty_bank_identifier } : {}),
    ...(tx.operation_type ? { bankTransactionCode: tx.operation_type } : {}),
    ...(tx.transaction_id ? { bankReference: tx.transaction_id } : {}),
  };
}
