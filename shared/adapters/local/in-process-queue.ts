/**
 * The laptop's SQS: messages handled in this process, one at a time per queue, retried with back-off, and
 * kept in a dead-letter list with the reason when the consumer keeps failing. Like SQS it is at-least-once:
 * consumers must be idempotent (the producers store what they queue, so nothing is lost on a restart).
 */
import type { QueueMessage, WorkQueue } from '#shared/ports/queue.ts';

export type Consumer = (message: QueueMessage) => Promise<void>;

export interface DeadLetter {
  queue: string;
  message: QueueMessage;
  reason: string;
  attempts: number;
}

export class InProcessQueue implements WorkQueue {
  private readonly consumers = new Map<string, Consumer>();
  private readonly pending = new Map<string, Promise<void>>();
  readonly deadLetters: DeadLetter[] = [];

  constructor(private readonly options: { maxAttempts?: number; retryBaseMs?: number } = {}) {}

  consume(queue: string, consumer: Consumer): void {
    this.consumers.set(queue, consumer);
  }

  async send<T>(queue: string, message: QueueMessage<T>): Promise<void> {
    const consumer = this.consumers.get(queue);
    if (!consumer) throw new Error(`no consumer for queue "${queue}"`);
    const previous = this.pending.get(queue) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(queue, consumer, message as QueueMessage));
    this.pending.set(queue, next);
  }

  /** Resolves when every queued message has been handled or dead-lettered (tests, shutdown). */
  async drain(): Promise<void> {
    while (true) {
      const all = [...this.pending.values()];
      await Promise.all(all);
      if ([...this.pending.values()].every((p, i) => p === all[i]) && all.length === this.pending.size) return;
    }
  }

  private async deliver(queue: string, consumer: Consumer, message: QueueMessage): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const base = this.options.retryBaseMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer(message);
        return;
      } catch (error) {
        if (attempt >= maxAttempts) {
          this.deadLetters.push({
            queue,
            message,
            attempts: attempt,
            reason: error instanceof Error ? error.message : String(error),
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2)));
      }
    }
  }
}
