/**
 * DynamoDB with plain JavaScript values, as the SDK's document client offers it: items, keys and expression
 * values are marshalled and unmarshalled by `@aws-sdk/util-dynamodb` (the library the document client uses, with
 * the options Relance always used: undefined attributes removed, class instances refused), numbers come back as
 * JavaScript numbers and string sets as Sets. Method names and shapes are the SDK's (`put`, `get`, `query`…), so
 * a reader who knows the SDK reads the repositories unchanged.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ClientOptions } from './aws-service.ts';
import { JsonProtocolClient } from './json-protocol.ts';

export type Item = Record<string, unknown>;
type Wire = Record<string, unknown>;

interface Expressions {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

export interface ConsumedCapacity {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

interface Capacity {
  ReturnConsumedCapacity?: 'TOTAL' | 'INDEXES' | 'NONE';
}

export interface PutInput extends Expressions, Capacity {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface GetInput extends Capacity {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
export interface UpdateInput extends Expressions, Capacity {
  TableName: string;
  Key: Item;
  UpdateExpression: string;
  ConditionExpression?: string;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}
export interface DeleteInput extends Expressions, Capacity {
  TableName: string;
  Key: Item;
  ConditionExpression?: string;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface QueryInput extends Expressions, Capacity {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item;
  Select?: 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';
}
export interface BatchGetInput extends Capacity {
  RequestItems: Record<
    string,
    {
      Keys: Item[];
      ConsistentRead?: boolean;
      ProjectionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
    }
  >;
}

export interface WriteOutput {
  Attributes?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}
export interface GetOutput {
  Item?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}
export interface QueryOutput {
  Items?: Item[];
  Count?: number;
  ScannedCount?: number;
  LastEvaluatedKey?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}
export interface BatchGetOutput {
  Responses?: Record<string, Item[]>;
  UnprocessedKeys?: BatchGetInput['RequestItems'];
  ConsumedCapacity?: ConsumedCapacity[];
}

/** DescribeTable's answer, as far as Relance reads it (ensure-table waits for ACTIVE). */
export interface TableDescription {
  Table?: { TableName?: string; TableStatus?: string; [more: string]: unknown };
}

/** The document client's marshalling: Relance's items hold no class instances and may leave fields undefined. */
const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
const toWire = (item: Item | undefined): Wire | undefined => (item ? marshall(item, MARSHALL) : undefined);
// biome-ignore lint/suspicious/noExplicitAny: util-dynamodb types the wire form with the SDK's AttributeValue.
const fromWire = (item: unknown): Item | undefined => (item ? unmarshall(item as any) : undefined);

export class DynamoDocuments {
  readonly client: JsonProtocolClient;

  constructor(options: ClientOptions) {
    this.client = new JsonProtocolClient(
      { name: 'DynamoDB', signingName: 'dynamodb', endpointPrefix: 'dynamodb', envKey: 'DYNAMODB' },
      options,
      { targetPrefix: 'DynamoDB_20120810', version: '1.0' },
    );
  }

  /** The underlying service, to intercept its calls (tests, the cost bench). */
  get service() {
    return this.client.service;
  }

  async put(input: PutInput): Promise<WriteOutput> {
    const { Item, ExpressionAttributeValues, ...rest } = input;
    const out = await this.client.call<Wire>('PutItem', input, {
      ...rest,
      Item: toWire(Item),
      ExpressionAttributeValues: toWire(ExpressionAttributeValues),
    });
    return writeOutput(out);
  }

  async get(input: GetInput): Promise<GetOutput> {
    const out = await this.client.call<Wire>('GetItem', input, { ...input, Key: toWire(input.Key) });
    return { Item: fromWire(out.Item), ConsumedCapacity: out.ConsumedCapacity as ConsumedCapacity | undefined };
  }

  async update(input: UpdateInput): Promise<WriteOutput> {
    const { Key, ExpressionAttributeValues, ...rest } = input;
    const out = await this.client.call<Wire>('UpdateItem', input, {
      ...rest,
      Key: toWire(Key),
      ExpressionAttributeValues: toWire(ExpressionAttributeValues),
    });
    return writeOutput(out);
  }

  async delete(input: DeleteInput): Promise<WriteOutput> {
    const { Key, ExpressionAttributeValues, ...rest } = input;
    const out = await this.client.call<Wire>('DeleteItem', input, {
      ...rest,
      Key: toWire(Key),
      ExpressionAttributeValues: toWire(ExpressionAttributeValues),
    });
    return writeOutput(out);
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const { ExclusiveStartKey, ExpressionAttributeValues, ...rest } = input;
    const out = await this.client.call<Wire>('Query', input, {
      ...rest,
      ExclusiveStartKey: toWire(ExclusiveStartKey),
      ExpressionAttributeValues: toWire(ExpressionAttributeValues),
    });
    return {
      Items: (out.Items as unknown[] | undefined)?.map((item) => fromWire(item) ?? {}),
      Count: out.Count as number | undefined,
      ScannedCount: out.ScannedCount as number | undefined,
      LastEvaluatedKey: fromWire(out.LastEvaluatedKey),
      ConsumedCapacity: out.ConsumedCapacity as ConsumedCapacity | undefined,
    };
  }

  async batchGet(input: BatchGetInput): Promise<BatchGetOutput> {
    const requestItems = Object.fromEntries(
      Object.entries(input.RequestItems).map(([table, request]) => [
        table,
        { ...request, Keys: request.Keys.map((key) => toWire(key)) },
      ]),
    );
    const out = await this.client.call<Wire>('BatchGetItem', input, { ...input, RequestItems: requestItems });
    const responses = (out.Responses ?? {}) as Record<string, unknown[]>;
    const unprocessed = (out.UnprocessedKeys ?? {}) as Record<string, { Keys: unknown[] } & Wire>;
    return {
      Responses: Object.fromEntries(
        Object.entries(responses).map(([table, items]) => [table, items.map((item) => fromWire(item) ?? {})]),
      ),
      UnprocessedKeys: Object.fromEntries(
        Object.entries(unprocessed).map(([table, request]) => [
          table,
          { ...request, Keys: request.Keys.map((key) => fromWire(key) ?? {}) },
        ]),
      ),
      ConsumedCapacity: out.ConsumedCapacity as ConsumedCapacity[] | undefined,
    };
  }

  describeTable(input: { TableName: string }): Promise<TableDescription> {
    return this.client.call('DescribeTable', input);
  }

  /** CreateTable with its input as the wire form (key schema, attribute definitions, indexes). */
  createTable(input: { TableName: string; [more: string]: unknown }): Promise<TableDescription> {
    return this.client.call('CreateTable', input);
  }
}

function writeOutput(out: Wire): WriteOutput {
  return {
    Attributes: fromWire(out.Attributes),
    ConsumedCapacity: out.ConsumedCapacity as ConsumedCapacity | undefined,
  };
}
