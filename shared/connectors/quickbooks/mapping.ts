/**
 * QuickBooks records → our inputs. Amounts are JSON numbers in major units, converted exactly with
 * fromMajorNumber (never float arithmetic). Ids are per company, so ours are `{realmId}:{Id}`.
 * Paid ⇔ Balance == 0 ([S]): the paid amount is TotalAmt − Balance, which includes credit memos applied
 * through payments (QuickBooks does not tell them apart on the invoice).
 * Version = LastUpdatedTime in whole seconds × 10^6 + SyncToken: LastUpdatedTime alone has one-second
 * precision, and SyncToken increases with every update, so two changes within a second still order.
 */
import { isIsoDate } from '#shared/domain/calendar-date.ts';
import type { Address } from '#shared/domain/customer.ts';
import { fromMajorNumber } from '#shared/domain/money.ts';
import type { SourceCustomer, SourceInvoice, SourceRef } from '#shared/ports/invoice-source.ts';
import { SourceRecordError } from '#shared/ports/invoice-source.ts';
import { SOURCE, VOIDED_NOTE } from './facts.ts';
import type { Customer, Invoice } from './schemas.ts';

export const externalIdOf = (ref: SourceRef): string => `${ref.account}:${ref.id}`;
export function refFromExternalId(externalId: string): SourceRef {
  const [account, id] = externalId.split(':');
  if (!account || !id) throw new SourceRecordError(`"${externalId}" is not a QuickBooks id`);
  return { account, id };
}

function versionOf(meta: { LastUpdatedTime?: string } | undefined, syncToken: string | undefined) {
  const at = meta?.LastUpdatedTime ? Date.parse(meta.LastUpdatedTime) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.floor(at / 1000) * 1_000_000 + Math.min(Number(syncToken ?? 0), 999_999);
}

export function toSourceInvoice(realmId: string, invoice: Invoice, homeCurrency: string): SourceInvoice {
  const currency = invoice.CurrencyRef?.value ?? homeCurrency;
  const total = fromMajorNumber(invoice.TotalAmt, currency).amount;
  const balance = fromMajorNumber(invoice.Balance, currency).amount;
  if (!isIsoDate(invoice.TxnDate)) throw new SourceRecordError(`quickbooks invoice ${invoice.Id}: bad TxnDate`);
  const due =
    invoice.DueDate && isIsoDate(invoice.DueDate) && invoice.DueDate >= invoice.TxnDate
      ? invoice.DueDate
      : invoice.TxnDate;
  const voided =
    (invoice.TotalAmt === 0 && VOIDED_NOTE.test(invoice.PrivateNote ?? '')) || invoice.status === 'Deleted';
  const version = versionOf(invoice.MetaData, invoice.SyncToken);
  const email = invoice.BillEmail?.Address;
  return {
    ref: { account: realmId, id: invoice.Id },
    customerRef: { account: realmId, id: invoice.CustomerRef.value },
    invoice: {
      source: SOURCE,
      externalId: `${realmId}:${invoice.Id}`,
      number: invoice.DocNumber?.trim() || invoice.Id,
      customer: {
        externalId: `${realmId}:${invoice.CustomerRef.value}`,
        name: invoice.CustomerRef.name?.trim() || invoice.CustomerRef.value,
        ...(email ? { email } : {}),
      },
      issueDate: invoice.TxnDate,
      dueDate: due,
      currency,
      total,
      amountPaid: Math.max(0, Math.min(total, total - balance)),
      voided,
      ...(version !== undefined ? { version } : {}),
    },
  };
}

function toAddress(a: Customer['BillAddr']): Address | undefined {
  const country = a?.Country?.trim().toUpperCase();
  // QuickBooks stores free text ("France"); only an ISO code is kept.
  if (!a || !country || !/^[A-Z]{2}$/.test(country)) return undefined;
  return {
    lines: [a.Line1, a.Line2].filter((l): l is string => Boolean(l?.trim())),
    ...(a.PostalCode ? { postalCode: a.PostalCode } : {}),
    ...(a.City ? { city: a.City } : {}),
    country,
  };
}

export function toSourceCustomer(realmId: string, customer: Customer): SourceCustomer {
  const person = [customer.GivenName, customer.FamilyName]
    .filter((p) => p?.trim())
    .join(' ')
    .trim();
  const name = customer.CompanyName?.trim() || customer.DisplayName?.trim() || person || customer.Id;
  const email = customer.PrimaryEmailAddr?.Address;
  const phone = customer.PrimaryPhone?.FreeFormNumber;
  const version = versionOf(customer.MetaData, customer.SyncToken);
  const address = toAddress(customer.BillAddr);
  return {
    source: SOURCE,
    externalId: `${realmId}:${customer.Id}`,
    name,
    ...(address ? { address } : {}),
    billingContacts: email || phone ? [{ externalId: customer.Id, name: person || name, email, phone }] : [],
    ...(version !== undefined ? { version } : {}),
  };
}
