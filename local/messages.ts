/**
 * The message channels of the local stack: e-mail through the SES emulator (PDFs from s3rver), SMS into the
 * outbox shown on the dashboard, letters stored in the bucket with a "to post" task, call and decision tasks —
 * and what the dashboard needs to show and edit them (tasks, templates, the SMS outbox, the letters).
 */
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { SesMailer } from '#shared/adapters/aws/ses-mailer.ts';
import { EmailChannel } from '#shared/adapters/channels/email-channel.ts';
import { SmsChannel } from '#shared/adapters/channels/sms-channel.ts';
import { LetterChannel, TaskChannel } from '#shared/adapters/channels/task-channels.ts';
import { DynamoTaskRepository } from '#shared/adapters/dynamodb/task-repository.ts';
import { DynamoTemplateRepository } from '#shared/adapters/dynamodb/template-repository.ts';
import { LocalSmsOutbox } from '#shared/adapters/local/sms-outbox.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { S3Objects } from '#shared/platform/aws/s3.ts';
import type { SesV2 } from '#shared/platform/aws/sesv2.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { ReminderChannels } from '#shared/ports/reminders.ts';
import type { MessagesWebDeps } from '#shared/web/web-deps.ts';

/** The emulator has no quota; a demo with many customers should not wait a second per e-mail. */
const LOCAL_SEND_RATE = 20;

export function wireMessages(args: {
  db: DynamoDocuments;
  tableName: string;
  s3: S3Objects;
  ses: SesV2;
  bucket: string;
  clock: Clock;
}): { channels: ReminderChannels; web: MessagesWebDeps } {
  const { db, tableName, clock } = args;
  const blobs = new S3BlobStore(args.s3, args.bucket);
  const templates = new DynamoTemplateRepository(db, tableName);
  const tasks = new DynamoTaskRepository(db, tableName);
  const smsOutbox = new LocalSmsOutbox(db, tableName, clock);
  const mailer = new SesMailer(args.ses, { sendRate: LOCAL_SEND_RATE, configurationSetName: 'relance-local' });
  const taskChannel = new TaskChannel({ tasks, clock, templates });
  const letters = new LetterChannel({ tasks, clock, templates, blobs });
  return {
    channels: {
      email: new EmailChannel({ mailer, blobs, templates }),
      sms: new SmsChannel({ sms: smsOutbox, templates }),
      call_task: taskChannel,
      decision_task: taskChannel,
      letter: letters,
      registered_letter: letters,
    },
    web: { templates, tasks, smsOutbox, blobs },
  };
}
