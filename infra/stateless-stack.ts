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
  ArnFormat,
  aws_apigatewayv2 as apigw,
  CfnOutput,
  aws_cognito as cognito,
  Duration,
  type aws_dynamodb as dynamodb,
  aws_events as events,
  Fn,
  aws_iam as iam,
  aws_apigatewayv2_integrations as integrations,
  aws_lambda_destinations as lambdaDestinations,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_s3 as s3,
  aws_scheduler as scheduler,
  aws_scheduler_targets as schedulerTargets,
  type aws_secretsmanager as secretsmanager,
  type aws_ses as ses,
  type aws_sqs as sqs,
  TimeZone,
  aws_events_targets as targets,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { isProd, type RelanceConfig } from './config.ts';
import { AppFunction, type AppFunctionProps, type FunctionDefaults } from './constructs/app-function.ts';
import { Monitoring } from './constructs/monitoring.ts';
import type { Provider } from './constructs/provider-secrets.ts';
import { TextractNotifications } from './constructs/textract-notifications.ts';
import { deadLetterQueue, WorkQueue, type WorkQueueProps } from './constructs/work-queue.ts';
import { entryPoint, hasEntryPoint, PROJECT_ROOT } from './entry-points.ts';
import { BUCKET_PREFIXES, bucketArnExport, SES_EVENT_TYPES, scheduleGroupName } from './stateful-stack.ts';

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
  /** Customers to re-plan (`{customerId}`, sent by onCustomerChanged): FIFO, one message per customer and minute. */
  'reminderDispatches',
] as const;
export type WorkQueueName = (typeof WORK_QUEUE_NAMES)[number];

/** Reminder dispatch: up to 5 customers per batch, each a few paced e-mails (1/s in the SES sandbox). */
const DISPATCH_TIMEOUT = Duration.minutes(2);

/** Queues that differ from the WorkQueue defaults. */
const WORK_QUEUE_PROPS: Partial<Record<WorkQueueName, WorkQueueProps>> = {
  reminderDispatches: {
    // Deduplication by customer + minute (the message id) needs FIFO; per-customer groups keep dispatches of one
    // customer from overlapping. The one-minute delay makes the minute's single message readable only after the
    // minute's last change: a burst of changes costs one dispatch and none is missed.
    fifo: true,
    deliveryDelay: Duration.minutes(1),
    visibilityTimeout: Duration.seconds(DISPATCH_TIMEOUT.toSeconds() * 6),
  },
};

/** Invoice sources whose secrets the API (webhook receivers) and the worker (API clients) read. */
const INVOICE_PROVIDERS: readonly Provider[] = ['sellsy', 'quickbooks', 'chargebee'];

/** Invoice sources that are polled once a day in case a webhook was lost. */
export const CATCH_UP_PROVIDERS = ['sellsy', 'quickbooks', 'chargebee'] as const;

/**
 * Largest request body the API accepts. Lambda's 6 MB invocation limit covers the whole event, in which API
 * Gateway base64-encodes binary bodies (a third larger), so a 4 MiB upload is the largest that always fits.
 */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Steady rate and burst for the whole API: far above a finance team and its webhooks, far below a flood. */
const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

/** The HTTP API's route families, each its own function (functions/http-<family>.handler.ts). */
type HttpFamily = 'api' | 'dashboard' | 'bank' | 'documents' | 'portal' | 'webhooks';
/** Their logical ids (the first was the single HTTP function's: keeping it keeps its log group and alarms). */
const HTTP_FUNCTION_IDS: Record<HttpFamily, string> = {
  api: 'HttpApi',
  dashboard: 'HttpDashboard',
  bank: 'HttpBank',
  documents: 'HttpDocuments',
  portal: 'HttpPortal',
  webhooks: 'HttpWebhooks',
};
/** The paths each family answers on the HTTP API; the dashboard takes the rest ($default). */
const HTTP_ROUTES: Record<Exclude<HttpFamily, 'dashboard'>, string[]> = {
  api: ['/api/{proxy+}'],
  bank: ['/api/bank/{proxy+}', '/bank', '/bank/{proxy+}'],
  documents: ['/api/documents', '/api/documents/{proxy+}', '/documents', '/documents/{proxy+}'],
  portal: ['/portal/{proxy+}'],
  webhooks: ['/webhooks/{proxy+}'],
};

