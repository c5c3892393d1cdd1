/**
 * Provider connections: whether each one works, when it last synced, and the rotating credentials that keep it
 * working (QuickBooks issues a new refresh token on refresh; the newest one must always be kept).
 */
export type ConnectionStatus = 'connected' | 'broken';

export interface ConnectionState {
  provider: string;
  status: ConnectionStatus;
  /** Why it is broken (e.g. "invalid_grant: reconnect QuickBooks"); never a secret. */
  reason?: string;
  changedAt: string;
  /** Start of the last catch-up sync that completed: the next one asks for changes since then. */
  lastSyncedAt?: string;
}

/** Connection state (a DynamoDB item per provider), listed on the dashboard. */
export interface ConnectionStore {
  get(provider: string): Promise<ConnectionState | undefined>;
  list(): Promise<ConnectionState[]>;
  /** Marks it working again (a token refresh succeeded); a no-op when it already is. */
  markConnected(provider: string, at: string): Promise<void>;
  markBroken(provider: string, reason: string, at: string): Promise<void>;
  saveSyncedAt(provider: string, at: string): Promise<void>;
}

/**
 * Where rotating refresh tokens live: Secrets Manager on AWS, the data folder locally. Implementations never
 * log the values.
 */
export interface RefreshTokenVault {
  getRefreshToken(provider: string): Promise<string | undefined>;
  saveRefreshToken(provider: string, token: string): Promise<void>;
}
