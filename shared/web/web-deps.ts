/** What the HTTP app needs, built once by its host (the Lambda handler or the local stack). */
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';

export interface WebConfig {
  apiToken: string;
  /** Time zone in which "today" is read for due/overdue (the company's). */
  timeZone: string;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** Shown on the dashboard's settings and used for links. */
  publicUrl?: string;
}

export interface WebDeps extends UseCaseDeps {
  config: WebConfig;
}
