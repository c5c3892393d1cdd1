/**
 * Everything that holds data or identity and must outlive a redeploy of the code: the table, the bucket, the SES
 * identity and configuration set, the schedule group and the role Scheduler assumes, the secrets, and the optional
 * Cognito user pool. The stateless stack receives these as typed props; it is the one that grants access to them.
 */
import {
  CfnOutput,
  aws_cognito as cognito,
  Duration,
  aws_dynamodb as dynamodb,
  aws_events as events,
  aws_iam as iam,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_s3 as s3,
  aws_scheduler as scheduler,
  aws_secretsmanager as secretsmanager,
  aws_ses as ses,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { isProd, type RelanceConfig } from './config.ts';
import { ProviderSecrets } from './constructs/provider-secrets.ts';
import { tableSchema } from './table.ts';

/** Key prefixes of the bucket: each trigger and grant is scoped to one of them. */
export const BUCKET_PREFIXES = {
  /** Invoice PDFs dropped by hand or uploaded through /api/documents: Textract reads them. */
  inbox: 'inbox/',
  /** Bank statement files (camt, MT940, OFX, CSV) waiting to be imported. */
  bank: 'bank/',
  /** Intermediate objects (Textract output pages, upload staging): expire on their own. */
  tmp: 'tmp/',
  /** Invoice files uploaded through /api/documents, by content hash (Textract reads them too). */
  documents: 'documents/',
  /** Invoice PDFs kept with their invoices (from the providers), attached to reminder e-mails. */
  invoices: 'invoices/',
  /** Reminder letters and registered letters (PDF) waiting to be posted. */
  letters: 'letters/',
} as const;

/** SES events the configuration set publishes: delivery outcomes only (no open or click tracking of debtors). */
export const SES_EVENT_TYPES = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
  ses.EmailSendingEvent.RENDERING_FAILURE,
];

/** The export of the bucket ARN: the stateless stack imports it by this name, so grants name it stably. */
export const bucketArnExport = (stage: string) => `Relance-${stage}-BucketArn`;
/** The schedule group's name (also the name the stateless stack grants on). */
export const scheduleGroupName = (stage: string) => `relance-${stage}`;

export interface StatefulStackProps extends StackProps {
  readonly config: RelanceConfig;
}

export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly bucket: s3.Bucket;
  readonly configurationSet: ses.ConfigurationSet;
  readonly emailIdentity?: ses.EmailIdentity;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  /** Assumed by EventBridge Scheduler; its target permissions are granted by the stateless stack. */
  readonly schedulerRole: iam.Role;
  readonly apiTokenSecret: secretsmanager.Secret;
  /** Signs the debtor portal links sent in reminders. */
  readonly portalSecret: secretsmanager.Secret;
  readonly providerSecrets: ProviderSecrets;
  readonly userPool?: cognito.UserPool;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prod = isProd(config);
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new dynamodb.TableV2(this, 'Table', {
      ...tableSchema(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: prod,
      removalPolicy,
    });

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Server access log delivery supports SSE-S3 only.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(prod ? 365 : 30) }],
      removalPolicy,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'bucket/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-temporary', prefix: BUCKET_PREFIXES.tmp, expiration: Duration.days(7) },
        // Versioning protects against an overwrite or delete by mistake; old versions need not live forever.
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90) },
      ],
      removalPolicy,
    });
    // ObjectCreated events go to EventBridge natively (no notification custom resource, no cross-stack cycle):
    // the stateless stack's rules route `inbox/` and `bank/` to their queues.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `relance-${config.stage}`,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // SES publishes to the default bus only; the stateless stack's rule picks this configuration set's events.
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: SES_EVENT_TYPES,
    });
    if (config.senderDomain) {
      this.emailIdentity = new ses.EmailIdentity(this, 'DomainIdentity', {
        identity: ses.Identity.domain(config.senderDomain),
        configurationSet: this.configurationSet,
        // A MAIL FROM subdomain aligns SPF with the From domain, which DMARC checks.
        mailFromDomain: `mail.${config.senderDomain}`,
      });
      this.emailIdentity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}` });
      });
    } else if (config.senderAddress) {
      this.emailIdentity = new ses.EmailIdentity(this, 'AddressIdentity', {
        identity: ses.Identity.email(config.senderAddress),
        configurationSet: this.configurationSet,
      });
    }

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: scheduleGroupName(config.stage),
      removalPolicy,
    });
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to deliver Relance schedules',
      // Confused-deputy guard: only schedules of this account's group may assume it.
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnEquals: { 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn },
        },
      }),
    });

    this.apiTokenSecret = new secretsmanager.Secret(this, 'ApiToken', {
      description: `Relance ${config.stage}: bearer token of the API and the dashboard login`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy,
    });
    this.portalSecret = new secretsmanager.Secret(this, 'PortalSigningKey', {
      description: `Relance ${config.stage}: HMAC key of the debtor portal links in reminders`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    this.providerSecrets = new ProviderSecrets(this, 'ProviderSecrets', { stage: config.stage, removalPolicy });

    if (config.cognito) {
      this.userPool = new cognito.UserPool(this, 'UserPool', {
        // Finance users are invited by an administrator; nobody signs up alone.
        selfSignUpEnabled: false,
        signInAliases: { email: true },
        mfa: cognito.Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        passwordPolicy: {
          minLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireDigits: true,
          requireSymbols: true,
        },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        // Plus adds threat protection (compromised credentials, risky sign-ins): cents a month for a finance team.
        featurePlan: cognito.FeaturePlan.PLUS,
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        deletionProtection: prod,
        removalPolicy,
      });
      new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    }

    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'BucketArn', { value: this.bucket.bucketArn, exportName: bucketArnExport(config.stage) });
    new CfnOutput(this, 'ApiTokenSecretArn', { value: this.apiTokenSecret.secretArn });
    for (const [provider, secret] of Object.entries(this.providerSecrets.byProvider))
      new CfnOutput(this, `${provider.charAt(0).toUpperCase()}${provider.slice(1)}SecretArn`, {
        value: secret.secretArn,
      });
  }
}
