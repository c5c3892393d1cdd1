/**
 * Sellsy API v2 client (INTEGRATIONS.md §1): JSON, a Bearer token from the client-credentials flow (reused
 * until shortly before `expires_in`, asked for again once on a 401). Calls go through the shared ProviderHttp
 * (bounded retries on 5xx/timeouts, 429 with Retry-After); Sellsy's quota headers are honoured on top:
 *  - an answer saying a window is used up (`X-Quota-Remaining-By-Second/Minute: 0`) delays the next call by
 *    that window, or hands back SourceUnavailableError when that is longer than we wait in-process;
 *  - a 429 without Retry-After gets one derived from the same headers (1 s or 60 s), else the 2 s default.
 * The invoice PDF is at `pdf_link` on another host (file.sellsy.com): the invoice is re-read right before the
 * download because the link changes with the document ([S]), and the file is fetched without our token.
 */
import {
  DEFAULT_RETRY,
  ProviderHttp,
  ProviderHttpError,
  type ProviderRequest,
  parseRecord,
  type RetryPolicy,
  realSleep,
  type Sleep,
} from '#shared/connectors/http/provider-http.ts';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { logger } from '#shared/platform/logger.ts';
import type * as z from '#shared/platform/zod.ts';
import {
  type DownloadedFile,
  type InvoiceSourceClient,
  NOT_A_RECEIVABLE,
  type SourceCustomer,
  type SourceEvent,
  type SourceInvoice,
  type SourceRef,
  SourceUnavailableError,
} from '#shared/ports/invoice-source.ts';
import {
  ACCOUNT_TIME_ZONE,
  OPEN_STATUSES,
  PAGE_SIZE,
  PATHS,
  QUOTA_HEADERS,
  QUOTA_WAIT_MS,
  RATE_LIMIT_WAIT_MS,
  SOURCE,
} from './facts.ts';
import {
  billingContactIds,
  companyToSourceCustomer,
  contentKey,
  individualToSourceCustomer,
  parseCustomerRef,
  relatedInvoices,
  toSourceInvoice,
} from './mapping.ts';
import { Company, Contact, CreditNote, Individual, Invoice, Page, Payment } from './schemas.ts';
import type { SellsyTokens } from './tokens.ts';

export interface SellsyClientOptions {
  apiUrl: string;
  tokens: SellsyTokens;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
}

/** An answer's headers: fetch's Headers, or a plain object with lower-case names. */
type AnswerHeaders = Headers | Record<string, unknown>;

/** How long a used-up quota window asks us to wait, from an answer's headers. */
export function quotaWaitMs(headers: AnswerHeaders | undefined): number | undefined {
  const read = (name: string): unknown =>
    headers instanceof Headers ? headers.get(name) : (headers as Record<string, unknown> | undefined)?.[name];
  if (String(read(QUOTA_HEADERS.minute) ?? '') === '0') return QUOTA_WAIT_MS.minute;
  if (String(read(QUOTA_HEADERS.second) ?? '') === '0') return QUOTA_WAIT_MS.second;
  return undefined;
}

export class SellsyClient implements InvoiceSourceClient {
  readonly source = SOURCE;
  /** The catch-up lists open invoices only (search by status): the ones we hold as open are re-checked. */
  readonly recheckOpenInvoices = true;
  private readonly api: ProviderHttp;
  private readonly download: ProviderHttp;
  private readonly sleep: Sleep;
  private readonly maxWaitMs: number;
  /** Wait owed before the next API call (a quota window used up). */
  private owed = 0;

  constructor(private readonly options: SellsyClientOptions) {
    const retry = { rateLimitWaitMs: RATE_LIMIT_WAIT_MS, ...options.retry };
    const timeout = options.timeoutMs ?? 30_000;
    this.sleep = options.sleep ?? realSleep;
    this.maxWaitMs = retry.maxWaitMs ?? DEFAULT_RETRY.maxWaitMs;
    this.api = new ProviderHttp(
      SOURCE,
      { baseURL: options.apiUrl.replace(/\/+$/, ''), timeout, headers: { Accept: 'application/json' } },
      {
        retry,
        sleep: options.sleep,
        onResponse: (res) => this.noteQuota(res.headers),
        // The shared client honours Retry-After; Sellsy's quota headers say how long when it gives none.
        rateLimitWait: (headers) => quotaWaitMs(headers),
      },
    );
    // The file host gets no token and no default headers: nothing of ours leaves for another host.
    this.download = new ProviderHttp(SOURCE, { timeout, responseType: 'arraybuffer' }, { retry, sleep: options.sleep });
  }

  private noteQuota(headers: AnswerHeaders): void {
    const wait = quotaWaitMs(headers);
    if (wait === undefined) return;
    this.owed = Math.max(this.owed, wait);
    logger.info('sellsy quota window used up', { waitMs: wait });
  }

  private async pace(): Promise<void> {
    const wait = this.owed;
    if (wait <= 0) return;
    if (wait > this.maxWaitMs) throw new SourceUnavailableError('sellsy quota used up', wait);
    this.owed = 0;
    await this.sleep(wait);
  }

  private async call<T>(config: ProviderRequest): Promise<T> {
    const send = async (token: string) => {
      await this.pace();
      return this.api.request<T>({
        ...config,
        headers: { ...config.headers, Authorization: `Bearer ${token}` },
      });
    };
    try {
      return (await send(await this.options.tokens.accessToken())).data;
    } catch (error) {
      // A token revoked or expired early: one new token, one retry.
      if (error instanceof ProviderHttpError && error.status === 401) {
        return (await send(await this.options.tokens.refresh())).data;
      }
      throw error;
    }
  }

