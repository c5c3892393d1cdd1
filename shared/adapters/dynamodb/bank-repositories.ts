/**
 * Bank data in the single table (keys in keys.ts):
 *  - transactions: pk BANKTX#id (id = digest of the parser's dedupe key, so the conditional create *is* the
 *    dedupe), on the gsi2 work list BANKTX#STATE#state by booking date, credits on gsi3 by exact amount;
 *  - allocations: under their invoice (pk INVOICE#id, sk ALLOC#id) so an invoice and its allocations are one
 *    partition, and on gsi3 BANKTX#id#ALLOCATIONS to list a transaction's; written once, reverted in place;
 *  - customer credits: under the customer (sk CREDIT#id);
 *  - payers: PAYER#IBAN|NAME#value → customer, all on gsi1 PAYERS (one query builds the matching index);
 *  - statement imports: BANKIMPORT#sha256, listed on gsi2 BANKIMPORTS; bank settings under SETTINGS.
 */
import type {
  BankAllocation,
  BankTransactionRecord,
  BankTransactionState,
  CustomerCredit,
} from '#shared/domain/bank/bank-transaction.ts';
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import { normalizeIban } from '#shared/domain/matching/matching-index.ts';
import type { PayerKnowledge } from '#shared/domain/matching/matching-types.ts';
import type { Money } from '#shared/domain/money.ts';
import type { DynamoDocuments, QueryInput } from '#shared/platform/aws/dynamodb.ts';
import type {
  AllocationRepository,
  BankTransactionRepository,
  CustomerCreditRepository,
  PayerRepository,
  StatementImport,
  StatementImportRepository,
} from '#shared/ports/bank.ts';
import type { Page, Revisioned } from '#shared/ports/repositories.ts';
import { clampLimit, decodeCursor, encodeCursor, isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { keys, searchForm } from './keys.ts';

type Db = DynamoDocuments;

async function queryAll(db: Db, input: QueryInput): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await db.query({ ...input, ExclusiveStartKey: start });
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

export class DynamoBankTransactionRepository implements BankTransactionRepository {
  constructor(
    private readonly db: Db,
    private readonly tableName: string,
  ) {}

  private item(tx: BankTransactionRecord, rev: number): Record<string, unknown> {
    const date = tx.bookingDate ?? tx.valueDate ?? tx.createdAt.slice(0, 10);
    return {
      ...tx,
      ...keys.bankTransaction(tx.id),
      ...keys.bankTransactionByState(tx.state, date, tx.id),
      ...(tx.amount.amount > 0 ? keys.bankCreditByAmount(tx.amount.currency, tx.amount.amount, date, tx.id) : {}),
      entity: 'bank-transaction',
      rev,
    };
  }

  async create(tx: BankTransactionRecord) {
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: this.item(tx, 1),
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return { created: true, transaction: { value: tx, rev: 1 } };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.get(tx.id);
      if (!existing) throw error;
      return { created: false, transaction: existing };
    }
  }

  async get(id: string): Promise<Revisioned<BankTransactionRecord> | undefined> {
    const { Item } = await this.db.get({
      TableName: this.tableName,
      Key: keys.bankTransaction(id),
      ConsistentRead: true,
    });
    return Item ? { value: toTransaction(Item), rev: Number(Item.rev) } : undefined;
  }

  async put(tx: BankTransactionRecord, expectedRev: number): Promise<number> {
    const rev = expectedRev + 1;
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: this.item(tx, rev),
        ConditionExpression: 'rev = :rev',
        ExpressionAttributeValues: { ':rev': expectedRev },
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentUpdateError('bank transaction', tx.id);
      throw error;
    }
    return rev;
  }

  async listByState(
    state: BankTransactionState,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<Page<BankTransactionRecord>> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `BANKTX#STATE#${state}` },
      ScanIndexForward: false,
      Limit: clampLimit(options.limit),
      ExclusiveStartKey: decodeCursor(options.cursor),
    });
    return { items: (res.Items ?? []).map(toTransaction), cursor: encodeCursor(res.LastEvaluatedKey) };
  }

  async findCreditsOfAmount(amount: Money): Promise<BankTransactionRecord[]> {
    if (amount.amount <= 0) return [];
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': `BANKTX#AMOUNT#${amount.currency}#${amount.amount}` },
    });
    return items.map(toTransaction);
  }
}

function toTransaction(item: Record<string, unknown>): BankTransactionRecord {
  return stripStorage(item) as unknown as BankTransactionRecord;
}

export class DynamoAllocationRepository implements AllocationRepository {
  constructor(
    private readonly db: Db,
    private readonly tableName: string,
  ) {}

