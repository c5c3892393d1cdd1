/**
 * The End User Messaging SMS sender against the recording fake AWS endpoint (no emulator): the exact
 * SendTextMessage request on the wire, throttling retried with bounded back-off, refusals mapped to DeliveryError,
 * unknown outcomes never retried. The client is built as functions/support/dunning.ts builds it: one attempt.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EndUserMessagingSmsSender } from '#shared/adapters/aws/sms-sender.ts';
import { AwsServiceError } from '#shared/platform/aws/errors.ts';
import { SmsVoice } from '#shared/platform/aws/sms-voice.ts';
import { DeliveryError, type OutgoingSms } from '#shared/ports/messaging.ts';
import { TEST_CREDENTIALS } from '../../support/dynamo.ts';
import { awsError, type FakeAws, type FakeHandler, type FakeReply, startFakeAws } from '../../support/fake-aws.ts';

const IDENTITY = 'arn:aws:sms-voice:eu-west-3:123456789012:phone-number/phone-0123456789abcdef';
const SMS: OutgoingSms = {
  to: '+33612345678',
  text: 'Acme: 1 200,00 EUR restent dus. https://relance.example/portal/t',
  reference: 'cus_1:sms:2026-11-23',
  customerId: 'cus_1',
};
const SEND = 'PinpointSMSVoiceV2.SendTextMessage';
const throttled = () => awsError(400, 'ThrottlingException', 'slow down');

/** The replies in turn, the last one for every call after. */
function inTurn(...replies: FakeReply[]): FakeHandler {
  let next = 0;
  return () => replies[Math.min(next++, replies.length - 1)]!;
}

describe('EndUserMessagingSmsSender', () => {
  let fake: FakeAws;
  const sleeps: number[] = [];
  beforeAll(async () => {
    fake = await startFakeAws();
  });
  afterEach(() => {
    fake.reset();
    sleeps.length = 0;
  });
  afterAll(() => fake.close());

  const sender = (options: { configurationSetName?: string; maxAttempts?: number } = {}) =>
    new EndUserMessagingSmsSender(
      new SmsVoice({ region: 'eu-west-3', endpoint: fake.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
      {
        originationIdentity: IDENTITY,
        ...options,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 1,
      },
    );

  it('sends one transactional text from the configured identity, with the configuration set', async () => {
    // Prepare
    fake.on(SEND, { body: { MessageId: 'msg-1' } });
    // Act
    const result = await sender({ configurationSetName: 'relance-prod' }).send(SMS);
    // Assess
    expect(result).toEqual({ messageId: 'msg-1' });
    const calls = fake.callsOf(SEND);
    expect(calls.map((c) => c.headers['x-amz-target'])).toEqual(['PinpointSMSVoiceV2.SendTextMessage']);
    expect(calls.map((c) => c.body)).toEqual([
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
    fake.on(SEND, { body: { MessageId: 'msg-2' } });
    await sender().send(SMS);
    const calls = fake.callsOf(SEND);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ DestinationPhoneNumber: '+33612345678' });
    expect(calls[0]!.body).not.toHaveProperty('ConfigurationSetName');
  });

  it('retries throttling with exponential back-off, then succeeds', async () => {
    fake.on(SEND, inTurn(throttled(), throttled(), { body: { MessageId: 'msg-3' } }));
    expect(await sender().send(SMS)).toEqual({ messageId: 'msg-3' });
    expect(fake.callsOf(SEND)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('gives up after the bounded attempts with a retryable DeliveryError', async () => {
    fake.on(SEND, throttled());
    const error = await sender({ maxAttempts: 3 })
      .send(SMS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: true });
    expect(fake.callsOf(SEND)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('maps a refusal (invalid or opted-out number) to a final DeliveryError, sent once', async () => {
    fake.on(SEND, awsError(400, 'ValidationException', 'destination opted out'));
    await expect(sender().send(SMS)).rejects.toMatchObject({ name: 'DeliveryError', retryable: false });
    expect(fake.callsOf(SEND)).toHaveLength(1);
  });

  it('never retries an unknown outcome (a 5xx may have been sent)', async () => {
    fake.on(SEND, awsError(500, 'InternalServerException', 'boom'));
    const error = await sender()
      .send(SMS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'InternalServerException', statusCode: 500 });
    expect(fake.callsOf(SEND)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});
