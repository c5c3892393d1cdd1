/**
 * The provider integrations on the local stack: each one is switched on only when its environment variables
 * are set (DESIGN.md §4). The in-process queue's consumer is the worker; the catch-up sync runs at start and
 * then every hour. Refresh tokens rotate into the data folder (credentials/), never into logs.
 */
import { join } from 'node:path';
import { DynamoConnectionStore } from '#shared/adapters/dynamodb/connection-store.ts';
import { DynamoWebhookEventStore } from '#shared/adapters/dynamodb/webhook-event-store.ts';
import { FileTokenVault } from '#shared/adapters/local/file-token-vault.ts';
import type { InProcessQueue } from '#shared/adapters/local/in-process-queue.ts';
import { ChargebeeClient } from '#shared/connectors/chargebee/client.ts';
import { ChargebeeEnv, chargebeeRequested } from '#shared/connectors/chargebee/config.ts';
import { ChargebeeWebhookReceiver } from '#shared/connectors/chargebee/webhook.ts';
import { QuickBooksClient } from '#shared/connectors/quickbooks/client.ts';
import { QuickBooksEnv, quickBooksRequested } from '#shared/connectors/quickbooks/config.ts';
import { QuickBooksTokens } from '#shared/connectors/quickbooks/tokens.ts';
import { QuickBooksWebhookReceiver } from '#shared/connectors/quickbooks/webhook.ts';
import { SellsyClient } from '#shared/connectors/sellsy/client.ts';
import { SellsyEnv, sellsyRequested } from '#shared/connectors/sellsy/config.ts';
import { SellsyTokens } from '#shared/connectors/sellsy/tokens.ts';
import { SellsyWebhookReceiver } from '#shared/connectors/sellsy/webhook.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { loadConfig } from '#shared/platform/config.ts';
import { logger } from '#shared/platform/logger.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { InvoiceSourceClient } from '#shared/ports/invoice-source.ts';
import { PROVIDER_EVENTS_QUEUE, type ProviderEventMessage } from '#shared/ports/webhook-events.ts';
import { makeProviderEventConsumer } from '#shared/use-cases/process-provider-event.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';
import { makeSyncProvider } from '#shared/use-cases/sync-provider.ts';
import type { WebhookDeps } from '#shared/web/webhooks/routes.ts';

const SYNC_EVERY_MS = 3600_000;

export function startIntegrations(options: {
  deps: UseCaseDeps;
  db: DynamoDocuments;
  tableName: string;
  blobs: BlobStore;
  queue: InProcessQueue;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}): { webhooks?: WebhookDeps; stop(): void } {
  const env = options.env ?? process.env;
  const events = new DynamoWebhookEventStore(options.db, options.tableName);
  const connections = new DynamoConnectionStore(options.db, options.tableName);
  const receivers: WebhookDeps['receivers'] = {};
  const sources: Record<string, InvoiceSourceClient> = {};

  if (chargebeeRequested(env)) {
    const cfg = loadConfig(ChargebeeEnv, env);
    receivers.chargebee = new ChargebeeWebhookReceiver({
      user: cfg.CHARGEBEE_WEBHOOK_USER,
      password: cfg.CHARGEBEE_WEBHOOK_PASSWORD,
    });
    sources.chargebee = new ChargebeeClient({ siteUrl: cfg.CHARGEBEE_SITE_URL, apiKey: cfg.CHARGEBEE_API_KEY });
  }
  if (quickBooksRequested(env)) {
    const cfg = loadConfig(QuickBooksEnv, env);
    const vault = new FileTokenVault(join(options.dataDir, 'credentials'), {
      quickbooks: cfg.QUICKBOOKS_REFRESH_TOKEN,
    });
    const tokens = new QuickBooksTokens({
      tokenUrl: cfg.QUICKBOOKS_TOKEN_URL,
      clientId: cfg.QUICKBOOKS_CLIENT_ID,
      clientSecret: cfg.QUICKBOOKS_CLIENT_SECRET,
      vault,
      connections,
      clock: options.deps.clock,
    });
    receivers.quickbooks = new QuickBooksWebhookReceiver(cfg.QUICKBOOKS_VERIFIER_TOKEN);
    sources.quickbooks = new QuickBooksClient({
      apiUrl: cfg.QUICKBOOKS_API_URL,
      tokens,
      realmId: cfg.QUICKBOOKS_REALM_ID,
    });
  }
  if (sellsyRequested(env)) {
    const cfg = loadConfig(SellsyEnv, env);
    const tokens = new SellsyTokens({
      tokenUrl: cfg.SELLSY_TOKEN_URL,
      clientId: cfg.SELLSY_CLIENT_ID,
      clientSecret: cfg.SELLSY_CLIENT_SECRET,
      connections,
      clock: options.deps.clock,
    });
    receivers.sellsy = new SellsyWebhookReceiver(cfg.SELLSY_WEBHOOK_SECRET);
    sources.sellsy = new SellsyClient({ apiUrl: cfg.SELLSY_API_URL, tokens });
  }
  if (Object.keys(sources).length === 0) return { stop: () => undefined };

  const consume = makeProviderEventConsumer({ ...options.deps, blobs: options.blobs, events, sources });
  options.queue.consume(PROVIDER_EVENTS_QUEUE, async (m) => {
    await consume(m.body as ProviderEventMessage);
  });
  const sync = makeSyncProvider({
    events,
    queue: options.queue,
    connections,
    invoices: options.deps.invoices,
    clock: options.deps.clock,
    sources,
  });
  const syncAll = async () => {
    for (const provider of Object.keys(sources)) {
      try {
        const result = await sync(provider);
        logger.info('catch-up sync done', { provider, ...result });
      } catch (error) {
        logger.warn('catch-up sync failed', {
          provider,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  void syncAll();
  const timer = setInterval(() => void syncAll(), SYNC_EVERY_MS);
  timer.unref();
  return { webhooks: { receivers, events, queue: options.queue }, stop: () => clearInterval(timer) };
}
