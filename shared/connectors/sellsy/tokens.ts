/**
 * Sellsy API v2 access tokens (INTEGRATIONS.md §1.1): OAuth 2.0 client credentials, a form-encoded POST with
 * `grant_type=client_credentials&client_id=…&client_secret=…` ([S]). Nothing rotates: a token is simply asked
 * for again. Its lifetime is read from `expires_in` on every answer ([U]: never hard-coded) and it is reused
 * until a margin before that. Credentials Sellsy refuses (400/401) mark the connection broken (a person must
 * fix SELLSY_CLIENT_ID/SECRET) and raise SourceConnectionBrokenError, which keeps the events for a replay.
 * One request at a time per process: concurrent callers share it.
 */
import { ProviderHttp, ProviderHttpError, parseRecord, type Sleep } from '#shared/connectors/http/provider-http.ts';
import { logger } from '#shared/platform/logger.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { ConnectionStore } from '#shared/ports/connections.ts';
import { SourceConnectionBrokenError } from '#shared/ports/invoice-source.ts';
import { RATE_LIMIT_WAIT_MS, SOURCE, TOKEN_EXPIRY_MARGIN_MS } from './facts.ts';
import { TokenResponse } from './schemas.ts';

export interface SellsyTokenDeps {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  connections: ConnectionStore;
  clock: Clock;
  sleep?: Sleep;
}

export class SellsyTokens {
  private access?: { token: string; expiresAt: number; margin: number };
  private requesting?: Promise<string>;
  private readonly http: ProviderHttp;

  constructor(private readonly deps: SellsyTokenDeps) {
    this.http = new ProviderHttp(
      SOURCE,
      { timeout: 20_000 },
      { retry: { rateLimitWaitMs: RATE_LIMIT_WAIT_MS }, sleep: deps.sleep },
    );
  }

  async accessToken(): Promise<string> {
    const now = this.deps.clock.now().getTime();
    if (this.access && this.access.expiresAt - this.access.margin > now) return this.access.token;
    return this.refresh();
  }

  /** Asks for a new token (expired, or refused with a 401), shared by concurrent callers. */
  refresh(): Promise<string> {
    this.requesting ??= this.request().finally(() => {
      this.requesting = undefined;
    });
    return this.requesting;
  }

  private async request(): Promise<string> {
    const at = () => this.deps.clock.now().toISOString();
    let data: unknown;
    try {
      const res = await this.http.request({
        method: 'POST',
        url: this.deps.tokenUrl,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        form: {
          grant_type: 'client_credentials',
          client_id: this.deps.clientId,
          client_secret: this.deps.clientSecret,
        },
      });
      data = res.data;
    } catch (error) {
      if (error instanceof ProviderHttpError && (error.status === 400 || error.status === 401)) {
        const code = error.providerCode ?? `refused (${error.status})`;
        await this.deps.connections.markBroken(
          SOURCE,
          `${code}: check SELLSY_CLIENT_ID and SELLSY_CLIENT_SECRET`,
          at(),
        );
        logger.error('sellsy connection broken', { status: error.status });
        throw new SourceConnectionBrokenError(`sellsy refused the client credentials (${code})`);
      }
      throw error;
    }
    const token = parseRecord(TokenResponse, data, 'sellsy token response');
    await this.deps.connections.markConnected(SOURCE, at());
    const lifetime = token.expires_in * 1000;
    // A token must not expire between our check and Sellsy's; a very short lifetime keeps half of itself.
    const margin = Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetime / 2);
    this.access = { token: token.access_token, expiresAt: this.deps.clock.now().getTime() + lifetime, margin };
    return token.access_token;
  }
}
