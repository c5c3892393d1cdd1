/**
 * The one Lambda function construct: every entry point in functions/ is deployed through it, so runtime,
 * architecture, bundling, logging, tracing and limits are set in one place (STYLE.md §12).
 * Access is added with the bind helpers, each of which sets exactly the variables it grants and nothing more:
 *
 *   const fn = new AppFunction(this, 'StatementImport', { entry: entryPoint('statement-import'), ... });
 *   fn.bindTable(table, 'RW');                        // TABLE_NAME + read/write on the table and its indexes
 *   fn.bindBucket('BUCKET_NAME', bucket, 'bank/', 'RO');
 *   fn.consume(queues.statementImports);              // SQS event source with partial batch responses
 */
import {
  Duration,
  type aws_dynamodb as dynamodb,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_lambda_nodejs as nodejs,
  type RemovalPolicy,
  Stack,
  type aws_s3 as s3,
  type aws_scheduler as scheduler,
  type aws_secretsmanager as secretsmanager,
  aws_lambda_event_sources as sources,
  type aws_sqs as sqs,
  Validations,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { TABLE_INDEXES } from '#shared/adapters/dynamodb/table-definition.ts';
import { VISIBILITY_PER_FUNCTION_TIMEOUT, type WorkQueue } from './work-queue.ts';

/**
 * ESM bundles have no `require`; some CommonJS dependencies still call it, so the bundle recreates it. The banner
 * is text esbuild does not see, so its import takes a name no bundled module uses: fflate's ESM build imports
 * `createRequire` from 'module' itself, and unminified (names kept) the two bindings would clash.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __relanceCreateRequire } from 'module'; const require = __relanceCreateRequire(import.meta.url);";

/**
 * Bundling of every function. bench/functions/run.ts and the tests bundle with these same options, translated to
 * esbuild's by infra/bundling/esbuild-options.ts (which refuses a setting it does not know, so the two cannot drift).
 */
export const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Mappings suffice for --enable-source-maps stack traces; the sources would double the artefact.
  sourcesContent: false,
  banner: ESM_REQUIRE_BANNER,
  // The functions call AWS through shared/platform/aws (SigV4 with aws4, Node's http/https; credentials
  // from the environment, where Lambda puts the execution role's), not the SDK clients. The one @aws-sdk package
  // left is @aws-sdk/util-dynamodb (the DynamoDB marshalling): bundleAwsSDK keeps it inside the bundle rather than
  // external and loaded from the runtime's own SDK copy, so the version deployed is the one package-lock.json pins
  // and the tests ran against, and the bundle is all the function loads.
  bundleAwsSDK: true,
  // Local esbuild only: synth must not need Docker (or a network).
  forceDockerBundling: false,
};

/**
 * Item-level table access. No Scan (every read is a key or index query, DESIGN.md §5), no DescribeTable (only the
 * local stack creates tables), no transactions (the data layer uses conditional writes).
 */
