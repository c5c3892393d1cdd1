/**
 * QuickBooks Online REST client (INTEGRATIONS.md §2.2): `/v3/company/{realmId}/…?minorversion=75`, JSON, a
 * Bearer access token refreshed on expiry and once on a 401. 429 waits 60 s ([V]).
 */
import {
  ProviderHttp,
  ProviderHttpError,
  type ProviderRequest,
  parseRecord,
  type RetryPolicy,
  type Sleep,
} from '#shared/connectors/http/provider-http.ts';
import type * as z from '#shared/platform/zod.ts';
import type {
  DownloadedFile,
  InvoiceSourceClient,
  SourceCustomer,
  SourceEvent,
  SourceInvoice,
  SourceRef,
} from '#shared/ports/invoice-source.ts';
import {
  CDC_ENTITIES,
  CDC_MAX_LOOKBACK_MS,
  MINOR_VERSION,
  OBJECT_NOT_FOUND_CODE,
  QUERY_PAGE_SIZE,
  RATE_LIMIT_WAIT_MS,
  SOURCE,
} from './facts.ts';
import { externalIdOf, refFromExternalId, toSourceCustomer, toSourceInvoice } from './mapping.ts';
import { CdcResponse, CreditMemo, Customer, Invoice, Payment, QueryResponse } from './schemas.ts';
import type { QuickBooksTokens } from './tokens.ts';

export interface QuickBooksClientOptions {
  apiUrl: string;
  tokens: QuickBooksTokens;
  /** The connected company, for the catch-up sync. */
  realmId?: string;
  /** Used when an invoice has no CurrencyRef (single-currency companies). */
  homeCurrency?: string;
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
}

const linkedInvoices = (realm: string, txns: { TxnId: string; TxnType: string }[]): SourceRef[] =>
  txns.filter((t) => t.TxnType === 'Invoice').map((t) => ({ account: realm, id: t.TxnId }));

export class QuickBooksClient implements InvoiceSourceClient {
  readonly source = SOURCE;
  readonly recheckOpenInvoices = false;
  private readonly http: ProviderHttp;
  private readonly homeCurrency: string;

  constructor(private readonly options: QuickBooksClientOptions) {
    this.homeCurrency = options.homeCurrency ?? 'EUR';
    this.http = new ProviderHttp(
      SOURCE,
      {
        baseURL: options.apiUrl.replace(/\/+$/, ''),
        timeout: 30_000,
        headers: { Accept: 'application/json' },
      },
      { retry: { rateLimitWaitMs: RATE_LIMIT_WAIT_MS, ...options.retry }, sleep: options.sleep },
    );
  }

  private async call<T>(realm: string, path: string, config: Omit<ProviderRequest, 'url'> = {}): Promise<T> {
    const request = async (token: string) =>
      this.http.request<T>({
        ...config,
        url: `/v3/company/${encodeURIComponent(realm)}${path}`,
        params: { ...config.params, minorversion: MINOR_VERSION },
        headers: { ...config.headers, Authorization: `Bearer ${token}` },
      });
    try {
      return (await request(await this.options.tokens.accessToken())).data;
    } catch (error) {
      // An access token revoked or expired early: one refresh, one retry.
      if (error instanceof ProviderHttpError && error.status === 401) {
        return (await request(await this.options.tokens.refresh())).data;
      }
      throw error;
    }
  }

  private async entity<S extends z.ZodMiniType>(
    ref: SourceRef,
    name: string,
    schema: S,
  ): Promise<z.output<S> | undefined> {
    const realm = this.realmOf(ref);
    try {
      const data = await this.call<Record<string, unknown>>(
        realm,
        `/${name.toLowerCase()}/${encodeURIComponent(ref.id)}`,
      );
      return parseRecord(schema, data?.[name], `quickbooks ${name}`);
    } catch (error) {
      if (
        error instanceof ProviderHttpError &&
        (error.status === 404 || error.providerCode === OBJECT_NOT_FOUND_CODE)
      ) {
        return undefined;
      }
      throw error;
    }
  }

  private realmOf(ref: SourceRef): string {
    const realm = ref.account ?? this.options.realmId;
    if (!realm) throw new ProviderHttpError(400, 'quickbooks: no company (realmId) for this record');
    return realm;
  }

  async fetchInvoice(ref: SourceRef): Promise<SourceInvoice | undefined> {
    const invoice = await this.entity(ref, 'Invoice', Invoice);
    return invoice ? toSourceInvoice(this.realmOf(ref), invoice, this.homeCurrency) : undefined;
  }

  async fetchCustomer(ref: SourceRef): Promise<SourceCustomer | undefined> {
    const customer = await this.entity(ref, 'Customer', Customer);
    return customer ? toSourceCustomer(this.realmOf(ref), customer) : undefined;
  }

