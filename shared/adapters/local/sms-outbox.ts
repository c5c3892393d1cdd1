/**
 * The local SMS sender: nothing leaves the laptop; each SMS is written to an outbox in the table, which the
 * dashboard shows. Keyed by the reminder id, so a redelivered reminder records (and "sends") one SMS.
 */

import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { OutgoingSms, SmsOutbox, SmsOutboxEntry, SmsSender } from '#shared/ports/messaging.ts';
import { clampLimit, isConditionalCheckFailed, stripStorage } from '../dynamodb/dynamo-helpers.ts';
import { keys } from '../dynamodb/keys.ts';

export class LocalSmsOutbox implements SmsSender, SmsOutbox {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async send(sms: OutgoingSms): Promise<{ messageId: string }> {
    const at = this.clock.now().toISOString();
    const entry: SmsOutboxEntry = { ...sms, messageId: `local-sms-${sms.reference}`, at };
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: { ...entry, ...keys.sms(sms.reference), ...keys.smsOutbox(at, sms.reference), entity: 'sms' },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return { messageId: entry.messageId };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const { Item } = await this.db.get({
        TableName: this.tableName,
        Key: keys.sms(sms.reference),
        ConsistentRead: true,
      });
      return { messageId: String(Item?.messageId ?? entry.messageId) };
    }
  }

  async list(limit?: number): Promise<SmsOutboxEntry[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'SMS#OUTBOX' },
      ScanIndexForward: false,
      Limit: clampLimit(limit, 100),
    });
    return (res.Items ?? []).map((i) => stripStorage(i) as unknown as SmsOutboxEntry);
  }
}
