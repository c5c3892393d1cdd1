/**
 * Reminder records: one per dispatch key (customer, channel, day). The claim is a conditional write made
 * *before* anything is sent, so a duplicate or concurrent firing finds the key taken and sends nothing; a claim
 * left by a crashed attempt is taken over once it is stale.
 */
import { isLaterStatus } from '#shared/domain/messages/email-events.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { ReminderRecord, ReminderRepository, ReminderStatus } from '#shared/ports/reminders.ts';
import { clampLimit, isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { keys } from './keys.ts';

export class DynamoReminderRepository implements ReminderRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async claim(
    record: Omit<ReminderRecord, 'status' | 'events'>,
    staleAfterMs: number,
  ): Promise<'claimed' | 'done' | 'busy'> {
    const item = {
      ...record,
      status: 'sending' as ReminderStatus,
      events: [],
      ...keys.reminder(record.id),
      ...keys.reminderByStatus('sending', record.date, record.id),
      entity: 'reminder',
    };
    try {
      await this.db.put({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
      return 'claimed';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const existing = await this.get(record.id);
    if (!existing) return 'busy';
    if (existing.status !== 'sending' && existing.status !== 'failed') return 'done';
    const staleBefore = new Date(Date.parse(record.claimedAt) - staleAfterMs).toISOString();
    if (existing.status === 'sending' && existing.claimedAt > staleBefore) return 'busy';
    // Take over a stale or failed attempt, conditioned on the claim we saw so only one taker wins.
    try {
      await this.db.update({
        TableName: this.tableName,
        Key: keys.reminder(record.id),
        UpdateExpression: 'SET claimedAt = :now, #status = :sending, gsi2pk = :g2pk, gsi2sk = :g2sk',
        ConditionExpression: 'claimedAt = :seen',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': record.claimedAt,
          ':sending': 'sending',
          ':seen': existing.claimedAt,
          ...prefixed(keys.reminderByStatus('sending', record.date, record.id)),
        },
      });
      return 'claimed';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'busy';
      throw error;
    }
  }

  async markSent(id: string, reference: string, at: string): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    await this.db.update({
      TableName: this.tableName,
      Key: keys.reminder(id),
      UpdateExpression:
        'SET #status = :status, #reference = :ref, sentAt = :at, gsi2pk = :g2pk, gsi2sk = :g2sk, gsi3pk = :g3pk, gsi3sk = :g3sk',
      // "status" and "reference" are DynamoDB reserved words.
      ExpressionAttributeNames: { '#status': 'status', '#reference': 'reference' },
      ExpressionAttributeValues: {
        ':status': 'sent',
        ':ref': reference,
        ':at': at,
        ...prefixed(keys.reminderByStatus('sent', current.date, id)),
        ...prefixed(keys.reminderByReference(reference)),
      },
    });
  }

  async markFailed(id: string, reason: string): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    await this.db.update({
      TableName: this.tableName,
      Key: keys.reminder(id),
      UpdateExpression: 'SET #status = :status, failure = :reason, gsi2pk = :g2pk, gsi2sk = :g2sk',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': 'failed',
        ':reason': reason,
        ...prefixed(keys.reminderByStatus('failed', current.date, id)),
      },
    });
  }

  async get(id: string): Promise<ReminderRecord | undefined> {
    const { Item } = await this.db.get({ TableName: this.tableName, Key: keys.reminder(id), ConsistentRead: true });
    return Item ? (stripStorage(Item) as unknown as ReminderRecord) : undefined;
  }

  async findByReference(reference: string): Promise<ReminderRecord | undefined> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.reminderByReference(reference).gsi3pk },
    });
    const item = res.Items?.[0];
    return item ? this.get(String(item.id)) : undefined;
  }

  async addEvent(
    id: string,
    event: { type: string; at: string; detail?: string },
    status?: ReminderStatus,
  ): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    if (current.events.some((e) => e.type === event.type && e.at === event.at)) return;
    const names: Record<string, string> = { '#events': 'events' };
    const values: Record<string, unknown> = { ':event': [event], ':count': current.events.length };
    let update = 'SET #events = list_append(#events, :event)';
    // Events arrive out of order and concurrently: the status only ever moves forward (a late "delivered"
    // never undoes a "bounced"), judged against the record as read on this attempt.
    if (status && isLaterStatus(status, current.status)) {
      names['#status'] = 'status';
      values[':status'] = status;
      Object.assign(values, prefixed(keys.reminderByStatus(status, current.date, id)));
      update += ', #status = :status, gsi2pk = :g2pk, gsi2sk = :g2sk';
    }
    try {
      await this.db.update({
        TableName: this.tableName,
        Key: keys.reminder(id),
        UpdateExpression: update,
        // Guarded by the list length we read: a concurrent append makes us re-read instead of duplicating.
        ConditionExpression: 'size(#events) = :count',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      await this.addEvent(id, event, status);
    }
  }

  async listByCustomer(customerId: string, limit?: number): Promise<ReminderRecord[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
      ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk, ':r': 'REMINDER#' },
      ScanIndexForward: false,
      Limit: clampLimit(limit),
    });
    return (res.Items ?? []).map((i) => stripStorage(i) as unknown as ReminderRecord);
  }

  async listByStatus(status: ReminderStatus, limit?: number): Promise<ReminderRecord[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.reminderByStatus(status, '', '').gsi2pk },
      ScanIndexForward: false,
      Limit: clampLimit(limit),
    });
    return (res.Items ?? []).map((i) => stripStorage(i) as unknown as ReminderRecord);
  }
}

function prefixed(attrs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [`:${k.replace('gsi', 'g')}`, v]));
}
