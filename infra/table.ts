/**
 * The DynamoDB table as CDK props, translated from the one definition the local stack also uses
 * (shared/adapters/dynamodb/table-definition.ts), so the two can never disagree on keys or indexes.
 */
import { aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import { createTableInput } from '#shared/adapters/dynamodb/table-definition.ts';

type Definition = ReturnType<typeof createTableInput>;
/** One key of the table or of an index. */
interface KeyElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

const ATTRIBUTE_TYPES = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
} as const;

function attribute(definition: Definition, schema: readonly KeyElement[], keyType: KeyElement['KeyType']) {
  const name = schema.find((k) => k.KeyType === keyType)?.AttributeName;
  const type = definition.AttributeDefinitions.find((a) => a.AttributeName === name)?.AttributeType as
    | keyof typeof ATTRIBUTE_TYPES
    | undefined;
  if (!name || !type) throw new Error(`table definition: no ${keyType} key with a declared type`);
  return { name, type: ATTRIBUTE_TYPES[type] };
}

/** Keys, indexes and billing of the table; the stack adds protection, recovery and the removal policy. */
export function tableSchema(): Pick<
  dynamodb.TablePropsV2,
  'partitionKey' | 'sortKey' | 'globalSecondaryIndexes' | 'billing'
> {
  // The name is only a parameter of the local CreateTable input; CloudFormation names the real table.
  const definition = createTableInput('schema');
  if (definition.BillingMode !== 'PAY_PER_REQUEST') throw new Error('table definition: expected on-demand billing');
  return {
    partitionKey: attribute(definition, definition.KeySchema, 'HASH'),
    sortKey: attribute(definition, definition.KeySchema, 'RANGE'),
    billing: dynamodb.Billing.onDemand(),
    globalSecondaryIndexes: definition.GlobalSecondaryIndexes.map((index) => ({
      indexName: index.IndexName,
      partitionKey: attribute(definition, index.KeySchema, 'HASH'),
      sortKey: attribute(definition, index.KeySchema, 'RANGE'),
      projectionType: dynamodb.ProjectionType[index.Projection.ProjectionType],
    })),
  };
}
