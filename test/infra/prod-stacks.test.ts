/**
 * The production shape of the app (every option on): what must hold for data safety, security and operations.
 * One synthesis for the whole file.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_INDEXES } from '#shared/adapters/dynamodb/table-definition.ts';
import { TEXTRACT_ACTIONS } from '../../infra/constructs/textract-notifications.ts';
import {
  ACCOUNT,
  acknowledgements,
  asList,
  identityStatements,
  nagFindings,
  type Synthesised,
  synthRelance,
} from './synth.ts';

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }
>;

let s: Synthesised;
let stateless: Resources;
let stateful: Resources;
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  s = synthRelance({
    stage: 'prod',
    senderDomain: 'acme.example',
    senderAddress: 'relances@acme.example',
    alarmEmail: 'ops@acme.example',
    cognito: 'true',
  });
  stateless = s.statelessTemplate.toJSON().Resources;
  stateful = s.statefulTemplate.toJSON().Resources;
  // Seven entry points bundled with esbuild: on two cores with the other file synthesising too, well over 30 s.
}, 180_000);

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged error or warning', () => {
    expect(nagFindings(s.app)).toEqual([]);
  });

  it('gives every acknowledgement a specific reason', () => {
    const acks = acknowledgements(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      // CDK stores an acknowledgement under "Annotation::<rule id>".
      expect(ack.id).toMatch(/^Annotation::AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(80);
    }
    expect(new Set(acks.map((a) => a.id.replace('Annotation::', '')))).toEqual(
      new Set([
        'AwsSolutions-SMG4',
        'AwsSolutions-APIG4',
        'AwsSolutions-SQS3',
        'AwsSolutions-L1',
        'AwsSolutions-IAM5[Resource::*]',
        // Key prefixes of the one bucket (bindBucket) and the schedules of the one group (bindScheduler).
        ...['bank', 'documents', 'inbox', 'invoices', 'letters'].map(
          (prefix) => `AwsSolutions-IAM5[Resource::Relance-prod-BucketArn/${prefix}/*]`,
        ),
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:eu-west-3:${ACCOUNT}:schedule/relance-prod/*]`,
      ]),
    );
  });
});

describe('stateful stack (prod)', () => {
  it('builds the table from the one table definition, with point-in-time recovery and deletion protection', () => {
    s.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_INDEXES.map((i) => ({
        IndexName: i.indexName,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it('retains every stateful resource on delete and replacement', () => {
    const stateTypes = [
      'AWS::DynamoDB::GlobalTable',
      'AWS::S3::Bucket',
      'AWS::SecretsManager::Secret',
      'AWS::Cognito::UserPool',
      'AWS::Scheduler::ScheduleGroup',
    ];
    const found = Object.entries(stateful).filter(([, r]) => stateTypes.includes(r.Type));
    expect(new Set(found.map(([, r]) => r.Type))).toEqual(new Set(stateTypes));
    for (const [id, r] of found) {
      expect(r.DeletionPolicy, id).toBe('Retain');
      expect(r.UpdateReplacePolicy, id).toBe('Retain');
    }
    expect(s.stateful.terminationProtection).toBe(true);
  });

  it('keeps the bucket private, encrypted, versioned and TLS-only, with lifecycle for temporary objects', () => {
    const buckets = ofType(stateful, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2); // the data bucket and its access-log bucket
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      const policy = ofType(stateful, 'AWS::S3::BucketPolicy').find(
        ([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }),
      );
      expect(policy, `bucket policy of ${id}`).toBeDefined();
      expect((policy![1].Properties.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    s.statefulTemplate.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'bucket/' }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({ Prefix: 'tmp/', ExpirationInDays: 7, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it('verifies the sender domain with DKIM and a MAIL FROM subdomain, and publishes delivery events to the default bus', () => {
    s.statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'acme.example',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
      MailFromAttributes: { MailFromDomain: 'mail.acme.example' },
    });
    s.statefulTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'relance-prod' });
    s.statefulTemplate.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        EventBridgeDestination: {
          EventBusArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':event-bus/default$')])] },
        },
        MatchingEventTypes: Match.arrayWith(['delivery', 'bounce', 'complaint', 'reject']),
      },
    });
  });

  it('lets only Scheduler, for this account and schedule group, assume the scheduler role', () => {
    s.statefulTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleGroup'), 'Arn'] } },
            },
          },
        ],
      },
    });
  });

  it('generates the API token and the secrets we choose, and never puts a provider-issued value in the template', () => {
    const secrets = ofType(stateful, 'AWS::SecretsManager::Secret').map(([, r]) => r.Properties);
    expect(secrets).toHaveLength(6); // API token, portal signing key, four providers
    for (const secret of secrets) {
      if (typeof secret.SecretString === 'string')
        for (const value of Object.values(JSON.parse(secret.SecretString) as Record<string, string>))
          expect(['', 'relance']).toContain(value);
      else expect(secret.GenerateSecretString).toBeDefined();
    }
  });

  it('creates the Cognito user pool when asked: invitation only, MFA required', () => {
    s.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
  });

  it('signs the dashboard in through the hosted UI: code flow, no client secret, callback on the API', () => {
    s.statelessTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    const [, client] = ofType(stateless, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(JSON.stringify(client.Properties.CallbackURLs)).toContain('/auth/callback');
    s.statelessTemplate.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });
});

describe('stateless stack (prod)', () => {
  const queues = () => ofType(stateless, 'AWS::SQS::Queue');
  const deadLetterIds = () => {
    const ids = new Set<string>();
    for (const [, q] of queues()) {
      const target = (q.Properties.RedrivePolicy as { deadLetterTargetArn?: { 'Fn::GetAtt': [string] } } | undefined)
        ?.deadLetterTargetArn;
      if (target) ids.add(target['Fn::GetAtt'][0]);
    }
    for (const [, schedule] of ofType(stateless, 'AWS::Scheduler::Schedule')) {
      const arn = (schedule.Properties.Target as { DeadLetterConfig?: { Arn: { 'Fn::GetAtt': [string] } } })
        .DeadLetterConfig?.Arn;
      if (arn) ids.add(arn['Fn::GetAtt'][0]);
    }
    return ids;
  };

  it('gives every work queue a dead-letter queue, and keeps dead letters 14 days', () => {
    const dlqs = deadLetterIds();
    expect(queues()).toHaveLength(13); // six work queues, their six DLQs, the Scheduler DLQ
    for (const [id, q] of queues()) {
      if (dlqs.has(id)) expect(q.Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
      else expect(q.Properties.RedrivePolicy, id).toMatchObject({ maxReceiveCount: 5 });
      expect(q.Properties.SqsManagedSseEnabled, id).toBe(true);
    }
  });

  it('refuses plain-HTTP access to every queue and topic', () => {
    const secured = new Set<string>();
    for (const [, p] of [
      ...ofType(stateless, 'AWS::SQS::QueuePolicy'),
      ...ofType(stateless, 'AWS::SNS::TopicPolicy'),
    ]) {
      const denies = (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.some(
        (st) =>
          st.Effect === 'Deny' &&
          JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
      );
      if (denies)
        for (const ref of asList((p.Properties.Queues ?? p.Properties.Topics) as { Ref: string }[]))
          secured.add(ref.Ref);
    }
    for (const [id] of [...queues(), ...ofType(stateless, 'AWS::SNS::Topic')]) expect(secured.has(id), id).toBe(true);
  });

  it('alarms on the depth of every dead-letter queue', () => {
    const alarmed = new Set(
      ofType(stateless, 'AWS::CloudWatch::Alarm')
        .filter(([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
        .map(([, a]) => {
          expect(a.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
          return (a.Properties.Dimensions as { Value: { 'Fn::GetAtt': [string] } }[])[0]!.Value['Fn::GetAtt'][0];
        }),
    );
    expect(alarmed).toEqual(deadLetterIds());
  });

  it('alarms on errors and throttles of every function, and on API 5xx, all to the alarm topic', () => {
    const alarms = ofType(stateless, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const [id] of ofType(stateless, 'AWS::Lambda::Function'))
      for (const metric of ['Errors', 'Throttles'])
        expect(
          alarms.some((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(`"Ref":"${id}"`)),
          `${metric} of ${id}`,
        ).toBe(true);
    expect(alarms.some((a) => a.MetricName === '5xx' && a.Namespace === 'AWS/ApiGateway')).toBe(true);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) }]);
    s.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@acme.example',
    });
    s.statelessTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('makes the re-plan queue FIFO (dedupe per customer and minute) with a one-minute delay and a FIFO DLQ', () => {
    const fifo = queues().filter(([, q]) => q.Properties.FifoQueue === true);
    expect(fifo).toHaveLength(2);
    const [[, work]] = fifo.filter(([, q]) => q.Properties.RedrivePolicy) as [[string, Resources[string]]];
    expect(work.Properties).toMatchObject({ DelaySeconds: 60, VisibilityTimeout: 720 });
    expect(work.Properties.ContentBasedDeduplication).toBeUndefined();
  });

  it('grants nothing on "*" but X-Ray (active tracing) and the Textract expense actions (no resource types)', () => {
    const statements = identityStatements(s.stateful, s.stateless);
    expect(statements.length).toBeGreaterThan(0);
    const onStar = new Set<string>();
    for (const { policy, statement } of statements) {
      expect(statement.Effect, policy).toBe('Allow');
      for (const action of asList(statement.Action)) expect(action, policy).not.toMatch(/(^\*$|:\*$)/);
      if (asList(statement.Resource).includes('*')) for (const a of asList(statement.Action)) onStar.add(a);
      for (const resource of asList(statement.Resource))
        if (typeof resource === 'string' && resource !== '*') expect(resource, policy).not.toContain('*');
    }
    expect(onStar).toEqual(new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', ...TEXTRACT_ACTIONS]));
  });

  const BASE_ENV = ['NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME'];
  const TABLE_RW = [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ];
  const LOGS_XRAY = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
  const SECRET_READ = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
  const SQS_SEND = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
  const SQS_CONSUME = [
    'sqs:ReceiveMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueUrl',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
  ];
  const SCHEDULING = ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'iam:PassRole'];
  const PROVIDER_SECRETS = ['CHARGEBEE_SECRET_ARN', 'QUICKBOOKS_SECRET_ARN', 'SELLSY_SECRET_ARN'];
  const DUNNING_ENV = [
    'SCHEDULE_GROUP_NAME',
    'SCHEDULER_ROLE_ARN',
    'SCHEDULER_DEAD_LETTER_ARN',
    'DISPATCH_FUNCTION_ARN',
    'PORTAL_SECRET_ARN',
    'PORTAL_BASE_URL',
    'BUCKET_NAME',
    'SES_CONFIGURATION_SET',
    'SES_SEND_RATE',
  ];
  const TEXTRACT_ENV = ['TEXTRACT_ROLE_ARN', 'TEXTRACT_SNS_TOPIC_ARN'];
  const HTTP_ENV = ['RELANCE_MAX_BODY_BYTES', 'RELANCE_TIME_ZONE'];
  const COGNITO_ENV = ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID', 'COGNITO_DOMAIN', 'COGNITO_REDIRECT_URI'];
  const BUCKET_RW = ['s3:GetObject', 's3:PutObject', 's3:ListBucket'];

  /** Per function (by logical id prefix): its environment keys and its actions, exactly. */
  const EXPECTED: Record<string, { env: string[]; actions: string[] }> = {
    HttpApi: {
      env: [
        ...DUNNING_ENV,
        ...PROVIDER_SECRETS,
        ...HTTP_ENV,
        'TABLE_NAME',
        'API_TOKEN_SECRET_ARN',
        'PROVIDER_EVENTS_QUEUE_URL',
        'REPLAN_QUEUE_URL',
      ],
      actions: [...TABLE_RW, ...SECRET_READ, ...SQS_SEND, ...SCHEDULING, ...BUCKET_RW, 'ses:SendEmail'],
    },
    HttpDashboard: {
      env: [
        ...DUNNING_ENV,
        ...PROVIDER_SECRETS,
        ...HTTP_ENV,
        ...COGNITO_ENV,
        'TABLE_NAME',
        'API_TOKEN_SECRET_ARN',
        'REPLAN_QUEUE_URL',
      ],
      actions: [...TABLE_RW, ...SECRET_READ, ...SQS_SEND, ...SCHEDULING, ...BUCKET_RW, 'ses:SendEmail'],
    },
    HttpBank: {
      env: [...HTTP_ENV, ...COGNITO_ENV, 'TABLE_NAME', 'API_TOKEN_SECRET_ARN', 'REPLAN_QUEUE_URL'],
      actions: [...TABLE_RW, ...SECRET_READ, ...SQS_SEND],
    },
    HttpDocuments: {
      env: [
        ...TEXTRACT_ENV,
        ...HTTP_ENV,
        ...COGNITO_ENV,
        'TABLE_NAME',
        'BUCKET_NAME',
        'API_TOKEN_SECRET_ARN',
        'REPLAN_QUEUE_URL',
      ],
      actions: [...TABLE_RW, ...SECRET_READ, ...SQS_SEND, ...BUCKET_RW, 'iam:PassRole', ...TEXTRACT_ACTIONS],
    },
    HttpPortal: {
      env: [...HTTP_ENV, 'TABLE_NAME', 'BUCKET_NAME', 'PORTAL_SECRET_ARN', 'PORTAL_BASE_URL', 'REPLAN_QUEUE_URL'],
      actions: [...TABLE_RW, ...SECRET_READ, ...SQS_SEND, 's3:GetObject', 's3:ListBucket'],
    },
    HttpWebhooks: {
      env: [...PROVIDER_SECRETS, ...HTTP_ENV, 'TABLE_NAME', 'PROVIDER_EVENTS_QUEUE_URL'],
      actions: [...TABLE_RW, ...SECRET_READ, ...SQS_SEND],
    },
    ReminderDispatch: {
      env: [...DUNNING_ENV, 'TABLE_NAME'],
      actions: [
        ...TABLE_RW,
        ...SECRET_READ,
        ...SCHEDULING,
        ...SQS_CONSUME,
        'sqs:SendMessage',
        's3:GetObject',
        's3:PutObject',
        's3:ListBucket',
        'ses:SendEmail',
      ],
    },
    ProviderEventsFunction: {
      env: [...PROVIDER_SECRETS, 'TABLE_NAME', 'BUCKET_NAME', 'PROVIDER_EVENTS_QUEUE_URL', 'REPLAN_QUEUE_URL'],
      actions: [
        ...TABLE_RW,
        ...SECRET_READ,
        ...SQS_SEND,
        ...SQS_CONSUME,
        'secretsmanager:PutSecretValue',
        's3:GetObject',
        's3:PutObject',
        's3:ListBucket',
      ],
    },
    DocumentIntakeFunction: {
      env: [...TEXTRACT_ENV, 'TABLE_NAME', 'BUCKET_NAME', 'REPLAN_QUEUE_URL'],
      actions: [
        ...TABLE_RW,
        ...SQS_SEND,
        ...SQS_CONSUME,
        'iam:PassRole',
        's3:GetObject',
        's3:ListBucket',
        ...TEXTRACT_ACTIONS,
      ],
    },
    TextractCompletion: {
      env: [...TEXTRACT_ENV, 'TABLE_NAME', 'BUCKET_NAME', 'REPLAN_QUEUE_URL'],
      actions: [
        ...TABLE_RW,
        ...SQS_SEND,
        ...SQS_CONSUME,
        'iam:PassRole',
        's3:GetObject',
        's3:ListBucket',
        ...TEXTRACT_ACTIONS,
      ],
    },
    SesEventsFunction: {
      env: ['TABLE_NAME', 'REPLAN_QUEUE_URL'],
      actions: [...TABLE_RW, ...SQS_SEND, ...SQS_CONSUME],
    },
    StatementImport: {
      env: ['TABLE_NAME', 'BUCKET_NAME', 'REPLAN_QUEUE_URL'],
      actions: [...TABLE_RW, ...SQS_SEND, ...SQS_CONSUME, 's3:GetObject', 's3:ListBucket'],
    },
  };

  const functionsById = () => ofType(stateless, 'AWS::Lambda::Function');
  const actionsOf = (fn: Resources[string]) => {
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    return identityStatements(s.stateless)
      .filter(({ policy }) => JSON.stringify(stateless[policy.split('/')[1]!]?.Properties.Roles).includes(role))
      .flatMap(({ statement }) => asList(statement.Action));
  };

  it('deploys every entry point, each once', () => {
    const ids = functionsById().map(([id]) => id);
    for (const name of Object.keys(EXPECTED))
      expect(
        ids.filter(
          (id) => id.startsWith(name) && !ids.some((o) => o !== id && o.startsWith(name) && o.length < id.length),
        ),
        name,
      ).toHaveLength(1);
    expect(ids).toHaveLength(Object.keys(EXPECTED).length);
  });

  for (const [name, expected] of Object.entries(EXPECTED))
    it(`gives ${name} exactly the environment and access it needs`, () => {
      const [, fn] = functionsById().find(([id]) => new RegExp(`^${name}[0-9A-F]{8}$`).test(id))!;
      expect(Object.keys((fn.Properties.Environment as { Variables: object }).Variables).sort()).toEqual(
        [...BASE_ENV, ...expected.env].sort(),
      );
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: { POWERTOOLS_LOG_LEVEL: 'INFO', NODE_OPTIONS: '--enable-source-maps' } },
      });
      expect(new Set(actionsOf(fn))).toEqual(new Set([...LOGS_XRAY, ...expected.actions]));
    });

  it('scopes SES sending to the identity and the configuration set, and never grants Delete on the bucket', () => {
    for (const { statement } of identityStatements(s.stateless)) {
      const actions = asList(statement.Action);
      expect(actions.filter((a) => /^s3:(Delete|PutObjectAcl|\*)/.test(a))).toEqual([]);
      if (actions.includes('ses:SendEmail')) {
        const resources = JSON.stringify(statement.Resource);
        expect(resources).toMatch(/DomainIdentity|:identity\/acme\.example/);
        expect(resources).toContain(':configuration-set/');
        expect(asList(statement.Resource)).toHaveLength(2);
      }
    }
  });

  it('lets the Scheduler role invoke the reminder dispatch only, and sends failed dispatches to its DLQ', () => {
    s.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'relance-prod-reminder-dispatch',
    });
    const invokes = identityStatements(s.stateless).filter(({ statement }) =>
      asList(statement.Action).includes('lambda:InvokeFunction'),
    );
    expect(invokes).toHaveLength(1);
    expect(JSON.stringify(invokes[0]!.statement.Resource)).toContain(':function:relance-prod-reminder-dispatch');
    s.statelessTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    s.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('keeps function logs a year in prod', () => {
    for (const [, group] of ofType(stateless, 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(365);
  });

  it('serves the dashboard on the $default route and stage, throttled and access-logged', () => {
    s.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    s.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('routes each path family to its own function, and every other path to the dashboard', () => {
    const integrationTarget = (route: Resources[string]) => {
      const integration = (route.Properties.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1] as {
        Ref: string;
      };
      const uri = JSON.stringify(stateless[integration.Ref]?.Properties.IntegrationUri);
      return /"(Http[A-Za-z]+?)[0-9A-F]{8}"/.exec(uri)?.[1];
    };
    const routes = Object.fromEntries(
      ofType(stateless, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, integrationTarget(r)]),
    );
    expect(routes).toEqual({
      $default: 'HttpDashboard',
      'ANY /api/{proxy+}': 'HttpApi',
      'ANY /api/bank/{proxy+}': 'HttpBank',
      'ANY /bank': 'HttpBank',
      'ANY /bank/{proxy+}': 'HttpBank',
      'ANY /api/documents': 'HttpDocuments',
      'ANY /api/documents/{proxy+}': 'HttpDocuments',
      'ANY /documents': 'HttpDocuments',
      'ANY /documents/{proxy+}': 'HttpDocuments',
      'ANY /portal/{proxy+}': 'HttpPortal',
      'ANY /webhooks/{proxy+}': 'HttpWebhooks',
    });
  });

  it('routes inbox/ and bank/ objects, SES events of our configuration set, and Textract completions to queues', () => {
    const rules = ofType(stateless, 'AWS::Events::Rule').map(([, r]) => JSON.stringify(r.Properties.EventPattern));
    expect(rules.some((p) => p.includes('"prefix":"inbox/"'))).toBe(true);
    expect(rules.some((p) => p.includes('"prefix":"bank/"'))).toBe(true);
    s.statelessTemplate.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': Match.arrayWith(['Email Delivered', 'Email Bounced', 'Email Complaint Received']),
        detail: { mail: { tags: { 'ses:configuration-set': [Match.anyValue()] } } },
      },
    });
    s.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: true });
    s.statelessTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'textract.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          }),
        ],
      },
    });
  });

  it('schedules the daily catch-up syncs in the group, in the company time zone, with a dead-letter queue', () => {
    const schedules = ofType(stateless, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    expect(schedules.map((p) => JSON.parse((p.Target as { Input: string }).Input).provider).sort()).toEqual([
      'chargebee',
      'quickbooks',
      'sellsy',
    ]);
    for (const p of schedules)
      expect(p).toMatchObject({
        ScheduleExpression: 'cron(30 5 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Paris',
        GroupName: 'relance-prod',
        Target: { DeadLetterConfig: { Arn: expect.anything() }, RetryPolicy: { MaximumRetryAttempts: 10 } },
      });
  });
});