  private async get<S extends z.ZodMiniType>(path: string, schema: S, what: string): Promise<z.output<S> | undefined> {
    try {
      return parseRecord(schema, await this.call({ method: 'GET', url: path }), `sellsy ${what}`);
    } catch (error) {
      if (error instanceof ProviderHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Every row of a search, page by page: `offset` is the opaque cursor of the previous answer ([S]). */
  private async *search(path: string, body: unknown): AsyncGenerator<unknown> {
    let offset: string | undefined;
    for (;;) {
      const data = await this.call({
        method: 'POST',
        url: path,
        params: { limit: PAGE_SIZE, ...(offset ? { offset } : {}) },
        headers: { 'Content-Type': 'application/json' },
        json: body,
      });
      const page = parseRecord(Page, data, `sellsy ${path}`);
      yield* page.data;
      const next = page.pagination?.offset;
      // The end: no cursor, an empty page, or the same cursor again (never loop on it).
      if (!next || page.data.length === 0 || next === offset) return;
      offset = next;
    }
  }

  async fetchInvoice(ref: SourceRef): Promise<SourceInvoice | typeof NOT_A_RECEIVABLE | undefined> {
    const invoice = await this.get(PATHS.invoice(ref.id), Invoice, 'invoice');
    // A draft exists but is not an invoice to collect yet: not to be taken for a deleted one.
    return invoice ? (toSourceInvoice(invoice) ?? NOT_A_RECEIVABLE) : undefined;
  }

  private async firstContact(ids: string[]) {
    for (const id of ids) {
      const contact = await this.get(PATHS.contact(id), Contact, 'contact');
      if (contact) return contact;
    }
    return undefined;
  }

  async fetchCustomer(ref: SourceRef): Promise<SourceCustomer | undefined> {
    const { kind, id } = parseCustomerRef(ref);
    // A `client` notification does not say which: a company first, then an individual.
    if (kind !== 'individual') {
      const company = await this.get(PATHS.company(id), Company, 'company');
      if (company) return companyToSourceCustomer(company, await this.firstContact(billingContactIds(company)));
      if (kind === 'company') return undefined;
    }
    const person = await this.get(PATHS.individual(id), Individual, 'individual');
    return person ? individualToSourceCustomer(person, await this.firstContact(billingContactIds(person))) : undefined;
  }

  async fetchInvoicePdf(ref: SourceRef): Promise<DownloadedFile | undefined> {
    // Re-read now: pdf_link is regenerated whenever the document changes.
    const invoice = await this.get(PATHS.invoice(ref.id), Invoice, 'invoice');
    const link = invoice?.pdf_link?.trim();
    if (!link || !/^https?:\/\//i.test(link)) return undefined;
    try {
      const file = await this.download.request<Buffer>({ method: 'GET', url: link });
      return { body: new Uint8Array(file.data), contentType: 'application/pdf' };
    } catch (error) {
      if (error instanceof ProviderHttpError && (error.status === 404 || error.status === 410)) return undefined;
      throw error;
    }
  }

  async invoicesAffectedBy(subject: 'payment' | 'credit_note', ref: SourceRef): Promise<SourceRef[]> {
    const record =
      subject === 'payment'
        ? await this.get(PATHS.payment(ref.id), Payment, 'payment')
        : await this.get(PATHS.creditNote(ref.id), CreditNote, 'credit note');
    return record ? relatedInvoices(record) : [];
  }

  /**
   * Every invoice still expecting money (first import and repair alike: Sellsy's search has no "changed since"
   * filter [S]), then, after the first import, the credit notes dated since the last sync with the invoices they
   * apply to. Invoices we hold as open but absent here are re-checked by the sync use case.
   */
  async listChangedSince(since: string | undefined, now: Date): Promise<SourceEvent[]> {
    const at = now.toISOString();
    const events: SourceEvent[] = [];
    for await (const row of this.search(PATHS.invoiceSearch, { filters: { status: OPEN_STATUSES } })) {
      const rec = toSourceInvoice(parseRecord(Invoice, row, 'sellsy invoice'));
      if (!rec) continue;
      events.push({
        provider: SOURCE,
        eventId: `sync:invoice:${rec.ref.id}:${contentKey(rec)}`,
        subject: 'invoice',
        ref: rec.ref,
        action: 'sync',
        occurredAt: at,
        // Only a versioned record is handed over as is; an unversioned one is re-read by the worker, so a
        // change made after this search (a payment webhook processed first) is never overwritten by it.
        ...(rec.invoice.version !== undefined ? { included: { invoices: [rec] } } : {}),
      });
    }
    if (since !== undefined) {
      const filters = {
        date: { start: dateInZone(new Date(since), ACCOUNT_TIME_ZONE), end: dateInZone(now, ACCOUNT_TIME_ZONE) },
      };
      for await (const row of this.search(PATHS.creditNoteSearch, { filters })) {
        const note = parseRecord(CreditNote, row, 'sellsy credit note');
        const refs = relatedInvoices(note);
        if (refs.length === 0) continue;
        events.push({
          provider: SOURCE,
          eventId: `sync:credit_note:${note.id}:${refs.map((r) => r.id).join(',')}`,
          subject: 'credit_note',
          ref: { id: note.id },
          action: 'sync',
          occurredAt: at,
          affectedInvoices: refs,
        });
      }
    }
    logger.info('sellsy changes listed', { events: events.length });
    return events;
  }

  refFromExternalId(externalId: string): SourceRef {
    return { id: externalId };
  }

  externalIdOf(ref: SourceRef): string {
    return ref.id;
  }
}
