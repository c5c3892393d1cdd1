/** AWS End User Messaging SMS (pinpoint-sms-voice-v2) SendTextMessage (awsJson1_0). */
import type { ClientOptions } from './aws-service.ts';
import { JsonProtocolClient } from './json-protocol.ts';

export interface SendTextMessageInput {
  DestinationPhoneNumber: string;
  OriginationIdentity?: string;
  MessageBody?: string;
  MessageType?: 'TRANSACTIONAL' | 'PROMOTIONAL';
  ConfigurationSetName?: string;
  Context?: Record<string, string>;
  DryRun?: boolean;
  ProtectConfiguration?: string;
  MaxPrice?: string;
  TimeToLive?: number;
  Keyword?: string;
  DestinationCountryParameters?: Record<string, string>;
  MessageFeedbackEnabled?: boolean;
}

export class SmsVoice {
  readonly client: JsonProtocolClient;

  constructor(options: ClientOptions) {
    this.client = new JsonProtocolClient(
      {
        name: 'PinpointSMSVoiceV2',
        signingName: 'sms-voice',
        endpointPrefix: 'sms-voice',
        envKey: 'PINPOINT_SMS_VOICE_V2',
      },
      options,
      { targetPrefix: 'PinpointSMSVoiceV2', version: '1.0' },
    );
  }

  sendTextMessage(input: SendTextMessageInput): Promise<{ MessageId?: string }> {
    return this.client.call('SendTextMessage', input);
  }
}