  async fetchInvoicePdf(ref: SourceRef): Promise<DownloadedFile | undefined> {
    try {
      const data = await this.call<Buffer>(this.realmOf(ref), `/invoice/${encodeURIComponent(ref.id)}/pdf`, {
        headers: { Accept: 'application/pdf' },
        responseType: 'arraybuffer',
      });
      return { body: new Uint8Array(data), contentType: 'application/pdf' };
    } catch (error) {
      if (error instanceof ProviderHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  async invoicesAffectedBy(subject: 'payment' | 'credit_note', ref: SourceRef): Promise<SourceRef[]> {
    const realm = this.realmOf(ref);
    if (subject === 'payment') {
      const payment = await this.entity(ref, 'Payment', Payment);
      return linkedInvoices(
        realm,
        (payment?.Line ?? []).flatMap((l) => l.LinkedTxn),
      );
    }
    const memo = await this.entity(ref, 'CreditMemo', CreditMemo);
    return linkedInvoices(realm, [...(memo?.LinkedTxn ?? []), ...(memo?.Line ?? []).flatMap((l) => l.LinkedTxn ?? [])]);
  }

  async listChangedSince(since: string | undefined, now: Date): Promise<SourceEvent[]> {
    const realm = this.options.realmId;
    if (!realm) throw new ProviderHttpError(400, 'quickbooks: QUICKBOOKS_REALM_ID is needed for the catch-up sync');
    return since === undefined ? this.firstImport(realm, now) : this.changeDataCapture(realm, since, now);
  }

  /** First import: every invoice with money still due ([V] query, pages of 1000). */
  private async firstImport(realm: string, now: Date): Promise<SourceEvent[]> {
    const events: SourceEvent[] = [];
    for (let start = 1; ; start += QUERY_PAGE_SIZE) {
      const query = `select * from Invoice where Balance > '0' STARTPOSITION ${start} MAXRESULTS ${QUERY_PAGE_SIZE}`;
      const data = await this.call(realm, '/query', { params: { query } });
      const rows = parseRecord(QueryResponse, data, 'quickbooks query').QueryResponse.Invoice;
      for (const row of rows)
        events.push(this.invoiceEvent(realm, parseRecord(Invoice, row, 'quickbooks Invoice'), now));
      if (rows.length < QUERY_PAGE_SIZE) return events;
    }
  }

  /** CDC ([V]): changes since the last sync, at most 30 days back; deleted records come back as `status: Deleted`. */
  private async changeDataCapture(realm: string, since: string, now: Date): Promise<SourceEvent[]> {
    const from = new Date(Math.max(Date.parse(since), now.getTime() - CDC_MAX_LOOKBACK_MS + 60_000));
    const data = await this.call(realm, '/cdc', {
      params: { entities: CDC_ENTITIES, changedSince: from.toISOString() },
    });
    const groups = parseRecord(CdcResponse, data, 'quickbooks cdc').CDCResponse.flatMap((r) => r.QueryResponse);
    const events: SourceEvent[] = [];
    const base = (subject: SourceEvent['subject'], id: string, version: string) => ({
      provider: SOURCE,
      eventId: `sync:${subject}:${realm}:${id}:${version}`,
      subject,
      ref: { account: realm, id },
      action: 'sync',
      occurredAt: now.toISOString(),
    });
    for (const group of groups) {
      for (const row of (group.Invoice as unknown[] | undefined) ?? []) {
        const invoice = parseRecord(Invoice, row, 'quickbooks Invoice');
        events.push(
          invoice.status === 'Deleted'
            ? { ...base('invoice', invoice.Id, 'deleted'), action: 'deleted' }
            : this.invoiceEvent(realm, invoice, now),
        );
      }
      for (const row of (group.Customer as unknown[] | undefined) ?? []) {
        const customer = parseRecord(Customer, row, 'quickbooks Customer');
        if (customer.status === 'Deleted') continue;
        const mapped = toSourceCustomer(realm, customer);
        events.push({
          ...base('customer', customer.Id, String(mapped.version ?? 0)),
          included: { customers: [mapped] },
        });
      }
      for (const row of (group.Payment as unknown[] | undefined) ?? []) {
        const payment = parseRecord(Payment, row, 'quickbooks Payment');
        const refs = linkedInvoices(
          realm,
          payment.Line.flatMap((l) => l.LinkedTxn),
        );
        events.push({ ...base('payment', payment.Id, now.toISOString()), affectedInvoices: refs });
      }
      for (const row of (group.CreditMemo as unknown[] | undefined) ?? []) {
        const memo = parseRecord(CreditMemo, row, 'quickbooks CreditMemo');
        const refs = linkedInvoices(realm, [...memo.LinkedTxn, ...memo.Line.flatMap((l) => l.LinkedTxn ?? [])]);
        events.push({ ...base('credit_note', memo.Id, now.toISOString()), affectedInvoices: refs });
      }
    }
    return events;
  }

  private invoiceEvent(realm: string, invoice: z.output<typeof Invoice>, now: Date): SourceEvent {
    const mapped = toSourceInvoice(realm, invoice, this.homeCurrency);
    return {
      provider: SOURCE,
      eventId: `sync:invoice:${realm}:${invoice.Id}:${mapped.invoice.version ?? now.toISOString()}`,
      subject: 'invoice',
      ref: mapped.ref,
      action: 'sync',
      occurredAt: now.toISOString(),
      included: { invoices: [mapped] },
    };
  }

  refFromExternalId(externalId: string): SourceRef {
    return refFromExternalId(externalId);
  }

  externalIdOf(ref: SourceRef): string {
    return externalIdOf(ref);
  }
}
