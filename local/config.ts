/**
 * Configuration of the local stack, from the environment (documented in the README). Validated at start:
 * a bad value stops the stack with a message naming the variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from '#shared/platform/zod.ts';

const Env = z.object({
  PORT: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)), 3000),
  RELANCE_DATA_DIR: z._default(z.string().check(z.minLength(1)), '.relance'),
  RELANCE_API_TOKEN: z.optional(z.string().check(z.minLength(16, { error: 'must be at least 16 characters' }))),
  RELANCE_TIME_ZONE: z._default(z.string().check(z.minLength(1)), 'Europe/Paris'),
  RELANCE_MAX_BODY_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 10 * 1024 * 1024),
});

export interface LocalConfig {
  port: number;
  dataDir: string;
  apiToken: string;
  tokenGenerated: boolean;
  timeZone: string;
  maxBodyBytes: number;
}

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const dataDir = resolve(parsed.data.RELANCE_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  let apiToken = parsed.data.RELANCE_API_TOKEN;
  let tokenGenerated = false;
  if (!apiToken) {
    // Generated once and kept in the data folder (mode 600) so a restart keeps the same token.
    const file = join(dataDir, 'api-token');
    if (existsSync(file)) apiToken = readFileSync(file, 'utf8').trim();
    else {
      apiToken = randomBytes(24).toString('base64url');
      writeFileSync(file, apiToken, { mode: 0o600 });
      tokenGenerated = true;
    }
  }
  return {
    port: parsed.data.PORT,
    dataDir,
    apiToken,
    tokenGenerated,
    timeZone: parsed.data.RELANCE_TIME_ZONE,
    maxBodyBytes: parsed.data.RELANCE_MAX_BODY_BYTES,
  };
}
