/**
 * `/webhooks/{bank}` (e.g. `/webhooks/qonto`): a bank's signed transaction notifications. The receiver (injected
 * by the host; connectors are never imported here) checks the signature on the raw bytes, then gives the lines
 * the delivery announces; they are recorded and matched at once, idempotently (keyed by the bank's own id, so a
 * redelivery or the polling catch-up adds nothing).
 *  - wrong, missing or stale signature: 401, nothing recorded;
 *  - a body that is not the bank's payload: 400.
 */
import { Hono } from 'hono';
import { logger } from '#shared/platform/logger.ts';
import type { BankWebhookReceiver } from '#shared/ports/bank.ts';
import { MalformedWebhookError } from '#shared/ports/webhook-events.ts';
import type { BankDeps } from '#shared/use-cases/bank-deps.ts';
import { makeRecordBankLines } from '#shared/use-cases/record-bank-lines.ts';
import { errorBody } from '../errors.ts';

export function bankWebhookRoutes(deps: BankDeps, receivers: readonly BankWebhookReceiver[]): Hono {
  const recordLines = makeRecordBankLines(deps);
  const app = new Hono();
  for (const receiver of receivers) {
    app.post(`/webhooks/${receiver.name}`, async (c) => {
      // The raw bytes, read once: the signature is computed over them, never over re-serialised JSON.
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (!receiver.authenticate({ header: (name) => c.req.header(name), body }, deps.clock.now())) {
        logger.warn('bank webhook refused: authentication failed', { bank: receiver.name });
        return c.json(errorBody('UNAUTHORIZED', 'the webhook could not be authenticated'), 401);
      }
      let lines: Awaited<ReturnType<BankWebhookReceiver['lines']>>;
      try {
        lines = await receiver.lines(body);
      } catch (error) {
        if (!(error instanceof MalformedWebhookError)) throw error;
        logger.warn('bank webhook refused: malformed body', { bank: receiver.name });
        return c.json(errorBody('MALFORMED_WEBHOOK', error.message, [{ message: error.message }]), 400);
      }
      const { counts } = await recordLines(lines, { source: receiver.name });
      logger.info('bank webhook received', { bank: receiver.name, ...counts });
      return c.json({ received: lines.length, counts }, 200);
    });
  }
  return app;
}
