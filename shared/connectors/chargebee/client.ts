/**
 * Chargebee API v2 client (INTEGRATIONS.md §3.1): HTTP Basic with the API key as user and an empty password,
 * form-encoded POSTs, JSON answers. The PDF comes from a short-lived download URL that is fetched at once and
 * without our credentials (it points at another host).
 */
import {
  ProviderHttp,
  ProviderHttpError,
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
import { API_PATH, FIRST_IMPORT_DAYS, LIST_PAGE_SIZE, pdfPath, RATE_LIMIT_WAIT_MS, RETRIEVE, SOURCE } from './facts.ts';
import { toSourceCustomer, toSourceInvoice } from './mapping.ts';
import { CreditNote, Customer, Invoice, InvoiceList, PdfDownload, Transaction } from './schemas.ts';

export interface ChargebeeClientOptions {
  siteUrl: string;
  apiKey: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
}

export class ChargebeeClient implements InvoiceSourceClient {
  readonly source = SOURCE;
  readonly recheckOpenInvoices = false;
  private readonly api: ProviderHttp;
  private readonly download: ProviderHttp;

  constructor(options: ChargebeeClientOptions) {
    const retry = { rateLimitWaitMs: RATE_LIMIT_WAIT_MS, ...options.retry };
    const timeout = options.timeoutMs ?? 20_000;
    this.api = new ProviderHttp(
      SOURCE,
      {
        baseURL: `${options.siteUrl.replace(/\/+$/, '')}${API_PATH}`,
        auth: { username: options.apiKey, password: '' },
        headers: { Accept: 'application/json' },
        timeout,
      },
      { retry, sleep: options.sleep },
    );
    this.download = new ProviderHttp(SOURCE, { timeout, responseType: 'arraybuffer' }, { retry, sleep: options.sleep });
  }

  private async retrieve<S extends z.ZodMiniType>(
    path: string,
    key: string,
    schema: S,
  ): Promise<z.output<S> | undefined> {
    try {
      const res = await this.api.request({ method: 'GET', url: path });
      return parseRecord(schema, (res.data as Record<string, unknown> | undefined)?.[key], `chargebee ${key}`);
    } catch (error) {
      if (error instanceof ProviderHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  async fetchInvoice(ref: SourceRef): Promise<SourceInvoice | undefined> {
    const invoice = await this.retrieve(RETRIEVE.invoice(ref.id), 'invoice', Invoice);
    return invoice ? toSourceInvoice(invoice) : undefined;
  }

  async fetchCustomer(ref: SourceRef): Promise<SourceCustomer | undefined> {
    const customer = await this.retrieve(RETRIEVE.customer(ref.id), 'customer', Customer);
    return customer && !customer.deleted ? toSourceCustomer(customer) : undefined;
  }

  async fetchInvoicePdf(ref: SourceRef): Promise<DownloadedFile | undefined> {
    let url: string;
    try {
      const res = await this.api.request({
        method: 'POST',
        url: pdfPath(ref.id),
        form: { disposition_type: 'attachment' },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      url = parseRecord(PdfDownload, res.data, 'chargebee pdf download').download.download_url;
    } catch (error) {
      if (error instanceof ProviderHttpError && error.status === 404) return undefined;
      throw error;
    }
    const file = await this.download.request<Buffer>({ method: 'GET', url });
    return { body: new Uint8Array(file.data), contentType: 'application/pdf' };
  }

  async invoicesAffectedBy(subject: 'payment' | 'credit_note', ref: SourceRef): Promise<SourceRef[]> {
    if (subject === 'payment') {
      const txn = await this.retrieve(RETRIEVE.transaction(ref.id), 'transaction', Transaction);
      return (txn?.linked_invoices ?? []).map((l) => ({ id: l.invoice_id }));
    }
    const note = await this.retrieve(RETRIEVE.creditNote(ref.id), 'credit_note', CreditNote);
    if (!note) return [];
    const ids = new Set([note.reference_invoice_id, ...note.allocations.map((a) => a.invoice_id)]);
    return [...ids].filter((id): id is string => Boolean(id)).map((id) => ({ id }));
  }

  /** Invoices by `updated_at` (oldest first), each queued as an event carrying the invoice. */
  async listChangedSince(since: string | undefined, now: Date): Promise<SourceEvent[]> {
    const after = since ? Date.parse(since) : now.getTime() - FIRST_IMPORT_DAYS * 86_400_000;
    const events: SourceEvent[] = [];
    let offset: string | undefined;
    do {
      const params: Record<string, string> = {
        limit: String(LIST_PAGE_SIZE),
        'updated_at[after]': String(Math.floor(after / 1000)),
        'sort_by[asc]': 'updated_at',
        ...(offset ? { offset } : {}),
      };
      const res = await this.api.request({ method: 'GET', url: '/invoices', params });
      const page = parseRecord(InvoiceList, res.data, 'chargebee invoice list');
      for (const entry of page.list) {
        const invoice = parseRecord(Invoice, entry.invoice, 'chargebee invoice');
        const mapped = toSourceInvoice(invoice);
        events.push({
          provider: SOURCE,
          eventId: `sync:invoice:${invoice.id}:${invoice.resource_version ?? invoice.updated_at ?? 0}`,
          subject: 'invoice',
          ref: mapped.ref,
          action: 'sync',
          occurredAt: now.toISOString(),
          included: { invoices: [mapped] },
        });
      }
      offset = page.next_offset;
    } while (offset);
    return events;
  }

  refFromExternalId(externalId: string): SourceRef {
    return { id: externalId };
  }

  externalIdOf(ref: SourceRef): string {
    return ref.id;
  }
}
