/** The webhook receivers of the connected providers (each checks its provider's signature, Basic auth or path secret). */
import { ChargebeeWebhookReceiver } from '#shared/connectors/chargebee/webhook.ts';
import { QuickBooksWebhookReceiver } from '#shared/connectors/quickbooks/webhook.ts';
import { SellsyWebhookReceiver } from '#shared/connectors/sellsy/webhook.ts';
import type { WebhookDeps } from '#shared/web/webhooks/routes.ts';
import type { ConnectedProviders } from './providers.ts';

export function webhookReceivers(providers: ConnectedProviders): WebhookDeps['receivers'] {
  const receivers: WebhookDeps['receivers'] = {};
  if (providers.sellsy) receivers.sellsy = new SellsyWebhookReceiver(providers.sellsy.SELLSY_WEBHOOK_SECRET);
  if (providers.quickbooks)
    receivers.quickbooks = new QuickBooksWebhookReceiver(providers.quickbooks.QUICKBOOKS_VERIFIER_TOKEN);
  if (providers.chargebee)
    receivers.chargebee = new ChargebeeWebhookReceiver({
      user: providers.chargebee.CHARGEBEE_WEBHOOK_USER,
      password: providers.chargebee.CHARGEBEE_WEBHOOK_PASSWORD,
    });
  return receivers;
}
