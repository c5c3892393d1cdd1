/**
 * The local stack's RefreshTokenVault: one file per provider in the data folder (mode 600), seeded from the
 * environment the first time (QUICKBOOKS_REFRESH_TOKEN). Once a rotation has been saved, the file wins over the
 * environment: the value in the env is then stale and would be refused by the provider.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RefreshTokenVault } from '#shared/ports/connections.ts';

export class FileTokenVault implements RefreshTokenVault {
  constructor(
    private readonly directory: string,
    private readonly seeds: Readonly<Record<string, string | undefined>> = {},
  ) {}

  private file(provider: string): string {
    return join(this.directory, `${provider}-refresh-token`);
  }

  async getRefreshToken(provider: string): Promise<string | undefined> {
    const file = this.file(provider);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim() || undefined;
    return this.seeds[provider];
  }

  async saveRefreshToken(provider: string, token: string): Promise<void> {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const file = this.file(provider);
    // Write then rename: a crash mid-write never leaves half a token (which would break the connection).
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, token, { mode: 0o600 });
    renameSync(temporary, file);
  }
}
