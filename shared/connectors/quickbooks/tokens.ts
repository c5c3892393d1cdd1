/**
 * QuickBooks OAuth 2.0 access tokens (INTEGRATIONS.md §2.1): an access token lasts an hour; refreshing may
 * return a *new* refresh token, and the newest one must always be kept ([V]/[S]) — it is saved to the vault
 * before the access token is used. `invalid_grant` means a person must reconnect the company: the connection is
 * marked broken (the dashboard shows it) and SourceConnectionBrokenError keeps the events for a replay.
 * One refresh at a time per process: concurrent callers share it, so two refreshes never race a rotation.
 */
import { ProviderHttp, ProviderHttpError, parseRecord, type Sleep } from '#shared/connectors/http/provider-http.ts';
import { logger } from '#shared/platform/logger.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { ConnectionStore, RefreshTokenVault } from '#shared/ports/connections.ts';
import { SourceConnectionBrokenError } from '#shared/ports/invoice-source.ts';
import { INVALID_GRANT, SOURCE } from './facts.ts';
import { TokenResponse } from './schemas.ts';

export interface TokenDeps {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  vault: RefreshTokenVault;
  connections: ConnectionStore;
  clock: Clock;
  sleep?: Sleep;
}

export class QuickBooksTokens {
  private access?: { token: string; expiresAt: number };
  private refreshing?: Promise<string>;
  private readonly http: ProviderHttp;

  constructor(private readonly deps: TokenDeps) {
    this.http = new ProviderHttp(SOURCE, { timeout: 20_000 }, { sleep: deps.sleep });
  }

  async accessToken(): Promise<string> {
    const now = this.deps.clock.now().getTime();
    // A minute of margin: a token must not expire between our check and Intuit's.
    if (this.access && this.access.expiresAt - 60_000 > now) return this.access.token;
    return this.refresh();
  }

  /** Forces a refresh (after a 401), shared by concurrent callers. */
  refresh(): Promise<string> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<string> {
    const at = () => this.deps.clock.now().toISOString();
    const refreshToken = await this.deps.vault.getRefreshToken(SOURCE);
    if (!refreshToken) {
      await this.deps.connections.markBroken(SOURCE, 'no refresh token: connect QuickBooks', at());
      throw new SourceConnectionBrokenError('quickbooks is not connected (no refresh token)');
    }
    let data: unknown;
    try {
      const res = await this.http.request({
        method: 'POST',
        url: this.deps.tokenUrl,
        auth: { username: this.deps.clientId, password: this.deps.clientSecret },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        form: { grant_type: 'refresh_token', refresh_token: refreshToken },
      });
      data = res.data;
    } catch (error) {
      if (error instanceof ProviderHttpError && (error.providerCode === INVALID_GRANT || error.status === 401)) {
        await this.deps.connections.markBroken(SOURCE, `${INVALID_GRANT}: reconnect QuickBooks`, at());
        logger.error('quickbooks connection broken', { reason: INVALID_GRANT });
        throw new SourceConnectionBrokenError('quickbooks refused the refresh token (invalid_grant): reconnect it');
      }
      throw error;
    }
    const tokens = parseRecord(TokenResponse, data, 'quickbooks token response');
    // The newest refresh token is saved before anything else: losing it would break the connection.
    if (tokens.refresh_token !== refreshToken) await this.deps.vault.saveRefreshToken(SOURCE, tokens.refresh_token);
    await this.deps.connections.markConnected(SOURCE, at());
    this.access = { token: tokens.access_token, expiresAt: this.deps.clock.now().getTime() + tokens.expires_in * 1000 };
    return tokens.access_token;
  }
}
