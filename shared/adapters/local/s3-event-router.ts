/**
 * Routes the S3 events s3rver emits to the handler registered for the object's prefix — the same handlers, fed
 * the same event shape, that S3 notifications invoke on AWS (`inbox/` → document intake, `bank/` → statements).
 */
import type { S3Event } from 'aws-lambda';

export type S3EventHandler = (event: S3Event) => Promise<void>;

export class S3EventRouter {
  private readonly routes: { prefix: string; handler: S3EventHandler }[] = [];
  readonly failures: { key: string; reason: string }[] = [];

  on(prefix: string, handler: S3EventHandler): void {
    this.routes.push({ prefix, handler });
  }

  /** True when a handler took the event. */
  async dispatch(event: S3Event): Promise<boolean> {
    let handled = false;
    for (const record of event.Records ?? []) {
      if (!record.eventName?.startsWith('ObjectCreated')) continue;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const route = this.routes.find((r) => key.startsWith(r.prefix));
      if (!route) continue;
      try {
        await route.handler({ Records: [record] });
        handled = true;
      } catch (error) {
        this.failures.push({ key, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return handled;
  }
}
