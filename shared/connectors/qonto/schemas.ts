/** The parts of Qonto's API and webhook payloads the connector reads (INTEGRATIONS.md §5.4); the rest passes. */
import { z } from 'zod';

export const QontoTransaction = z.looseObject({
  id: z.string().min(1),
  transaction_id: z.string().optional(),
  amount_cents: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  side: z.enum(['credit', 'debit']),
  operation_type: z.string().optional(),
  status: z.enum(['pending', 'completed', 'declined']).or(z.string()),
  label: z.string().nullish(),
  clean_counterparty_name: z.string().nullish(),
  reference: z.string().nullish(),
  settled_at: z.string().nullish(),
  emitted_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  transfer: z
    .looseObject({
      counterparty_account_number: z.string().nullish(),
      counterparty_account_number_format: z.string().nullish(),
      counterparty_bank_identifier: z.string().nullish(),
    })
    .nullish(),
});
export type QontoTransaction = z.infer<typeof QontoTransaction>;

export const QontoTransactionList = z.looseObject({
  transactions: z.array(QontoTransaction),
  meta: z.looseObject({ next_page: z.number().int().positive().nullish() }),
});

export const QontoTransactionOne = z.looseObject({ transaction: QontoTransaction });

/** A `v1/transactions` webhook delivery: `data` carries the transaction (at least its id). */
export const QontoWebhookPayload = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  data: z.looseObject({ id: z.string().min(1), event: z.string().optional() }),
});
