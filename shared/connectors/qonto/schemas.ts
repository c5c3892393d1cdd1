/** The parts of Qonto's API and webhook payloads the connector reads (INTEGRATIONS.md §5.4); the rest passes. */
import * as z from '#shared/platform/zod.ts';

const nullishString = () => z.nullish(z.string());

export const QontoTransaction = z.looseObject({
  id: z.string().check(z.minLength(1)),
  transaction_id: z.optional(z.string()),
  amount_cents: z.number().check(z.int(), z.nonnegative()),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  side: z.enum(['credit', 'debit']),
  operation_type: z.optional(z.string()),
  status: z.union([z.enum(['pending', 'completed', 'declined']), z.string()]),
  label: nullishString(),
  clean_counterparty_name: nullishString(),
  reference: nullishString(),
  settled_at: nullishString(),
  emitted_at: nullishString(),
  updated_at: nullishString(),
  transfer: z.nullish(
    z.looseObject({
      counterparty_account_number: nullishString(),
      counterparty_account_number_format: nullishString(),
      counterparty_bank_identifier: nullishString(),
    }),
  ),
});
export type QontoTransaction = z.infer<typeof QontoTransaction>;

export const QontoTransactionList = z.looseObject({
  transactions: z.array(QontoTransaction),
  meta: z.looseObject({ next_page: z.nullish(z.number().check(z.int(), z.positive())) }),
});

export const QontoTransactionOne = z.looseObject({ transaction: QontoTransaction });

/** A `v1/transactions` webhook delivery: `data` carries the transaction (at least its id). */
export const QontoWebhookPayload = z.looseObject({
  id: z.string().check(z.minLength(1)),
  type: z.optional(z.string()),
  data: z.looseObject({ id: z.string().check(z.minLength(1)), event: z.optional(z.string()) }),
});
