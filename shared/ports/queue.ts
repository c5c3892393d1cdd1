/**
 * A work queue (SQS on AWS, in-process locally). Delivery is at-least-once: consumers must be idempotent.
 */
export interface QueueMessage<T = unknown> {
  /** Stable id of the work item; a redelivery carries the same id. */
  id: string;
  body: T;
}

export interface WorkQueue {
  send<T>(queue: string, message: QueueMessage<T>): Promise<void>;
}
