/**
 * The reminder side on AWS, built once per container: the channels (SES e-mail when a configuration set is
 * given, End User Messaging SMS when an origination identity is, letters and tasks always), EventBridge Scheduler
 * for the next dispatch, the portal links, and the dispatch itself. Mirrors local/messages.ts and local/dunning.ts
 * with the AWS adapters in place of the emulators and the in-process queue.
 */
import { EventBridgeScheduler } from '#shared/adapters/aws/eventbridge-scheduler.ts';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { SesMailer } from '#shared/adapters/aws/ses-mailer.ts';
import { EndUserMessagingSmsSender } from '#shared/adapters/aws/sms-sender.ts';
import { EmailChannel } from '#shared/adapters/channels/email-channel.ts';
import { SmsChannel } from '#shared/adapters/channels/sms-channel.ts';
import { LetterChannel, TaskChannel } from '#shared/adapters/channels/task-channels.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import { DynamoTaskRepository } from '#shared/adapters/dynamodb/task-repository.ts';
import { DynamoTemplateRepository } from '#shared/adapters/dynamodb/template-repository.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { EventBridgeSchedules } from '#shared/platform/aws/scheduler.ts';
import { readSecretString, type SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { SesV2 } from '#shared/platform/aws/sesv2.ts';
import { SmsVoice } from '#shared/platform/aws/sms-voice.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { ReminderChannels } from '#shared/ports/reminders.ts';
import { DISPATCH_TARGET, makeDispatchReminders } from '#shared/use-cases/dunning-dispatch.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';
import { portalUrl } from '#shared/web/portal-token.ts';
import type { DunningWebDeps, MessagesWebDeps } from '#shared/web/web-deps.ts';
import type { TableAccess } from './stores.ts';

export interface MessagingEnv {
  AWS_REGION: string;
  SES_CONFIGURATION_SET?: string;
  SES_SEND_RATE: number;
  SMS_ORIGINATION_IDENTITY?: string;
  SMS_CONFIGURATION_SET?: string;
}

export interface SchedulingEnv {
  AWS_REGION: string;
  SCHEDULE_GROUP_NAME: string;
  SCHEDULER_ROLE_ARN: string;
  SCHEDULER_DEAD_LETTER_ARN: string;
  DISPATCH_FUNCTION_ARN: string;
}

/** The reminder channels and what the dashboard needs to show them (templates, tasks, letters). */
export function messageChannels(args: {
  env: MessagingEnv;
  db: DynamoDocuments;
  tableName: string;
  blobs: BlobStore;
  clock: Clock;
}): { channels: ReminderChannels; web: MessagesWebDeps } {
  const { env, db, tableName, blobs, clock } = args;
  const templates = new DynamoTemplateRepository(db, tableName);
  const tasks = new DynamoTaskRepository(db, tableName);
  const taskChannel = new TaskChannel({ tasks, clock, templates });
  const letters = new LetterChannel({ tasks, clock, templates, blobs });
  const channels: ReminderChannels = {
    call_task: taskChannel,
    decision_task: taskChannel,
    letter: letters,
    registered_letter: letters,
  };
  if (env.SES_CONFIGURATION_SET) {
    const mailer = new SesMailer(new SesV2({ region: env.AWS_REGION }), {
      configurationSetName: env.SES_CONFIGURATION_SET,
      sendRate: env.SES_SEND_RATE,
    });
    channels.email = new EmailChannel({ mailer, blobs, templates });
  }
  if (env.SMS_ORIGINATION_IDENTITY) {
    // One attempt per call: a timed-out send may have gone out (the sender retries throttling itself).
    const client = new SmsVoice({ region: env.AWS_REGION, maxAttempts: 1 });
    const sms = new EndUserMessagingSmsSender(client, {
      originationIdentity: env.SMS_ORIGINATION_IDENTITY,
      configurationSetName: env.SMS_CONFIGURATION_SET,
    });
    channels.sms = new SmsChannel({ sms, templates });
  }
  return { channels, web: { templates, tasks, blobs } };
}

/** One-time schedules in the group, each invoking the reminder-dispatch function. */
export function eventBridgeScheduler(env: SchedulingEnv): EventBridgeScheduler {
  return new EventBridgeScheduler(new EventBridgeSchedules({ region: env.AWS_REGION }), {
    groupName: env.SCHEDULE_GROUP_NAME,
    targets: { [DISPATCH_TARGET]: { arn: env.DISPATCH_FUNCTION_ARN } },
    roleArn: env.SCHEDULER_ROLE_ARN,
    deadLetterQueueArn: env.SCHEDULER_DEAD_LETTER_ARN,
  });
}

/** The portal signing key, read once at cold start (a generated secret of 32+ characters). Never logged. */
export async function readPortalSecret(secrets: SecretsManager, secretArn: string): Promise<string> {
  const value = await readSecretString(secrets, secretArn);
  if (typeof value !== 'string' || value.length < 32)
    throw new Error('the portal signing secret must be a string of 32+ characters');
  return value;
}

/**
 * Plans, settings, reminders and the dispatch. `deps` must not carry onCustomerChanged: a dispatch records steps
 * on invoices, and re-planning on its own writes would queue the customer again after every dispatch.
 */
export function dunning(args: {
  deps: UseCaseDeps;
  db: DynamoDocuments;
  tableName: string;
  channels: ReminderChannels;
  scheduler: EventBridgeScheduler;
  portal: { secret: string; baseUrl: string };
  blobs: BlobStore;
}): DunningWebDeps {
  const { db, tableName, channels, scheduler, portal, blobs } = args;
  const { onCustomerChanged: _ignored, ...deps } = args.deps;
  const reminders = new DynamoReminderRepository(db, tableName);
  const settings = new DynamoSettingsRepository(db, tableName);
  const plans = new DynamoPlanRepository(db, tableName);
  const dispatch = makeDispatchReminders({
    ...deps,
    reminders,
    settings,
    plans,
    channels,
    scheduler,
    portalUrl: (customerId) =>
      portalUrl(portal.baseUrl, customerId, portal.secret, Math.floor(deps.clock.now().getTime() / 1000)),
  });
  return { plans, settings, reminders, dispatch, blobs };
}

/**
 * The bucket, the reminder channels and the dispatch, as every function that sends reminders builds them
 * (reminder-dispatch, and the HTTP api and dashboard, whose "send now" runs a customer's dispatch).
 */
export function dunningServices(args: {
  env: MessagingEnv & SchedulingEnv & { BUCKET_NAME: string; PORTAL_BASE_URL: string };
  access: TableAccess;
  portalSecret: string;
}): { blobs: BlobStore; messages: ReturnType<typeof messageChannels>; dunning: DunningWebDeps } {
  const { env, portalSecret } = args;
  const { db, tableName, deps } = args.access;
  const blobs = new S3BlobStore(new S3Objects({ region: env.AWS_REGION }), env.BUCKET_NAME);
  const messages = messageChannels({ env, db, tableName, blobs, clock: deps.clock });
  return {
    blobs,
    messages,
    dunning: dunning({
      deps,
      db,
      tableName,
      channels: messages.channels,
      scheduler: eventBridgeScheduler(env),
      portal: { secret: portalSecret, baseUrl: env.PORTAL_BASE_URL },
      blobs,
    }),
  };
}
