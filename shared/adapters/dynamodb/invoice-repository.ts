/**
 * Invoices in the single table. Plain lib-dynamodb rather than ElectroDB: the writes we need are conditional
 * puts on a revision and guarded updates, which are one line each here and awkward through an entity layer,
 * and the bundle stays small.
 */
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import type { Invoice } from '#shared/domain/invoice.ts';
import { type InvoiceState, isCollectible } from '#shared/domain/invoice-lifecycle.ts';
import type { TimelineEvent } from '#shared/domain/timeline.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { InvoiceRepository, Page, Revisioned } from '#shared/ports/repositories.ts';
import { clampLimit, decodeCursor, encodeCursor, isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { keys, numberForm } from './keys.ts';

export class DynamoInvoiceRepository implements InvoiceRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<(Revisioned<Invoice> & { outbox: TimelineEvent[] }) | undefined> {
    const { Item } = await this.db.get({ TableName: this.tableName, Key: keys.invoice(id), ConsistentRead: true });
    if (!Item) return undefined;
    return {
      value: toInvoice(Item),
      rev: Number(Item.rev),
      outbox: (Item.outbox as TimelineEvent[] | undefined) ?? [],
    };
  }

  async put(invoice: Invoice, expectedRev: number | undefined, outbox: TimelineEvent[]): Promise<number> {
    const rev = (expectedRev ?? 0) + 1;
    const item = {
      ...invoice,
      outbox,
      ...keys.invoice(invoice.id),
      ...keys.invoiceOfCustomer(invoice.customerId, isCollectible(invoice.state), invoice.dueDate, invoice.id),
      ...keys.invoiceByState(invoice.state, invoice.dueDate, invoice.id),
      ...keys.invoiceByNumber(invoice.number, invoice.id),
      entity: 'invoice',
      rev,
    };
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: item,
        ...(expectedRev === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': expectedRev } }),
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentUpdateError('invoice', invoice.id);
      throw error;
    }
    return rev;
  }

  async listCollectibleByCustomer(customerId: string): Promise<Invoice[]> {
    const out: Invoice[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const res = await this.db.query({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :open)',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}#INVOICES`, ':open': 'OPEN#' },
        ExclusiveStartKey: cursor,
      });
      out.push(...(res.Items ?? []).map(toInvoice));
      cursor = res.LastEvaluatedKey;
    } while (cursor);
    return out;
  }

  async listByCustomer(customerId: string, page: { limit?: number; cursor?: string } = {}): Promise<Page<Invoice>> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}#INVOICES` },
      ScanIndexForward: false,
      Limit: clampLimit(page.limit),
      ExclusiveStartKey: decodeCursor(page.cursor),
    });
    return { items: (res.Items ?? []).map(toInvoice), cursor: encodeCursor(res.LastEvaluatedKey) };
  }

  async listByState(
    state: InvoiceState,
    options: { dueBefore?: string; dueFrom?: string; limit?: number; cursor?: string } = {},
  ): Promise<Page<Invoice>> {
    const values: Record<string, string> = { ':pk': `INVOICES#STATE#${state}` };
    let range = '';
    // Sort keys are `dueDate#id`; '#' sorts before every id character, '~' after, so these bounds are exact.
    if (options.dueFrom && options.dueBefore) {
      range = ' AND gsi2sk BETWEEN :from AND :before';
      values[':from'] = `${options.dueFrom}#`;
      values[':before'] = `${options.dueBefore}#`;
    } else if (options.dueBefore) {
      range = ' AND gsi2sk < :before';
      values[':before'] = `${options.dueBefore}#`;
    } else if (options.dueFrom) {
      range = ' AND gsi2sk >= :from';
      values[':from'] = `${options.dueFrom}#`;
    }
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: `gsi2pk = :pk${range}`,
      ExpressionAttributeValues: values,
      Limit: clampLimit(options.limit),
      ExclusiveStartKey: decodeCursor(options.cursor),
    });
    return { items: (res.Items ?? []).map(toInvoice), cursor: encodeCursor(res.LastEvaluatedKey) };
  }

  async findByNumber(number: string): Promise<Invoice[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': `INVOICES#NUMBER#${numberForm(number)}` },
    });
    return (res.Items ?? []).map(toInvoice);
  }
}

function toInvoice(item: Record<string, unknown>): Invoice {
  return stripStorage(item, ['outbox']) as unknown as Invoice;
}