  async add(allocation: BankAllocation): Promise<void> {
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: {
          ...allocation,
          ...keys.allocation(allocation.invoiceId, allocation.id),
          ...keys.allocationOfTransaction(allocation.bankTransactionId, allocation.id),
          entity: 'allocation',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async revert(allocation: BankAllocation, at: string): Promise<void> {
    try {
      await this.db.update({
        TableName: this.tableName,
        Key: keys.allocation(allocation.invoiceId, allocation.id),
        UpdateExpression: 'SET revertedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revertedAt)',
        ExpressionAttributeValues: { ':at': at },
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async listByInvoice(invoiceId: string): Promise<BankAllocation[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :alloc)',
      ExpressionAttributeValues: { ':pk': keys.invoice(invoiceId).pk, ':alloc': 'ALLOC#' },
      ConsistentRead: true,
    });
    return items.map((i) => stripStorage(i) as unknown as BankAllocation);
  }

  async listByTransaction(bankTransactionId: string): Promise<BankAllocation[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': `BANKTX#${bankTransactionId}#ALLOCATIONS` },
    });
    // The index is eventually consistent: re-read each allocation from its invoice partition.
    const fresh = await Promise.all(
      items.map(async (i) => {
        const a = stripStorage(i) as unknown as BankAllocation;
        const { Item } = await this.db.get({
          TableName: this.tableName,
          Key: keys.allocation(a.invoiceId, a.id),
          ConsistentRead: true,
        });
        return Item ? (stripStorage(Item) as unknown as BankAllocation) : a;
      }),
    );
    return fresh.sort((a, b) => a.appliedAt.localeCompare(b.appliedAt) || a.id.localeCompare(b.id));
  }
}

export class DynamoCustomerCreditRepository implements CustomerCreditRepository {
  constructor(
    private readonly db: Db,
    private readonly tableName: string,
  ) {}

  async add(credit: CustomerCredit): Promise<void> {
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: { ...credit, ...keys.customerCredit(credit.customerId, credit.id), entity: 'customer-credit' },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async revert(credit: CustomerCredit, at: string): Promise<void> {
    try {
      await this.db.update({
        TableName: this.tableName,
        Key: keys.customerCredit(credit.customerId, credit.id),
        UpdateExpression: 'SET revertedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revertedAt)',
        ExpressionAttributeValues: { ':at': at },
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async get(customerId: string, id: string): Promise<CustomerCredit | undefined> {
    const { Item } = await this.db.get({
      TableName: this.tableName,
      Key: keys.customerCredit(customerId, id),
      ConsistentRead: true,
    });
    return Item ? (stripStorage(Item) as unknown as CustomerCredit) : undefined;
  }

  async listByCustomer(customerId: string): Promise<CustomerCredit[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :credit)',
      ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk, ':credit': 'CREDIT#' },
      ConsistentRead: true,
    });
    return items.map((i) => stripStorage(i) as unknown as CustomerCredit);
  }
}

export class DynamoPayerRepository implements PayerRepository {
  constructor(
    private readonly db: Db,
    private readonly tableName: string,
  ) {}

  async learn(customerId: string, payer: { iban?: string; name?: string }): Promise<void> {
    const entries: { kind: 'IBAN' | 'NAME'; value: string; display: string }[] = [];
    if (payer.iban?.trim())
      entries.push({ kind: 'IBAN', value: normalizeIban(payer.iban), display: normalizeIban(payer.iban) });
    const name = payer.name?.trim();
    if (name && searchForm(name)) entries.push({ kind: 'NAME', value: searchForm(name), display: name });
    for (const e of entries) {
      await this.db.put({
        TableName: this.tableName,
        Item: {
          ...keys.payer(e.kind, e.value, customerId),
          entity: 'payer',
          customerId,
          kind: e.kind,
          value: e.display,
        },
      });
    }
  }

  async list(): Promise<PayerKnowledge[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PAYERS' },
    });
    const byCustomer = new Map<string, PayerKnowledge>();
    for (const item of items) {
      const customerId = String(item.customerId);
      const entry = byCustomer.get(customerId) ?? { customerId, ibans: [], names: [] };
      if (item.kind === 'IBAN') entry.ibans.push(String(item.value));
      else entry.names.push(String(item.value));
      byCustomer.set(customerId, entry);
    }
    return [...byCustomer.values()];
  }
}

export class DynamoStatementImportRepository implements StatementImportRepository {
  constructor(
    private readonly db: Db,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<StatementImport | undefined> {
    const { Item } = await this.db.get({
      TableName: this.tableName,
      Key: keys.statementImport(id),
      ConsistentRead: true,
    });
    return Item ? (stripStorage(Item) as unknown as StatementImport) : undefined;
  }

  async put(record: StatementImport): Promise<void> {
    await this.db.put({
      TableName: this.tableName,
      Item: {
        ...record,
        ...keys.statementImport(record.id),
        ...keys.statementImportList(record.updatedAt, record.id),
        entity: 'statement-import',
      },
    });
  }

  async list(options: { limit?: number } = {}): Promise<StatementImport[]> {
    const res = await this.db.query({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'BANKIMPORTS' },
      ScanIndexForward: false,
      Limit: clampLimit(options.limit, 20),
    });
    return (res.Items ?? []).map((i) => stripStorage(i) as unknown as StatementImport);
  }

  private async setting(name: string): Promise<unknown> {
    const { Item } = await this.db.get({
      TableName: this.tableName,
      Key: keys.bankSetting(name),
      ConsistentRead: true,
    });
    return Item?.value;
  }

  private async saveSetting(name: string, value: unknown): Promise<void> {
    await this.db.put({
      TableName: this.tableName,
      Item: { ...keys.bankSetting(name), entity: 'bank-setting', value },
    });
  }

  getCsvMapping(): Promise<unknown> {
    return this.setting('CSV_MAPPING');
  }

  saveCsvMapping(mapping: unknown): Promise<void> {
    return this.saveSetting('CSV_MAPPING', mapping);
  }

  async getFeedCursor(feed: string): Promise<string | undefined> {
    const value = await this.setting(`FEED#${feed}`);
    return typeof value === 'string' ? value : undefined;
  }

  putFeedCursor(feed: string, cursor: string): Promise<void> {
    return this.saveSetting(`FEED#${feed}`, cursor);
  }
}
