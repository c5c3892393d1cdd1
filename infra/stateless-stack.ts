/**
 * Code and plumbing, redeployable at will: the functions, the HTTP API, the work queues and their dead-letter
 * queues, the event routing (S3 object created, Textract completions, SES events, catch-up schedules), and the
 * alarms. Access to the stateful resources is granted here, per function, with the AppFunction bind helpers.
 *
 * Adding an entry point (one line to consume a queue):
 *   const intake = this.addFunction('DocumentIntake', { entry: entryPoint('document-intake'), description: '…' });
 *   intake.bindTable(props.table, 'RW').bindBucket('BUCKET_NAME', props.bucket, BUCKET_PREFIXES.inbox, 'RO');
 *   this.textract.allowAnalysis(intake);
 *   intake.consume(this.queues.documentIntake);
 */
import {
  aws_apigatewayv2 as apigw,
  CfnOutput,
  type aws_cognito as cognito,
  Duration,
  type aws_dynamodb as dynamodb,
  aws_events as events,
  aws_iam as iam,
  aws_apigatewayv2_integrations as integrations,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  type StackProps,
  type aws_s3 as s3,
  aws_scheduler as scheduler,
  aws_scheduler_targets as schedulerTargets,
  type aws_secretsmanager as secretsmanager,
  type aws_sqs as sqs,
  TimeZone,
  aws_events_targets as targets,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { isProd, type RelanceConfig } from './config.ts';
import { AppFunction, type AppFunctionProps, type FunctionDefaults } from './constructs/app-function.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { TextractNotifications } from './constructs/textract-notifications.ts';
import { deadLetterQueue, WorkQueue } from './constructs/work-queue.ts';
import { entryPoint, PROJECT_ROOT } from './entry-points.ts';
import { BUCKET_PREFIXES, SES_EVENT_TYPES } from './stateful-stack.ts';

/** The work queues, by the work they carry. Each has its own dead-letter queue. */
export const WORK_QUEUE_NAMES = [
  /** Provider webhooks (Sellsy, QuickBooks, Chargebee) accepted by the API, and the catch-up sync requests. */
  'providerEvents',
  /** Objects created under `bank/`: statement files to import and match. */
  'statementImports',
  /** Objects created under `inbox/`: invoice PDFs to read. */
  'documentIntake',
  /** Textract job completions (SNS → SQS, raw message delivery). */
  'textractCompletions',
  /** SES delivery events of the configuration set (EventBridge default bus → SQS). */
  'sesEvents',
] as const;
export type WorkQueueName = (typeof WORK_QUEUE_NAMES)[number];

/** Invoice sources that are polled once a day in case a webhook was lost. */
export const CATCH_UP_PROVIDERS = ['sellsy', 'quickbooks', 'chargebee'] as const;

/**
 * Largest request body the API accepts. Lambda's 6 MB invocation limit covers the whole event, in which API
 * Gateway base64-encodes binary bodies (a third larger), so a 4 MiB upload is the largest that always fits.
 */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Steady rate and burst for the whole API: far above a finance team and its webhooks, far below a flood. */
const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

export interface StatelessStackProps extends StackProps {
  readonly config: RelanceConfig;
  readonly table: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  readonly configurationSetName: string;
  readonly scheduleGroup: scheduler.IScheduleGroup;
  readonly schedulerRole: iam.IRole;
  readonly apiTokenSecret: secretsmanager.ISecret;
  readonly userPool?: cognito.IUserPool;
}

export class StatelessStack extends Stack {
  readonly queues: Readonly<Record<WorkQueueName, WorkQueue>>;
  /** Where EventBridge Scheduler puts what it could not deliver (reminder dispatches, catch-up requests). */
  readonly schedulerDeadLetters: sqs.Queue;
  /**
   * The stateful Scheduler role, imported here so that target permissions (invoke, send) are policies of this
   * stack: granting on the role object itself would make the stateful stack depend on this one.
   */
  readonly schedulerTargetRole: iam.IRole;
  readonly textract: TextractNotifications;
  readonly monitoring: Monitoring;
  readonly httpApiFunction: AppFunction;
  readonly api: apigw.HttpApi;
  private readonly functionDefaults: FunctionDefaults;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prod = isProd(config);
    this.functionDefaults = {
      logLevel: config.stage === 'dev' ? 'DEBUG' : 'INFO',
      logRetention: prod ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH,
      logRemovalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    };
    this.monitoring = new Monitoring(this, 'Monitoring', {
      dashboardName: `relance-${config.stage}`,
      alarmEmail: config.alarmEmail,
    });

    const queues = {} as Record<WorkQueueName, WorkQueue>;
    for (const name of WORK_QUEUE_NAMES) {
      const work = new WorkQueue(this, capitalise(name));
      this.monitoring.watchQueue(name, work.queue);
      this.monitoring.watchDeadLetterQueue(name, work.deadLetterQueue);
      queues[name] = work;
    }
    this.queues = queues;
    this.schedulerDeadLetters = deadLetterQueue(this, 'SchedulerDeadLetters');
    this.monitoring.watchDeadLetterQueue('scheduler', this.schedulerDeadLetters);

    // Objects created in the bucket, delivered by EventBridge (enabled on the bucket by the stateful stack).
    const objectCreated = (id: string, prefix: string, work: WorkQueue) =>
      new events.Rule(this, id, {
        description: `Objects created under ${prefix}`,
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: { bucket: { name: [props.bucket.bucketName] }, object: { key: [{ prefix }] } },
        },
        targets: [new targets.SqsQueue(work.queue)],
      });
    objectCreated('InboxObjectCreated', BUCKET_PREFIXES.inbox, this.queues.documentIntake);
    objectCreated('BankObjectCreated', BUCKET_PREFIXES.bank, this.queues.statementImports);

    this.textract = new TextractNotifications(this, 'Textract', this.queues.textractCompletions);

    // SES publishes every configuration set's events to the default bus: keep only ours.
    new events.Rule(this, 'SesEventsRule', {
      description: 'Delivery events of the Relance configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detailType: SES_EVENT_TYPES.map(sesDetailType),
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSetName] } } },
      },
      targets: [new targets.SqsQueue(this.queues.sesEvents.queue)],
    });

    this.schedulerTargetRole = iam.Role.fromRoleArn(this, 'SchedulerTargetRole', props.schedulerRole.roleArn, {
      mutable: true,
    });
    // Scheduler sends what exhausted its retries to the dead-letter queue with the schedule's role (every
    // reminder schedule created at run time names this queue in its DeadLetterConfig).
    this.schedulerTargetRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.schedulerDeadLetters.queueArn] }),
    );
    for (const provider of CATCH_UP_PROVIDERS) {
      new scheduler.Schedule(this, `CatchUp${capitalise(provider)}`, {
        description: `Daily catch-up sync of ${provider}, in case a webhook was lost`,
        scheduleGroup: props.scheduleGroup,
        // Before the working day, so the morning's reminders are planned on fresh data.
        schedule: scheduler.ScheduleExpression.cron({
          minute: '30',
          hour: '5',
          timeZone: TimeZone.of(config.timeZone),
        }),
        timeWindow: scheduler.TimeWindow.flexible(Duration.minutes(15)),
        target: new schedulerTargets.SqsSendMessage(this.queues.providerEvents.queue, {
          role: this.schedulerTargetRole,
          input: scheduler.ScheduleTargetInput.fromObject({ type: 'catch-up', provider }),
          deadLetterQueue: this.schedulerDeadLetters,
          retryAttempts: 10,
          maxEventAge: Duration.hours(6),
        }),
      });
    }

    this.httpApiFunction = this.addFunction('HttpApi', {
      entry: entryPoint('http-api'),
      description: 'API Gateway HTTP API → the Hono app (API, webhooks, dashboard)',
      // Below API Gateway's 30 s integration limit, so the function's own timeout is the one that shows.
      timeout: Duration.seconds(25),
      environment: { RELANCE_TIME_ZONE: config.timeZone, RELANCE_MAX_BODY_BYTES: String(MAX_BODY_BYTES) },
    })
      .bindTable(props.table, 'RW')
      .bindSecret('API_TOKEN_SECRET_ARN', props.apiTokenSecret);

    this.api = new apigw.HttpApi(this, 'Api', {
      description: `Relance ${config.stage}`,
      defaultIntegration: new integrations.HttpLambdaIntegration('App', this.httpApiFunction),
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: this.functionDefaults.logRetention,
      removalPolicy: this.functionDefaults.logRemovalPolicy,
    });
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    this.monitoring.watchApi(this.api);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'DashboardName', { value: `relance-${config.stage}` });
  }

  /** An AppFunction with the stage's defaults, watched by the error and throttle alarms. */
  addFunction(id: string, props: Omit<AppFunctionProps, 'defaults' | 'projectRoot'>): AppFunction {
    const fn = new AppFunction(this, id, { ...props, defaults: this.functionDefaults, projectRoot: PROJECT_ROOT });
    this.monitoring.watchFunction(id, fn);
    return fn;
  }
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** EventBridge detail-type of an SES event type (SEND → "Email Sent", DELIVERY_DELAY → "Email Delivery Delayed"). */
function sesDetailType(event: string): string {
  const names: Record<string, string> = {
    send: 'Email Sent',
    delivery: 'Email Delivered',
    bounce: 'Email Bounced',
    complaint: 'Email Complaint Received',
    reject: 'Email Rejected',
    deliveryDelay: 'Email Delivery Delayed',
    renderingFailure: 'Email Rendering Failed',
  };
  const name = names[event];
  if (!name) throw new Error(`no EventBridge detail-type for SES event ${event}`);
  return name;
}