export interface StatelessStackProps extends StackProps {
  readonly config: RelanceConfig;
  readonly table: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  readonly configurationSetName: string;
  readonly scheduleGroup: scheduler.IScheduleGroup;
  readonly schedulerRole: iam.IRole;
  readonly apiTokenSecret: secretsmanager.ISecret;
  /** Signs the debtor portal links in reminders. */
  readonly portalSecret: secretsmanager.ISecret;
  /** One JSON secret per provider (keys = the variable names of the README). */
  readonly providerSecrets: Readonly<Record<Provider, secretsmanager.ISecret>>;
  /** The SES sending identity; without one, reminders are not e-mailed (letters and tasks still are). */
  readonly emailIdentity?: ses.IEmailIdentity;
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
  /** The HTTP API's functions, one per route family (shared/web/families), by family. */
  readonly httpFunctions: Readonly<Record<HttpFamily, AppFunction>>;
  readonly functions: Readonly<Record<string, AppFunction>>;
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
      const work = new WorkQueue(this, capitalise(name), WORK_QUEUE_PROPS[name]);
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

    // ---- Functions. Each gets exactly the variables and access it uses (test/infra checks both lists). ----
    // The bucket and the group by export and by name: their grants' wildcards (a key prefix, the group's
    // schedules) then have stable ids for the acknowledgements made by bindBucket and bindScheduler.
    const bucket = s3.Bucket.fromBucketAttributes(this, 'DataBucket', {
      bucketArn: Fn.importValue(bucketArnExport(config.stage)),
      bucketName: props.bucket.bucketName,
    });
    const group = scheduler.ScheduleGroup.fromScheduleGroupName(this, 'Group', scheduleGroupName(config.stage));
    const replan = this.queues.reminderDispatches;
    const providerSecrets = INVOICE_PROVIDERS.map((p) => [p, props.providerSecrets[p]] as const);
    const bindProviderSecrets = (fn: AppFunction) => {
      for (const [provider, secret] of providerSecrets) fn.bindSecret(`${provider.toUpperCase()}_SECRET_ARN`, secret);
    };

