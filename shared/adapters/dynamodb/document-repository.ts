/**
 * Intake documents in the single table: one item per file (pk DOCUMENT#sha256), on the gsi2 work list of its
 * state (DOCUMENTS#STATE#state, most recent first), plus one claim item per seller + invoice number.
 */
import type { DocumentState, IntakeDocument } from '#shared/domain/documents/intake-document.ts';
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { DocumentRepository } from '#shared/ports/documents.ts';
import type { Page, Revisioned } from '#shared/ports/repositories.ts';
import { clampLimit, decodeCursor, encodeCursor, isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { keys } from './keys.ts';

export class DynamoDocumentRepository implements DocumentRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async create(doc: IntakeDocument): Promise<{ created: boolean; document: Revisioned<IntakeDocument> }> {
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: toItem(doc, 1),
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return { created: true, document: { value: doc, rev: 1 } };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.get(doc.id);
      if (!existing) throw error;
      return { created: false, document: existing };
    }
  }

  async get(id: string): Promise<Revisioned<IntakeDocument> | undefined> {
    const { Item } = await this.db.get({ TableName: this.tableName, Key: keys.document(id), ConsistentRead: true });
    return Item ? { value: toDocument(Item), rev: Number(Item.rev) } : undefined;
  }

  async put(doc: IntakeDocument, expectedRev: number): Promise<number> {
    const rev = expectedRev + 1;
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: toItem(doc, rev),
        ConditionExpression: 'rev = :rev',
        ExpressionAttributeValues: { ':rev': expectedRev },
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentUpdateError('document', doc.id);
      throw error;
    }
    return rev;
  }

  async addAlias(id: string, key: string): Promise<void> {
    try {
      // A string set makes the addition idempotent; the revision moves so a writer holding an older read retries
      // instead of dropping the alias with its full-item put.
      await this.db.update({
        TableName: this.tableName,
        Key: keys.document(id),
        UpdateExpression: 'ADD aliases :key, rev :one',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(aliases) OR NOT contains(aliases, :alias))',
        ExpressionAttributeValues: { ':key': new Set([key]), ':alias': key, ':one': 1 },
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async listByState(
    state: DocumentState,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<Page<IntakeDocument>> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `DOCUMENTS#STATE#${state}` },
      ScanIndexForward: false,
      Limit: clampLimit(options.limit),
      ExclusiveStartKey: decodeCursor(options.cursor),
    });
    return { items: (res.Items ?? []).map(toDocument), cursor: encodeCursor(res.LastEvaluatedKey) };
  }

  async claimNumber(sellerKey: string, numberKey: string, documentId: string): Promise<string> {
    const key = keys.documentNumber(sellerKey, numberKey);
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: { ...key, entity: 'document-number', documentId },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return documentId;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const { Item } = await this.db.get({ TableName: this.tableName, Key: key, ConsistentRead: true });
      if (typeof Item?.documentId !== 'string') throw error;
      return Item.documentId;
    }
  }
}

function toItem(doc: IntakeDocument, rev: number): Record<string, unknown> {
  const { aliases, ...rest } = doc;
  return {
    ...rest,
    // DynamoDB refuses empty sets: no aliases is no attribute.
    ...(aliases.length ? { aliases: new Set(aliases) } : {}),
    ...keys.document(doc.id),
    ...keys.documentByState(doc.state, doc.updatedAt, doc.id),
    entity: 'document',
    rev,
  };
}

function toDocument(item: Record<string, unknown>): IntakeDocument {
  const aliases = item.aliases instanceof Set ? [...(item.aliases as Set<string>)].sort() : [];
  const rest = stripStorage(item, ['aliases']);
  return { ...(rest as unknown as IntakeDocument), aliases, reviewReasons: (rest.reviewReasons as string[]) ?? [] };
}
