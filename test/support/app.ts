/** The Hono app over a real dynalite table, called in-process with app.request. */
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import { LocalScheduler } from '#shared/adapters/local/local-scheduler.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { ReminderChannels } from '#shared/ports/reminders.ts';
import { makeDispatchReminders } from '#shared/use-cases/dunning-dispatch.ts';
import { createApp } from '#shared/web/app.ts';
import type { DunningWebDeps } from '#shared/web/web-deps.ts';
import { fixedClock, startTestTable, type TestTable } from './dynamo.ts';

export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const TEST_PORTAL_SECRET = 'test-portal-secret-0123456789';

export async function startTestApp(
  options: { now?: string; maxBodyBytes?: number; dunning?: { channels: ReminderChannels; blobs?: BlobStore } } = {},
) {
  const table: TestTable = await startTestTable();
  const clock = fixedClock(options.now ?? '2026-11-23T09:00:00Z');
  let dunning: DunningWebDeps | undefined;
  if (options.dunning) {
    const repos = {
      reminders: new DynamoReminderRepository(table.db, table.tableName),
      settings: new DynamoSettingsRepository(table.db, table.tableName),
      plans: new DynamoPlanRepository(table.db, table.tableName),
    };
    const dispatch = makeDispatchReminders({
      ...table.stores,
      clock,
      ...repos,
      channels: options.dunning.channels,
      scheduler: new LocalScheduler(table.db, table.tableName, clock),
      portalUrl: (id) => `http://portal.test/portal/${id}`,
    });
    dunning = { ...repos, dispatch, blobs: options.dunning.blobs };
  }
  const app = createApp({
    ...table.stores,
    clock,
    dunning,
    onCustomerChanged: dunning ? async (id) => void (await dunning.dispatch(id)) : undefined,
    config: {
      apiToken: TEST_TOKEN,
      timeZone: 'Europe/Paris',
      maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
      portalSecret: TEST_PORTAL_SECRET,
    },
  });
  const call = (path: string, init: RequestInit & { json?: unknown; token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token !== null) headers.set('authorization', `Bearer ${init.token ?? TEST_TOKEN}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return app.request(path, { ...init, headers, body });
  };
  return { app, table, clock, call, close: () => table.close() };
}

/** Response bodies in tests are read loosely; the assertions check their shape. */
// biome-ignore lint/suspicious/noExplicitAny: test helper reading arbitrary JSON bodies
export const body = (res: Response): Promise<any> => res.json();
