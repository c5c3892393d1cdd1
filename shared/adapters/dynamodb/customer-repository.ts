/**
 * Customers in the single table. The profile and the receivables aggregate live on one item but are written
 * independently, each under its own revision (`rev`, `aggRev`): a profile edit never clobbers an aggregate
 * recomputed at the same moment, and vice versa.
 */
import type { Customer } from '#shared/domain/customer.ts';
import {
  type CustomerAggregate,
  EMPTY_AGGREGATE,
  type LedgerEntry,
  primaryBalance,
} from '#shared/domain/customer-aggregate.ts';
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import { type CustomerDigest, digestOf } from '#shared/domain/receivables/customer-digest.ts';
import type { TimelineEvent } from '#shared/domain/timeline.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { CustomerKeyKind, CustomerRepository, CustomerSummary, Page } from '#shared/ports/repositories.ts';
import { clampLimit, decodeCursor, encodeCursor, isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { keys, searchForm } from './keys.ts';
import {
  decodeDigest,
  digestAttribute,
  encodeDigest,
  SUMMARY_SHARDS,
  shardOf,
  summaryKey,
  versionAttribute,
} from './receivables-summary.ts';

/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_MAX = 100;
/** Summary shards asked per BatchGetItem call (each shard item is up to a few hundred KB). */
const SUMMARY_SHARDS_PER_CALL = 4;

/** Every profile attribute a put may set or remove; anything else on the item is not the profile's. */
const PROFILE_FIELDS = [
  'id',
  'legalName',
  'siren',
  'siret',
  'vatNumber',
  'address',
  'language',
  'timeZone',
  'segment',
  'contacts',
  'planId',
  'pausedUntil',
  'sourceRefs',
  'needsReview',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Customer)[];

export class DynamoCustomerRepository implements CustomerRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async get(id: string) {
    const { Item } = await this.db.get({ TableName: this.tableName, Key: keys.customer(id), ConsistentRead: true });
    if (!Item) return undefined;
    const { customer, aggregate } = toSummary(Item);
    return {
      value: customer,
      rev: Number(Item.rev),
      aggregate,
      aggregateRev: Number(Item.aggRev ?? 0),
      outbox: (Item.outbox as TimelineEvent[] | undefined) ?? [],
    };
  }

  async put(customer: Customer, expectedRev: number | undefined, outbox: TimelineEvent[]): Promise<number> {
    const rev = (expectedRev ?? 0) + 1;
    const names: Record<string, string> = { '#rev': 'rev', '#entity': 'entity', '#outbox': 'outbox' };
    const values: Record<string, unknown> = { ':rev': rev, ':entity': 'customer', ':outbox': outbox };
    const sets = ['#rev = :rev', '#entity = :entity', '#outbox = :outbox'];
    const removes: string[] = [];
    const byName = keys.customerByName(customer.legalName, customer.id);
    for (const [attr, value] of Object.entries(byName)) {
      names[`#${attr}`] = attr;
      values[`:${attr}`] = value;
      sets.push(`#${attr} = :${attr}`);
    }
    for (const field of PROFILE_FIELDS) {
      names[`#${field}`] = field;
      const value = customer[field];
      if (value === undefined) removes.push(`#${field}`);
      else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    }
    let condition: string;
    if (expectedRev === undefined) {
      condition = 'attribute_not_exists(pk)';
      names['#agg'] = 'agg';
      names['#aggRev'] = 'aggRev';
      values[':agg'] = EMPTY_AGGREGATE;
      values[':zero'] = 0;
      sets.push('#agg = :agg', '#aggRev = :zero');
    } else {
      condition = '#rev = :expected';
      values[':expected'] = expectedRev;
    }
    try {
      await this.db.update({
        TableName: this.tableName,
        Key: keys.customer(customer.id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentUpdateError('customer', customer.id);
      throw error;
    }
    await this.syncSummary(customer.id);
    return rev;
  }

  async claimKey(kind: CustomerKeyKind, value: string, customerId: string): Promise<string> {
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: { ...keys.customerLookup(kind, value), entity: 'lookup', customerId },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return customerId;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const owner = await this.findByKey(kind, value);
      if (!owner) throw error;
      return owner;
    }
  }

  async findByKey(kind: CustomerKeyKind, value: string): Promise<string | undefined> {
    const { Item } = await this.db.get({
      TableName: this.tableName,
      Key: keys.customerLookup(kind, value),
      ConsistentRead: true,
    });
    return typeof Item?.customerId === 'string' ? Item.customerId : undefined;
  }

  async findByEmailDomain(domain: string): Promise<string[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `DOMAIN#${domain.toLowerCase()}` },
    });
    return (res.Items ?? []).map((i) => String(i.customerId));
  }

  async addEmailDomain(domain: string, customerId: string): Promise<void> {
    await this.db.put({
      TableName: this.tableName,
      Item: { ...keys.emailDomain(domain.toLowerCase(), customerId), entity: 'domain', customerId },
    });
  }

  async ledger(customerId: string): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.query({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ledger)',
        ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk, ':ledger': 'LEDGER#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      });
      out.push(
        ...(res.Items ?? [])
          .filter((i) => !i.removed)
          .map((i) => stripStorage(i, ['invoiceRev', 'removed']) as unknown as LedgerEntry),
      );
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async putLedgerEntry(customerId: string, entry: LedgerEntry, invoiceRev: number): Promise<void> {
    await this.writeLedger(customerId, entry.invoiceId, invoiceRev, { ...entry, removed: false });
  }

  async removeLedgerEntry(customerId: string, invoiceId: string, invoiceRev: number): Promise<void> {
    // A tombstone rather than a delete keeps the revision, so a late, older write cannot resurrect the entry.
    await this.writeLedger(customerId, invoiceId, invoiceRev, { invoiceId, removed: true });
  }

  private async writeLedger(customerId: string, invoiceId: string, invoiceRev: number, body: object): Promise<void> {
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: { ...body, ...keys.ledgerEntry(customerId, invoiceId), entity: 'ledger', invoiceRev },
        ConditionExpression: 'attribute_not_exists(pk) OR invoiceRev < :rev',
        ExpressionAttributeValues: { ':rev': invoiceRev },
      });
    } catch (error) {
      // A newer (or the same) revision is already recorded: nothing to do.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async putAggregate(customerId: string, aggregate: CustomerAggregate, expectedRev: number): Promise<void> {
    const main = primaryBalance(aggregate);
    const debtor = main && main.amount > 0 ? keys.debtor(main.amount, customerId) : undefined;
    try {
      await this.db.update({
        TableName: this.tableName,
        Key: keys.customer(customerId),
        UpdateExpression: debtor
          ? 'SET agg = :agg, aggRev = :next, gsi2pk = :g2pk, gsi2sk = :g2sk'
          : 'SET agg = :agg, aggRev = :next REMOVE gsi2pk, gsi2sk',
        ConditionExpression: 'attribute_exists(pk) AND aggRev = :expected',
        ExpressionAttributeValues: {
          ':agg': aggregate,
          ':next': expectedRev + 1,
          ':expected': expectedRev,
          ...(debtor ? { ':g2pk': debtor.gsi2pk, ':g2sk': debtor.gsi2sk } : {}),
        },
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentUpdateError('customer aggregate', customerId);
      throw error;
    }
    await this.syncSummary(customerId);
  }

  async syncSummary(customerId: string): Promise<void> {
    const { Item } = await this.db.get({
      TableName: this.tableName,
      Key: keys.customer(customerId),
      ConsistentRead: true,
    });
    if (!Item) return;
    // Each write of the record bumps one of the two revisions: their sum orders every state the record had.
    const version = Number(Item.rev ?? 0) + Number(Item.aggRev ?? 0);
    const { customer, aggregate } = toSummary(Item);
    const digest = digestOf(customer, aggregate);
    try {
      await this.db.update({
        TableName: this.tableName,
        Key: summaryKey(shardOf(customerId)),
        // The version stays when the digest goes, so an older, late sync cannot bring the digest back.
        UpdateExpression: digest ? 'SET #v = :v, #c = :c, entity = :entity' : 'SET #v = :v REMOVE #c',
        ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
        ExpressionAttributeNames: { '#v': versionAttribute(customerId), '#c': digestAttribute(customerId) },
        ExpressionAttributeValues: {
          ':v': version,
          ...(digest ? { ':c': encodeDigest(digest), ':entity': 'summary' } : {}),
        },
      });
    } catch (error) {
      // This state (or a newer one) is already in the summary.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async readSummary(): Promise<CustomerDigest[]> {
    // A few shards per call: each response stays well under BatchGetItem's 16 MB (and the emulator's smaller) limit.
    const items = await this.batchGet(
      Array.from({ length: SUMMARY_SHARDS }, (_, shard) => summaryKey(shard)),
      SUMMARY_SHARDS_PER_CALL,
    );
    const out: CustomerDigest[] = [];
    for (const item of items) {
      for (const [name, value] of Object.entries(item)) {
        if (name.startsWith('c_') && typeof value === 'string') out.push(decodeDigest(name.slice(2), value));
      }
    }
    return out;
  }

  async getMany(ids: readonly string[]): Promise<CustomerSummary[]> {
    const items = await this.batchGet([...new Set(ids)].map((id) => keys.customer(id)));
    const byId = new Map(items.map((i) => [String(i.id), toSummary(i)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * BatchGetItem in chunks of `chunk` keys, the chunks in parallel. Keys left unprocessed are asked again: at once
   * when the call returned items (the response hit its size limit), after a growing pause when it returned none
   * (throttled).
   */
  private async batchGet(
    wanted: readonly Record<string, string>[],
    chunk = BATCH_GET_MAX,
  ): Promise<Record<string, unknown>[]> {
    const chunks: Record<string, string>[][] = [];
    for (let i = 0; i < wanted.length; i += chunk) chunks.push(wanted.slice(i, i + chunk));
    const pages = await Promise.all(
      chunks.map(async (keys) => {
        const out: Record<string, unknown>[] = [];
        let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
          [this.tableName]: { Keys: keys },
        };
        for (let idle = 0; request && Object.keys(request).length > 0; ) {
          if (idle > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** idle)));
          const res = await this.db.batchGet({ RequestItems: request });
          const items = res.Responses?.[this.tableName] ?? [];
          out.push(...items);
          idle = items.length > 0 ? 0 : idle + 1;
          request = res.UnprocessedKeys as typeof request;
        }
        return out;
      }),
    );
    return pages.flat();
  }

  async list(options: { search?: string; limit?: number; cursor?: string } = {}): Promise<Page<CustomerSummary>> {
    const prefix = options.search ? searchForm(options.search) : '';
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CUSTOMERS', ...(prefix ? { ':prefix': prefix } : {}) },
      Limit: clampLimit(options.limit),
      ExclusiveStartKey: decodeCursor(options.cursor),
    });
    return { items: (res.Items ?? []).map(toSummary), cursor: encodeCursor(res.LastEvaluatedKey) };
  }

  async listWithBalance(options: { limit?: number; cursor?: string } = {}): Promise<Page<CustomerSummary>> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'DEBTORS' },
      ScanIndexForward: false,
      Limit: clampLimit(options.limit),
      ExclusiveStartKey: decodeCursor(options.cursor),
    });
    return { items: (res.Items ?? []).map(toSummary), cursor: encodeCursor(res.LastEvaluatedKey) };
  }
}

function toSummary(item: Record<string, unknown>): CustomerSummary {
  const aggregate = (item.agg as CustomerAggregate | undefined) ?? EMPTY_AGGREGATE;
  const customer = stripStorage(item, ['agg', 'aggRev', 'outbox']) as unknown as Customer;
  return { customer, aggregate };
}
