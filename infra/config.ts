/**
 * Deployment settings, read once from CDK context (`cdk.json` defaults, overridden with `-c key=value`).
 * Nothing is looked up in the account: synth works offline and without credentials.
 */
import type { Node } from 'constructs';

export interface RelanceConfig {
  /** Prefix of stack and physical names; `prod` turns on RETAIN, deletion protection and longer log retention. */
  readonly stage: string;
  readonly account: string;
  readonly region: string;
  /** Domain SES sends from (verified with Easy DKIM and a MAIL FROM subdomain); no domain identity when absent. */
  readonly senderDomain?: string;
  /** The From address of reminders; verified as an address identity when no domain is given. */
  readonly senderAddress?: string;
  /** Who receives the alarm e-mails (an SNS e-mail subscription to confirm once). */
  readonly alarmEmail?: string;
  /** Creates the Cognito user pool for the dashboard sign-in. */
  readonly cognito: boolean;
  /** The company's time zone: "today" for due and overdue, and the zone of the catch-up schedules. */
  readonly timeZone: string;
  /** The SES account's maximum send rate, messages per second (1 in the sandbox; raise it after leaving it). */
  readonly sesSendRate: number;
  /**
   * ARN of the AWS End User Messaging SMS origination identity (phone number, sender ID or pool) reminders are
   * texted from; no SMS channel without it. An ARN, so the send permission names that one resource.
   */
  readonly smsOriginationIdentity?: string;
  /** End User Messaging SMS configuration set for delivery events (optional). */
  readonly smsConfigurationSet?: string;
  /** The opt-out list of the origination identity (End User Messaging's own default is "Default"). */
  readonly smsOptOutList: string;
}

/** Placeholder account for offline synth: deploys use the credentials' account (the CLI sets CDK_DEFAULT_ACCOUNT). */
export const OFFLINE_ACCOUNT = '123456789012';

const STAGE = /^[a-z][a-z0-9-]{0,15}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SMS_IDENTITY_ARN = /^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/[A-Za-z0-9_/+-]+$/;
const SMS_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const RATE = /^\d{1,4}(\.\d{1,3})?$/;

function text(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'number')
    throw new Error(`context "${key}" must be a string`);
  return String(value).trim();
}

function checked(key: string, value: string | undefined, pattern: RegExp): string | undefined {
  if (value !== undefined && !pattern.test(value)) throw new Error(`context "${key}" is not valid: "${value}"`);
  return value;
}

export function readConfig(node: Node, env: NodeJS.ProcessEnv = process.env): RelanceConfig {
  const stage = checked('stage', text(node, 'stage') ?? 'dev', STAGE) as string;
  const senderDomain = checked('senderDomain', text(node, 'senderDomain')?.toLowerCase(), DOMAIN);
  const senderAddress = checked('senderAddress', text(node, 'senderAddress'), EMAIL);
  if (senderDomain && senderAddress && !senderAddress.toLowerCase().endsWith(`@${senderDomain}`))
    throw new Error(`context "senderAddress" (${senderAddress}) must be an address of senderDomain (${senderDomain})`);
  return {
    stage,
    account: checked('account', text(node, 'account'), /^\d{12}$/) ?? env.CDK_DEFAULT_ACCOUNT ?? OFFLINE_ACCOUNT,
    region: checked('region', text(node, 'region'), /^[a-z]{2}(-[a-z]+)+-\d$/) ?? 'eu-west-3',
    senderDomain,
    senderAddress,
    alarmEmail: checked('alarmEmail', text(node, 'alarmEmail'), EMAIL),
    cognito: text(node, 'cognito') === 'true',
    timeZone: text(node, 'timeZone') ?? 'Europe/Paris',
    sesSendRate: sendRate(checked('sesSendRate', text(node, 'sesSendRate'), RATE)),
    smsOriginationIdentity: checked('smsOriginationIdentity', text(node, 'smsOriginationIdentity'), SMS_IDENTITY_ARN),
    smsConfigurationSet: checked('smsConfigurationSet', text(node, 'smsConfigurationSet'), SMS_NAME),
    smsOptOutList: checked('smsOptOutList', text(node, 'smsOptOutList'), SMS_NAME) ?? 'Default',
  };
}

function sendRate(value: string | undefined): number {
  const rate = value === undefined ? 1 : Number(value);
  if (!(rate > 0)) throw new Error('context "sesSendRate" must be a positive number of messages per second');
  return rate;
}

export const isProd = (config: RelanceConfig) => config.stage === 'prod';