    // The dispatch needs its own ARN (schedules it creates invoke it): a stage-prefixed physical name lets the
    // ARN be written without referring to the function itself (a resource cannot reference its own attributes).
    const dispatchName = `relance-${config.stage}-reminder-dispatch`;
    const dispatchArn = this.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: dispatchName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    /** Reminder channels and scheduling: SES (with an identity), SMS (with an origination identity), Scheduler. */
    const bindDunning = (fn: AppFunction) => {
      fn.bindScheduler(group, props.schedulerRole, this.schedulerDeadLetters)
        .bindSecret('PORTAL_SECRET_ARN', props.portalSecret)
        .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.invoices, 'RO')
        .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.letters, 'RW');
      fn.addEnvironment('DISPATCH_FUNCTION_ARN', dispatchArn);
      if (props.emailIdentity) {
        fn.addEnvironment('SES_CONFIGURATION_SET', props.configurationSetName);
        fn.addEnvironment('SES_SEND_RATE', String(config.sesSendRate));
        // SES v2 SendEmail is authorised against the identity and the configuration set it names.
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [
              props.emailIdentity.emailIdentityArn,
              this.formatArn({
                service: 'ses',
                resource: 'configuration-set',
                resourceName: props.configurationSetName,
              }),
            ],
          }),
        );
      }
      if (config.smsOriginationIdentity) {
        fn.addEnvironment('SMS_ORIGINATION_IDENTITY', config.smsOriginationIdentity);
        if (config.smsConfigurationSet) fn.addEnvironment('SMS_CONFIGURATION_SET', config.smsConfigurationSet);
        const smsArn = (resource: string, name: string) =>
          this.formatArn({ service: 'sms-voice', resource, resourceName: name });
        // SendTextMessage's resource types are the origination identity (phone-number, sender-id or pool), the
        // configuration set and the opt-out list: each is named, nothing on "*".
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['sms-voice:SendTextMessage'],
            resources: [
              config.smsOriginationIdentity,
              smsArn('opt-out-list', config.smsOptOutList),
              ...(config.smsConfigurationSet ? [smsArn('configuration-set', config.smsConfigurationSet)] : []),
            ],
          }),
        );
      }
      return fn;
    };

    const reminderDispatch = bindDunning(
      this.addFunction('ReminderDispatch', {
        entry: entryPoint('reminder-dispatch'),
        description: 'Scheduler at(…) and the re-plan queue → the customer’s reminder dispatch',
        functionName: dispatchName,
        timeout: DISPATCH_TIMEOUT,
      }).bindTable(props.table, 'RW'),
    )
      // Few containers: SES paces sends per account (1/s in the sandbox), and one customer is one message group.
      .consume(replan, { batchSize: 5, maxConcurrency: 2 });
    // Scheduler invokes asynchronously: after Lambda's retries, a failed dispatch lands in the Scheduler DLQ.
    reminderDispatch.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new lambdaDestinations.SqsDestination(this.schedulerDeadLetters),
    });
    this.schedulerTargetRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [dispatchArn] }),
    );

    // ---- The HTTP API: one function per route family, each with only its family's code and access. ----
    const httpFunction = (family: HttpFamily, description: string) =>
      this.addFunction(HTTP_FUNCTION_IDS[family], {
        entry: entryPoint(`http-${family}`),
        description,
        // Below API Gateway's 30 s integration limit, so the function's own timeout is the one that shows.
        timeout: Duration.seconds(25),
        environment: { RELANCE_TIME_ZONE: config.timeZone, RELANCE_MAX_BODY_BYTES: String(MAX_BODY_BYTES) },
      }).bindTable(props.table, 'RW');
    const api = bindDunning(
      httpFunction('api', '/api/* (but bank and documents) → the JSON API')
        .bindSecret('API_TOKEN_SECRET_ARN', props.apiTokenSecret)
        // Replaying failed provider events queues them again.
        .sendTo('PROVIDER_EVENTS_QUEUE_URL', this.queues.providerEvents.queue)
        .sendTo('REPLAN_QUEUE_URL', replan.queue),
    );
    bindProviderSecrets(api);
    const dashboard = bindDunning(
      httpFunction('dashboard', 'the dashboard pages, CSV exports and sign-in')
        .bindSecret('API_TOKEN_SECRET_ARN', props.apiTokenSecret)
        .sendTo('REPLAN_QUEUE_URL', replan.queue),
    );
    // The settings page shows each provider's webhook URL (Sellsy's carries its path secret).
    bindProviderSecrets(dashboard);
    const bank = httpFunction('bank', '/api/bank/* and /bank* → statement uploads, review, manual matching')
      .bindSecret('API_TOKEN_SECRET_ARN', props.apiTokenSecret)
      .sendTo('REPLAN_QUEUE_URL', replan.queue);
    const documents = httpFunction('documents', '/api/documents* and /documents* → PDF uploads and review')
      .bindSecret('API_TOKEN_SECRET_ARN', props.apiTokenSecret)
      .sendTo('REPLAN_QUEUE_URL', replan.queue)
      // Uploads are stored under documents/, dropped ones are read from inbox/ on review; a document that
      // becomes an invoice writes its PDF under invoices/.
      .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.inbox, 'RO')
      .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.documents, 'RW')
      .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.invoices, 'RW');
    this.textract.allowAnalysis(documents);
    const portal = httpFunction('portal', "/portal/* → the debtor's portal (signed links)")
      .bindSecret('PORTAL_SECRET_ARN', props.portalSecret)
      .sendTo('REPLAN_QUEUE_URL', replan.queue)
      .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.invoices, 'RO');
    const webhooks = httpFunction('webhooks', "/webhooks/* → the providers' webhooks, stored and queued").sendTo(
      'PROVIDER_EVENTS_QUEUE_URL',
      this.queues.providerEvents.queue,
    );
    bindProviderSecrets(webhooks);
    this.httpFunctions = { api, dashboard, bank, documents, portal, webhooks };

    const providerEvents = this.addFunction('ProviderEventsFunction', {
      entry: entryPoint('provider-events'),
      description: 'provider-events queue → the worker (webhook events, daily catch-up syncs)',
    })
      .bindTable(props.table, 'RW')
      .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.invoices, 'RW')
      // The catch-up queues the changes it finds on the same queue, as stored events.
      .sendTo('PROVIDER_EVENTS_QUEUE_URL', this.queues.providerEvents.queue)
      .sendTo('REPLAN_QUEUE_URL', replan.queue)
      .consume(this.queues.providerEvents);
    bindProviderSecrets(providerEvents);
    // Intuit rotates the refresh token on use: the worker writes the newest one back into the QuickBooks secret.
    providerEvents.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:PutSecretValue'],
        resources: [props.providerSecrets.quickbooks.secretArn],
      }),
    );

    const documentFunction = (id: string, entry: string, description: string, work: WorkQueue) => {
      const fn = this.addFunction(id, { entry: entryPoint(entry), description })
        .bindTable(props.table, 'RW')
        // Textract reads the object with the caller's permissions (s3:GetObject is a dependent action).
        .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.inbox, 'RO')
        .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.documents, 'RO')
        .sendTo('REPLAN_QUEUE_URL', replan.queue)
        .consume(work);
      this.textract.allowAnalysis(fn);
      return fn;
    };
    const documentIntake = documentFunction(
      'DocumentIntakeFunction',
      'document-intake',
      'inbox/ objects → Textract → invoice or review queue',
      this.queues.documentIntake,
    );
    const textractCompletion = documentFunction(
      'TextractCompletion',
      'textract-completion',
      'Textract job completions → the document’s invoice or review queue',
      this.queues.textractCompletions,
    );

    const sesEvents = this.addFunction('SesEventsFunction', {
      entry: entryPoint('ses-events'),
      description: 'SES delivery events → reminders, timeline, bounced contacts',
    })
      .bindTable(props.table, 'RW')
      .sendTo('REPLAN_QUEUE_URL', replan.queue)
      .consume(this.queues.sesEvents);

    const functions: Record<string, AppFunction> = {
      ...Object.fromEntries(
        Object.entries(this.httpFunctions).map(([family, fn]) => [`http${capitalise(family)}`, fn]),
      ),
      providerEvents,
      documentIntake,
      textractCompletion,
      sesEvents,
      reminderDispatch,
    };
    // Bank statements: wired when the entry point exists (it is being written alongside this stack).
    if (hasEntryPoint('statement-import'))
      functions.statementImport = this.addFunction('StatementImport', {
        entry: entryPoint('statement-import'),
        description: 'bank/ objects → transactions → matcher',
      })
        .bindTable(props.table, 'RW')
        .bindBucket('BUCKET_NAME', bucket, BUCKET_PREFIXES.bank, 'RO')
        .sendTo('REPLAN_QUEUE_URL', replan.queue)
        .consume(this.queues.statementImports);
    this.functions = functions;

    this.api = new apigw.HttpApi(this, 'Api', {
      description: `Relance ${config.stage}`,
      // Every path no family below claims: the dashboard's pages, /auth, /login, /health.
      defaultIntegration: new integrations.HttpLambdaIntegration('Dashboard', dashboard),
      createDefaultStage: false,
    });
    // The most specific route wins: /api/bank/x goes to bank, /api/invoices to api.
    for (const [family, paths] of Object.entries(HTTP_ROUTES) as [Exclude<HttpFamily, 'dashboard'>, string[]][]) {
      const integration = new integrations.HttpLambdaIntegration(
        `${capitalise(family)}Integration`,
        this.httpFunctions[family],
      );
      for (const path of paths) this.api.addRoutes({ path, methods: [apigw.HttpMethod.ANY], integration });
    }
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
    // The portal links in reminders point at the API (no cycle: the Api resource does not depend on functions).
    for (const fn of [api, dashboard, portal, reminderDispatch])
      fn.addEnvironment('PORTAL_BASE_URL', this.api.apiEndpoint);

    if (props.userPool) this.dashboardSignIn(props.userPool, config.stage);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'DashboardName', { value: `relance-${config.stage}` });
  }

  /**
   * The dashboard's sign-in through the pool's hosted UI (shared/web/cognito-auth.ts): a public app client for the
   * authorization-code flow with PKCE (no client secret to keep: the code is exchanged server-side, the verifier
   * proves the exchange), a Cognito-prefix domain, and the four settings the app reads. Both live in this stack:
   * the callback URL is the API's, and the stateful stack must not depend on this one.
   */
  private dashboardSignIn(userPool: cognito.IUserPool, stage: string): void {
    const callback = `${this.api.apiEndpoint}/auth/callback`;
    const client = new cognito.UserPoolClient(this, 'DashboardClient', {
      userPool,
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [callback],
        logoutUrls: [`${this.api.apiEndpoint}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // The session cookie is the ID token: a working day at most, then the hosted UI again.
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
    });
    const domain = new cognito.UserPoolDomain(this, 'SignInDomain', {
      userPool,
      // Prefixes are unique per region across AWS: the account id keeps this one ours.
      cognitoDomain: { domainPrefix: `relance-${stage}-${this.account}` },
    });
    // Every family that serves pages checks the session; the sign-in routes themselves are the dashboard's.
    for (const fn of [this.httpFunctions.dashboard, this.httpFunctions.bank, this.httpFunctions.documents])
      fn.addEnvironment('COGNITO_USER_POOL_ID', userPool.userPoolId)
        .addEnvironment('COGNITO_CLIENT_ID', client.userPoolClientId)
        .addEnvironment('COGNITO_DOMAIN', domain.baseUrl())
        .addEnvironment('COGNITO_REDIRECT_URI', callback);
    new CfnOutput(this, 'SignInUrl', { value: domain.baseUrl() });
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