export const TABLE_ACTIONS = {
  RO: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  RW: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
} as const;

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Stage-wide settings every function shares. */
export interface FunctionDefaults {
  readonly logLevel: LogLevel;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export interface AppFunctionProps {
  /** Absolute path of a `functions/*.handler.ts` file (see entryPoint); infra never imports it. */
  readonly entry: string;
  readonly description: string;
  readonly defaults: FunctionDefaults;
  /** Absolute path of the project root (where package-lock.json is). */
  readonly projectRoot: string;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** More memory is also more CPU, which shortens cold starts. @default 512 */
  readonly memorySize?: number;
  /** Settings that are not bindings (a time zone, a limit). */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * A physical name, only when something must know the ARN before the function exists (the reminder dispatch
   * names itself as the target of the schedules it creates). Stage-prefixed. @default generated
   */
  readonly functionName?: string;
}

export type TableAccess = 'RO' | 'RW';

/** Object actions per access: no Delete, no ACL or tagging changes, no multipart management. */
export const OBJECT_ACTIONS = { RO: ['s3:GetObject'], RW: ['s3:GetObject', 's3:PutObject'] } as const;

/**
 * The resource as cdk-nag's IAM5 rule names it in a finding (`Resource::<this>`): intrinsics flattened, `Ref` as
 * `<Name>`, `GetAtt` as `<Logical.Attr>`, imports by export name. Lets a construct acknowledge the exact finding
 * of a wildcard it grants on purpose.
 */
export function nagResourceId(scope: Construct, resource: string): string {
  const visit = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const n = node as Record<string, unknown>;
    if (n['Fn::Join']) {
      const [delimiter, items] = n['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (n['Fn::Sub']) return visit(n['Fn::Sub']);
    if (n['Fn::GetAtt']) {
      const [logicalId, attribute] = n['Fn::GetAtt'] as [unknown, unknown];
      return `<${visit(logicalId)}.${visit(attribute)}>`;
    }
    if (n['Fn::ImportValue']) return visit(n['Fn::ImportValue']);
    if (n.Ref) return `<${visit(n.Ref)}>`;
    return JSON.stringify(node);
  };
  return `Resource::${visit(Stack.of(scope).resolve(resource))}`;
}

export class AppFunction extends nodejs.NodejsFunction {
  /** The function's own log group (the base class exposes it as ILogGroup). */
  readonly ownLogGroup: logs.LogGroup;
  /** Buckets this function already has s3:ListBucket on. */
  private readonly listsBuckets = new Set<s3.IBucket>();

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.defaults.logRetention,
      removalPolicy: props.defaults.logRemovalPolicy,
    });
    // An own role whose only log permission is this log group, instead of the account-wide managed policy.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Relance function ${id}`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: props.entry,
      functionName: props.functionName,
      handler: 'handler',
      description: props.description,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      bundling: BUNDLING,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'relance',
        POWERTOOLS_LOG_LEVEL: props.defaults.logLevel,
        ...props.environment,
      },
    });
    this.ownLogGroup = logGroup;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime chosen in DESIGN.md §5 (the Node line the code and its tests target); moving to a ' +
        'newer runtime is a deliberate upgrade of BUNDLING.target and this construct, not a drift.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; ' +
        'also the Textract expense actions when TextractNotifications.allowAnalysis is used (no resource types). ' +
        'test/infra asserts that these are the only actions ever granted on "*".',
    });
  }

  /** TABLE_NAME, and read (RO) or read/write (RW) on the table and its indexes. */
  bindTable(table: dynamodb.ITableV2, access: TableAccess): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    // Named index ARNs rather than the `index/*` wildcard of table.grantReadData.
    iam.Grant.addToPrincipal({ grantee: this, actions: [...TABLE_ACTIONS[access]], resourceArns: [table.tableArn] });
    iam.Grant.addToPrincipal({
      grantee: this,
      actions: ['dynamodb:Query'],
      resourceArns: TABLE_INDEXES.map((index) => `${table.tableArn}/index/${index.indexName}`),
    });
    return this;
  }

  /** The secret's ARN under `variable`, and permission to read that one secret. */
  bindSecret(variable: string, secret: secretsmanager.ISecret): this {
    this.addEnvironment(variable, secret.secretArn);
    secret.grantRead(this);
    return this;
  }

  /**
   * The bucket name under `variable`, and read (RO) or read/write (RW) on the keys under `prefix` only, plus
   * s3:ListBucket on the bucket itself: without it S3 answers a missing key with 403 instead of 404, and the blob
   * store reads "missing" as "absent" (a PDF not there yet), not as a failure. The prefix wildcard is the
   * finding cdk-nag reports; it is acknowledged here, on this role, for this prefix only. For the acknowledgement
   * to name a stable id the bucket should be imported by export name (see StatelessStack).
   */
  bindBucket(variable: string, bucket: s3.IBucket, prefix: string, access: TableAccess): this {
    this.addEnvironment(variable, bucket.bucketName);
    const objects = `${bucket.bucketArn}/${prefix}*`;
    this.addToRolePolicy(new iam.PolicyStatement({ actions: [...OBJECT_ACTIONS[access]], resources: [objects] }));
    if (!this.listsBuckets.has(bucket)) {
      this.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
      this.listsBuckets.add(bucket);
    }
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[${nagResourceId(this, objects)}]`,
      reason:
        `Object keys under ${prefix} are created at run time (content hashes, invoice and customer ids), so the ` +
        `grant is the ${prefix} prefix of the one bucket, ${access === 'RW' ? 'get and put' : 'get'} only.`,
    });
    return this;
  }

  /** The queue URL under `variable`, and permission to send to that queue. */
  sendTo(variable: string, queue: sqs.IQueue): this {
    this.addEnvironment(variable, queue.queueUrl);
    queue.grantSendMessages(this);
    return this;
  }

  /**
   * Create and delete schedules in the group (the only calls the EventBridgeScheduler adapter makes), and pass
   * the Scheduler role (that role only) to them. Sets SCHEDULE_GROUP_NAME, SCHEDULER_ROLE_ARN and, when given,
   * SCHEDULER_DEAD_LETTER_ARN. Schedule names are made at run time (one per customer and date), so the resource is
   * the group's `schedule/<group>/*`: acknowledged here, for this group only.
   */
  bindScheduler(group: scheduler.IScheduleGroup, role: iam.IRole, deadLetterQueue?: sqs.IQueue): this {
    this.addEnvironment('SCHEDULE_GROUP_NAME', group.scheduleGroupName);
    this.addEnvironment('SCHEDULER_ROLE_ARN', role.roleArn);
    if (deadLetterQueue) this.addEnvironment('SCHEDULER_DEAD_LETTER_ARN', deadLetterQueue.queueArn);
    const schedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${group.scheduleGroupName}/*`,
    });
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules],
      }),
    );
    role.grantPassRole(this.grantPrincipal);
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[${nagResourceId(this, schedules)}]`,
      reason:
        'One-time schedules are named at run time (dun-<customer>-<date>, one per customer dispatch), so the ' +
        'grant is every schedule of the one Relance group, create and delete only.',
    });
    return this;
  }

  /**
   * Processes the queue: an SQS event source with partial batch responses (the handler returns
   * `batchItemFailures`, e.g. with Powertools `processPartialResponse`), so one bad message is retried alone
   * and reaches the dead-letter queue after `maxReceiveCount` deliveries.
   */
  consume(
    work: WorkQueue,
    options: { batchSize?: number; maxBatchingWindow?: Duration; maxConcurrency?: number } = {},
  ): this {
    const needed = this.timeout!.toSeconds() * VISIBILITY_PER_FUNCTION_TIMEOUT;
    if (work.visibilityTimeout.toSeconds() < needed)
      throw new Error(
        `${this.node.path}: queue ${work.node.path} needs a visibility timeout of at least ${needed} s ` +
          `(${VISIBILITY_PER_FUNCTION_TIMEOUT} × the function timeout)`,
      );
    this.addEventSource(
      new sources.SqsEventSource(work.queue, {
        reportBatchItemFailures: true,
        batchSize: options.batchSize ?? 10,
        maxBatchingWindow: options.maxBatchingWindow,
        maxConcurrency: options.maxConcurrency,
      }),
    );
    return this;
  }
}
