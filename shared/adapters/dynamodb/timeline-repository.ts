/**
 * Timeline entries. Each is written once under its owner (the invoice, or the customer for customer-level
 * events), keyed by its deterministic id, so appending the same event twice is a no-op. A customer's whole
 * timeline, across its invoices, is one index query in time order.
 */
import type { TimelineEvent } from '#shared/domain/timeline.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { TimelineRepository } from '#shared/ports/repositories.ts';
import { clampLimit, isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { keys } from './keys.ts';

export class DynamoTimelineRepository implements TimelineRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async append(event: TimelineEvent): Promise<boolean> {
    const owner = event.invoiceId ? keys.invoice(event.invoiceId).pk : keys.customer(event.customerId).pk;
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: {
          ...event,
          ...keys.timelineEntry(owner, event.id),
          ...keys.customerTimeline(event.customerId, event.at, event.id),
          entity: 'timeline',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async forInvoice(invoiceId: string, options: { limit?: number } = {}): Promise<TimelineEvent[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tl)',
      ExpressionAttributeValues: { ':pk': keys.invoice(invoiceId).pk, ':tl': 'TL#' },
    });
    // Keys order entries by id (for idempotency); people read them newest first.
    return (res.Items ?? [])
      .map((i) => stripStorage(i) as unknown as TimelineEvent)
      .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      .slice(0, clampLimit(options.limit, 200));
  }

  async forCustomer(customerId: string, options: { limit?: number } = {}): Promise<TimelineEvent[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': `TIMELINE#${customerId}` },
      ScanIndexForward: false,
      Limit: clampLimit(options.limit, 200),
    });
    return (res.Items ?? []).map((i) => stripStorage(i) as unknown as TimelineEvent);
  }
}
