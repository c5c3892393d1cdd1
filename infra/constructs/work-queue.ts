/**
 * SQS queues as the project uses them: SQS-managed encryption, TLS only, and (for work queues) a dead-letter
 * queue that keeps what failed `maxReceiveCount` times for 14 days, long enough to read it after a holiday.
 * Consume one from a function with `fn.consume(queue)` (AppFunction), which turns on partial batch responses.
 */
import { Duration, aws_sqs as sqs, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Lambda's advice for an SQS event source: a visibility timeout of at least six times the function timeout. */
export const VISIBILITY_PER_FUNCTION_TIMEOUT = 6;

const DEAD_LETTER_RETENTION = Duration.days(14);

/** A queue of last resort: nothing consumes it automatically; its depth alarms (see Monitoring). */
export function deadLetterQueue(scope: Construct, id: string, options: { fifo?: boolean } = {}): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    // The dead-letter queue of a FIFO queue must be FIFO too.
    ...(options.fifo ? { fifo: true } : {}),
    retentionPeriod: DEAD_LETTER_RETENTION,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue (a redrive target, or the DeadLetterConfig of EventBridge ' +
      'Scheduler targets, which cdk-nag does not see); a dead-letter queue of a dead-letter queue has no consumer.',
  });
  return queue;
}

export interface WorkQueueProps {
  /** Deliveries before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Must be at least six times the consuming function's timeout (checked by `consume`). @default 3 minutes */
  readonly visibilityTimeout?: Duration;
  /** @default 4 days */
  readonly retentionPeriod?: Duration;
  /**
   * A FIFO queue: messages deduplicated by their deduplication id for five minutes, delivered in order per
   * message group. @default false
   */
  readonly fifo?: boolean;
  /** Every message becomes visible this long after it is sent. @default none */
  readonly deliveryDelay?: Duration;
}

export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: WorkQueueProps = {}) {
    super(scope, id);
    this.visibilityTimeout = props.visibilityTimeout ?? Duration.minutes(3);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters', { fifo: props.fifo });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...(props.fifo ? { fifo: true } : {}),
      ...(props.deliveryDelay ? { deliveryDelay: props.deliveryDelay } : {}),
      visibilityTimeout: this.visibilityTimeout,
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
