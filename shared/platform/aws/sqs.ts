/** SQS SendMessage over the JSON protocol (SQS speaks awsJson1_0 since 2023, as the SDK now does). */
import type { ClientOptions } from './aws-service.ts';
import { JsonProtocolClient } from './json-protocol.ts';

export interface SendMessageInput {
  QueueUrl: string;
  MessageBody: string;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  DelaySeconds?: number;
}

export class SqsQueues {
  readonly client: JsonProtocolClient;

  constructor(options: ClientOptions) {
    this.client = new JsonProtocolClient(
      { name: 'SQS', signingName: 'sqs', endpointPrefix: 'sqs', envKey: 'SQS' },
      options,
      { targetPrefix: 'AmazonSQS', version: '1.0' },
    );
  }

  sendMessage(input: SendMessageInput): Promise<{ MessageId?: string; SequenceNumber?: string }> {
    return this.client.call('SendMessage', input);
  }
}
