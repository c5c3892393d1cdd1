/**
 * SES v2 SendEmail (REST-JSON: POST /v2/email/outbound-emails). The input is the SDK's own type; attachment and
 * raw-message bytes travel base64-encoded. One attempt unless told otherwise: a send that timed out may have gone, so
 * only the mailer decides what to try again (throttling answers, which mean "not sent").
 */
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { ClientOptions } from './aws-service.ts';
import { RestJsonClient } from './rest-json.ts';

export type SendEmailInput = SendEmailCommandInput;

export class SesV2 {
  readonly client: RestJsonClient;

  constructor(options: ClientOptions) {
    this.client = new RestJsonClient(
      { name: 'SESv2', signingName: 'ses', endpointPrefix: 'email', envKey: 'SESV2' },
      { maxAttempts: 1, ...options },
    );
  }

  sendEmail(input: SendEmailInput): Promise<{ MessageId?: string }> {
    return this.client.call('SendEmail', input, { method: 'POST', path: '/v2/email/outbound-emails', body: input });
  }
}
