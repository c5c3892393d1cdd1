/**
 * Raw provider events in the single table. Recording is a conditional put on the event's key, which is the
 * deduplication: the second delivery of an event id finds it there. The state index lists what still needs
 * attention (received, failed) and nothing else.
 */

import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { Page } from '#shared/ports/repositories.ts';
import type { NewWebhookEvent, WebhookEventRecord, WebhookEventStore } from '#shared/ports/webhook-events.ts';
import { clampLimit, decodeCursor, encodeCursor, isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { integrationKeys } from './integration-keys.ts';

/** DynamoDB items are at most 400 KB; a raw payload beyond this is kept truncated (and says so). */
const MAX_RAW_CHARS = 200_000;

export class DynamoWebhookEventStore implements WebhookEventStore {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async record(input: NewWebhookEvent): Promise<'new' | 'duplicate'> {
    const state = input.failure ? 'failed' : 'received';
    const truncated = input.raw.length > MAX_RAW_CHARS;
    const item = {
      ...integrationKeys.event(input.provider, input.eventId),
      ...integrationKeys.eventByState(state, input.receivedAt, input.provider, input.eventId),
      entity: 'webhook_event',
      provider: input.provider,
      eventId: input.eventId,
      state,
      event: input.event,
      raw: truncated ? input.raw.slice(0, MAX_RAW_CHARS) : input.raw,
      rawTruncated: truncated || undefined,
      reason: input.failure,
      attempts: 0,
      receivedAt: input.receivedAt,
      updatedAt: input.receivedAt,
    };
    try {
      await this.db.put({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
      return 'new';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'duplicate';
      throw error;
    }
  }

  async get(provider: string, eventId: string): Promise<WebhookEventRecord | undefined> {
    const { Item } = await this.db.get({
      TableName: this.tableName,
      Key: integrationKeys.event(provider, eventId),
      ConsistentRead: true,
    });
    return Item ? toRecord(Item) : undefined;
  }

  async markProcessed(provider: string, eventId: string, at: string): Promise<void> {
    await this.db.update({
      TableName: this.tableName,
      Key: integrationKeys.event(provider, eventId),
      UpdateExpression: 'SET #state = :processed, updatedAt = :at REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':processed': 'processed', ':at': at },
    });
  }

  async markFailed(provider: string, eventId: string, reason: string, at: string): Promise<void> {
    const current = await this.get(provider, eventId);
    if (!current) return;
    try {
      await this.db.update({
        TableName: this.tableName,
        Key: integrationKeys.event(provider, eventId),
        UpdateExpression:
          'SET #state = :failed, reason = :reason, updatedAt = :at, gsi2pk = :pk, gsi2sk = :sk ADD attempts :one',
        // A concurrent delivery that succeeded wins: a processed event is never marked failed afterwards.
        ConditionExpression: 'attribute_exists(pk) AND #state <> :processed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':processed': 'processed',
          ':reason': reason.slice(0, 1000),
          ':at': at,
          ':one': 1,
          ...prefixed(integrationKeys.eventByState('failed', current.receivedAt, provider, eventId)),
        },
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async listFailed(
    options: { provider?: string; limit?: number; cursor?: string } = {},
  ): Promise<Page<WebhookEventRecord>> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ...(options.provider
        ? {
            FilterExpression: 'provider = :provider',
            ExpressionAttributeValues: { ':pk': 'EVENTS#STATE#failed', ':provider': options.provider },
          }
        : { ExpressionAttributeValues: { ':pk': 'EVENTS#STATE#failed' } }),
      Limit: clampLimit(options.limit),
      ExclusiveStartKey: decodeCursor(options.cursor),
    });
    return { items: (res.Items ?? []).map(toRecord), cursor: encodeCursor(res.LastEvaluatedKey) };
  }
}

function prefixed(keys: { gsi2pk: string; gsi2sk: string }) {
  return { ':pk': keys.gsi2pk, ':sk': keys.gsi2sk };
}

function toRecord(item: Record<string, unknown>): WebhookEventRecord {
  return stripStorage(item, ['rawTruncated']) as unknown as WebhookEventRecord;
}
