/** What the HTTP app needs, built once by its host (the Lambda handler or the local stack). */
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { ConnectionStore } from '#shared/ports/connections.ts';
import type { SmsOutbox, TemplateRepository } from '#shared/ports/messaging.ts';
import type { PlanRepository, ReminderRepository, SettingsRepository } from '#shared/ports/reminders.ts';
import type { TaskRepository } from '#shared/ports/tasks.ts';
import type { BankServices } from '#shared/use-cases/bank-deps.ts';
import type { DocumentServices } from '#shared/use-cases/document-deps.ts';
import type { DispatchResult } from '#shared/use-cases/dunning-dispatch.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';
import type { CognitoConfig, TokenVerifier } from './cognito-auth.ts';
import type { BankWebDeps } from './dashboard/bank-routes.ts';
import type { WebhookDeps } from './webhooks/routes.ts';

export interface WebConfig {
  apiToken: string;
  /** Time zone in which "today" is read for due/overdue (the company's). */
  timeZone: string;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** Shown on the dashboard's settings and used for links. */
  publicUrl?: string;
  /**
   * The key portal links are signed with (the same one the dunning dispatch signs them with). Without it the
   * portal is not mounted: every /portal link answers 404.
   */
  portalSecret?: string;
  /** Shown (masked) in the Sellsy webhook URL on the settings page; the receiver itself is the host's. */
  sellsyWebhookSecret?: string;
  /**
   * Cognito hosted UI (the AWS host): when set, dashboard pages need a Cognito session (cognito-auth.ts) instead
   * of the token login form. The API keeps its bearer token either way.
   */
  cognito?: CognitoConfig;
}

export interface WebDeps extends UseCaseDeps {
  config: WebConfig;
  /** Provider webhooks (/webhooks/*): mounted only when the host configured at least one provider. */
  webhooks?: WebhookDeps;
  /** Bank import and matching (/api/bank, the /bank page, /webhooks/{bank}): mounted when the host provides it. */
  bank?: BankWebDeps;
  /**
   * The bank records the home and customer pages show (transactions to review, credits, allocations), for a host
   * that shows them without mounting the bank routes (the AWS dashboard function); `bank` when absent.
   */
  bankRecords?: Pick<BankServices, 'transactions' | 'allocations' | 'credits'>;
  /** Document intake (/api/documents, the /documents page): mounted only when the host provides its ports. */
  documentIntake?: DocumentServices;
  /** The documents the home page counts (those to review), for a host without document intake; else its own. */
  documentRecords?: Pick<DocumentServices, 'documents'>;
  /** Dunning: plans, settings, reminders and decisions on invoices (/api/plans, /api/settings, …). */
  dunning?: DunningWebDeps;
  /** Messages: templates, tasks (calls, letters, decisions), the local SMS outbox (/api/templates, /tasks …). */
  messages?: MessagesWebDeps;
  /** Provider connections (Sellsy, QuickBooks, …) and whether they work: the home and the settings page. */
  connections?: ConnectionStore;
  /** Verifies Cognito ID tokens (tests inject one); built from `config.cognito` when absent. */
  tokenVerifier?: TokenVerifier;
}

export interface MessagesWebDeps {
  templates: TemplateRepository;
  tasks: TaskRepository;
  /** The local stand-in's SMS outbox, shown on the dashboard (absent on AWS). */
  smsOutbox?: SmsOutbox;
  /** Where letters are stored, to download them from the tasks page. */
  blobs?: BlobStore;
  /** The company's settings for previews (else the dunning settings, else the defaults). */
  settings?: SettingsRepository;
}

export interface DunningWebDeps {
  plans: PlanRepository;
  settings: SettingsRepository;
  reminders: ReminderRepository;
  /** Runs the customer's dispatch now (what is due goes out; the next one is scheduled). */
  dispatch: (customerId: string) => Promise<DispatchResult>;
  /** Where invoice PDFs are, for the collection case file. */
  blobs?: BlobStore;
}
