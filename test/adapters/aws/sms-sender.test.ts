/**
 * The End User Messaging SMS sender on a mocked client (no emulator): the exact SendTextMessage input, throttling
 * retried with bounded back-off, refusals mapped to DeliveryError, unknown outcomes never retried.
 */
import {
  InternalServerException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EndUserMessagingSmsSender } from '#shared/adapters/aws/sms-sender.ts';
import { DeliveryError, type OutgoingSms } from '#shared/ports/messaging.ts';

const IDENTITY = 'arn:aws:sms-voice:eu-west-3:123456789012:phone-number/phone-0123456789abcdef';
const SMS: OutgoingSms = {
  to: '+33612345678',
  text: 'Acme: 1 200,00 EUR restent dus. https://relance.example/portal/t',
  reference: 'cus_1:sms:2026-11-23',
  customerId: 'cus_1',
};
const meta = { $metadata: {} };

describe('EndUserMessagingSmsSender', () => {
  const sms = mockClient(PinpointSMSVoiceV2Client);
  const sleeps: number[] = [];
  const sender = (options: { configurationSetName?: string; maxAttempts?: number } = {}) =>
    new EndUserMessagingSmsSender(new PinpointSMSVoiceV2Client({ region: 'eu-west-3' }), {
      originationIdentity: IDENTITY,
      ...options,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 1,
    });
  afterEach(() => {
    sms.reset();
    sleeps.length = 0;
  });

  it('sends one transactional text from the configured identity, with the configuration set', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'msg-1' });
    // Act
    const result = await sender({ configurationSetName: 'relance-prod' }).send(SMS);
    // Assess
    expect(result).toEqual({ messageId: 'msg-1' });
    expect(sms.commandCalls(SendTextMessageCommand).map((c) => c.args[0].input)).toEqual([
      {
        DestinationPhoneNumber: '+33612345678',
        OriginationIdentity: IDENTITY,
        MessageBody: SMS.text,
        MessageType: 'TRANSACTIONAL',
        ConfigurationSetName: 'relance-prod',
        Context: { reminderId: 'cus_1:sms:2026-11-23' },
      },
    ]);
  });

  it('omits the configuration set when none is configured', async () => {
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'msg-2' });
    await sender().send(SMS);
    expect(sms.commandCalls(SendTextMessageCommand)[0]!.args[0].input).not.toHaveProperty('ConfigurationSetName');
  });

  it('retries throttling with exponential back-off, then succeeds', async () => {
    const throttled = new ThrottlingException({ message: 'slow down', ...meta });
    sms.on(SendTextMessageCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves({ MessageId: 'msg-3' });
    expect(await sender().send(SMS)).toEqual({ messageId: 'msg-3' });
    expect(sleeps).toEqual([200, 400]);
  });

  it('gives up after the bounded attempts with a retryable DeliveryError', async () => {
    sms.on(SendTextMessageCommand).rejects(new ThrottlingException({ message: 'slow down', ...meta }));
    const error = await sender({ maxAttempts: 3 })
      .send(SMS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: true });
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('maps a refusal (invalid or opted-out number) to a final DeliveryError, sent once', async () => {
    sms.on(SendTextMessageCommand).rejects(new ValidationException({ message: 'destination opted out', ...meta }));
    await expect(sender().send(SMS)).rejects.toMatchObject({ name: 'DeliveryError', retryable: false });
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(1);
  });

  it('never retries an unknown outcome (a 5xx may have been sent)', async () => {
    sms.on(SendTextMessageCommand).rejects(new InternalServerException({ message: 'boom', ...meta }));
    await expect(sender().send(SMS)).rejects.toBeInstanceOf(InternalServerException);
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(1);
  });
});
