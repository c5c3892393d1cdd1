/**
 * Qonto Business API: transactions updated since an instant (credits, completed), page by page, and one
 * transaction by id. Authorization is the API key as `login:secret-key`; 429 is honoured with Retry-After and
 * 5xx retried by ProviderHttp.
 */
import { ProviderHttp, parseRecord, type RetryPolicy, type Sleep } from '../http/provider-http.ts';
import { type QontoTransaction, QontoTransactionList, QontoTransactionOne } from './schemas.ts';

const PER_PAGE = 100;
/** A runaway paging (a provider bug) stops here rather than looping for ever. */
const MAX_PAGES = 1000;

export class QontoClient {
  private readonly http: ProviderHttp;

  constructor(options: {
    apiUrl: string;
    apiKey: string;
    timeoutMs?: number;
    retry?: Partial<RetryPolicy>;
    sleep?: Sleep;
  }) {
    this.http = new ProviderHttp(
      'qonto',
      {
        baseURL: options.apiUrl.replace(/\/+$/, ''),
        timeout: options.timeoutMs ?? 15_000,
        headers: { Accept: 'application/json', Authorization: options.apiKey },
      },
      { retry: options.retry, sleep: options.sleep },
    );
  }

  /** Completed credits updated at or after `since` (ISO instant), oldest update first. */
  async creditsUpdatedSince(since: string): Promise<QontoTransaction[]> {
    const out: QontoTransaction[] = [];
    let page: number | null | undefined = 1;
    for (let n = 0; page && n < MAX_PAGES; n++) {
      const params: URLSearchParams = new URLSearchParams({
        updated_at_from: since,
        side: 'credit',
        sort_by: 'updated_at:asc',
        current_page: String(page),
        per_page: String(PER_PAGE),
      });
      params.append('status[]', 'completed');
      const res: { data: unknown } = await this.http.request({
        method: 'GET',
        url: `/v2/transactions?${params.toString()}`,
      });
      const body: { transactions: QontoTransaction[]; meta: { next_page?: number | null } } = parseRecord(
        QontoTransactionList,
        res.data,
        'the Qonto transaction list',
      );
      out.push(...body.transactions);
      page = body.meta.next_page;
    }
    return out;
  }

  async transaction(id: string): Promise<QontoTransaction> {
    const res = await this.http.request({ method: 'GET', url: `/v2/transactions/${encodeURIComponent(id)}` });
    return parseRecord(QontoTransactionOne, res.data, 'the Qonto transaction').transaction;
  }
}
