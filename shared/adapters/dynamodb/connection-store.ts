/**
 * Provider connection state in the single table: one item per provider (status, reason, last sync), all of
 * them listed by one index query for the dashboard. Credentials are not here (see RefreshTokenVault).
 */

import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { ConnectionState, ConnectionStore } from '#shared/ports/connections.ts';
import { isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { integrationKeys } from './integration-keys.ts';

export class DynamoConnectionStore implements ConnectionStore {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async get(provider: string): Promise<ConnectionState | undefined> {
    const { Item } = await this.db.get({
      TableName: this.tableName,
      Key: integrationKeys.connection(provider),
      ConsistentRead: true,
    });
    return Item ? (stripStorage(Item) as unknown as ConnectionState) : undefined;
  }

  async list(): Promise<ConnectionState[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CONNECTIONS' },
    });
    return (res.Items ?? []).map((i) => stripStorage(i) as unknown as ConnectionState);
  }

  async markConnected(provider: string, at: string): Promise<void> {
    try {
      await this.update(
        provider,
        'SET #status = :connected, changedAt = :at REMOVE reason',
        { ':at': at },
        {
          // Only a real change is written: a refresh every hour must not churn the item.
          condition: 'attribute_not_exists(pk) OR #status <> :connected',
        },
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async markBroken(provider: string, reason: string, at: string): Promise<void> {
    await this.update(provider, 'SET #status = :broken, reason = :reason, changedAt = :at', {
      ':broken': 'broken',
      ':reason': reason.slice(0, 500),
      ':at': at,
    });
  }

  async saveSyncedAt(provider: string, at: string): Promise<void> {
    await this.update(
      provider,
      'SET lastSyncedAt = :at, #status = if_not_exists(#status, :connected), changedAt = if_not_exists(changedAt, :at)',
      { ':at': at },
    );
  }

  private async update(
    provider: string,
    expression: string,
    values: Record<string, unknown>,
    options: { condition?: string } = {},
  ): Promise<void> {
    const list = integrationKeys.connectionList(provider);
    const update = expression.replace(
      /^SET /,
      'SET entity = :entity, provider = :provider, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, ',
    );
    const all: Record<string, unknown> = {
      ':entity': 'connection',
      ':provider': provider,
      ':gsi1pk': list.gsi1pk,
      ':gsi1sk': list.gsi1sk,
      ':connected': 'connected',
      ...values,
    };
    // DynamoDB refuses values an expression does not use.
    const used = `${update} ${options.condition ?? ''}`;
    await this.db.update({
      TableName: this.tableName,
      Key: integrationKeys.connection(provider),
      UpdateExpression: update,
      ...(options.condition ? { ConditionExpression: options.condition } : {}),
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: Object.fromEntries(
        Object.entries(all).filter(([k]) => new RegExp(`${k}\\b`).test(used)),
      ),
    });
  }
}
