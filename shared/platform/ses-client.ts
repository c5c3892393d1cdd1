/** The SES v2 client factory (one module per client, so a handler loads only the SDK clients it uses). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ClientOptions } from './client-options.ts';

export function sesClient(options: ClientOptions): SESv2Client {
  // A timed-out SendEmail may have been sent: the SDK must not retry it (SesMailer retries throttling only).
  return new SESv2Client({ maxAttempts: 1, ...options });
}
