/**
 * The e-mail channel end to end against aws-ses-v2-local (SES v2 API) and s3rver (the invoice PDFs), and the
 * SES mailer's exact SendEmail request on the wire, throttling retries, send rate and no-retry-when-unsure rules
 * against the recording fake AWS endpoint.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '#shared/adapters/aws/s3-blob-store.ts';
import { SendRateLimiter, SesMailer, sendEmailInput } from '#shared/adapters/aws/ses-mailer.ts';
import { EmailChannel } from '#shared/adapters/channels/email-channel.ts';
import { type RunningEmulator, type RunningS3, startS3, startSes } from '#shared/adapters/local/emulators.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { SesV2 } from '#shared/platform/aws/sesv2.ts';
import { DeliveryError, type OutgoingEmail } from '#shared/ports/messaging.ts';
import { readMailbox } from '../../../local/dev-routes.ts';
import { TEST_CREDENTIALS } from '../../support/dynamo.ts';
import { awsError, type FakeAws, type FakeHandler, type FakeReply, startFakeAws } from '../../support/fake-aws.ts';
import { buildPdf } from '../documents/build-pdf.ts';
import { customer, invoices, message, pdfFile } from './fixtures.ts';

const BUCKET = 'relance-test';
let ses: RunningEmulator;
let s3: RunningS3;
let dir: string;
let blobs: S3BlobStore;
let client: SesV2;
const pdfs: Uint8Array[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relance-ses-'));
  [ses, s3] = await Promise.all([startSes(), startS3({ directory: dir, buckets: [BUCKET] })]);
  blobs = new S3BlobStore(
    new S3Objects({
      region: 'eu-west-3',
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
    BUCKET,
  );
  client = new SesV2({
    region: 'eu-west-3',
    endpoint: ses.endpoint,
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
  });
  // Two real PDFs and one with every byte value, so any re-encoding would show.
  pdfs.push(
    await buildPdf((doc) => doc.text('Facture FA-2026-001')),
    await buildPdf((doc) => doc.text('Facture FA-2026-002 — 845,50 €')),
    new Uint8Array([...randomBytes(4096), ...Array.from({ length: 256 }, (_, i) => i)]),
  );
});

afterAll(async () => {
  await Promise.all([ses?.close(), s3?.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function withPdfs() {
  const list = invoices();
  for (const [i, inv] of list.entries()) {
    const key = `invoices/${inv.id}.pdf`;
    await blobs.put(key, pdfs[i]!, 'application/pdf');
    inv.pdf = pdfFile(key, pdfs[i]!);
  }
  return list;
}

describe('e-mail channel over SES v2 (aws-ses-v2-local)', () => {
  it('delivers the reminder: recipients, reply-to, subject, every open invoice, byte-exact PDFs, portal link', async () => {
    // Prepare
    const msg = message('penalties', { invoices: await withPdfs() });
    const channel = new EmailChannel({
      mailer: new SesMailer(client, { sendRate: 50, configurationSetName: 'relance' }),
      blobs,
    });

    // Act
    const receipt = await channel.deliver(msg);

    // Assess
    const mail = (await readMailbox(ses.endpoint)).find((m) => m.messageId === receipt.reference);
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual(['marie.dupont@martin.example']);
    expect(mail!.cc).toEqual(['paul@martin.example']);
    expect(mail!.replyTo).toEqual(['compta@atelier-lumiere.fr']);
    expect(mail!.from).toBe('"Claire Bernard" <relances@atelier-lumiere.fr>');
    expect(mail!.subject).toBe('Factures en retard de paiement : Boulangeries Martin & Fils SAS');
    for (const part of [mail!.html!, mail!.text!]) {
      for (const number of ['FA-2026-001', 'FA-2026-002', 'FA-2026-003']) expect(part).toContain(number);
      expect(part).toContain('RF471234567890');
      expect(part).toContain('FR76 3000 6000 0112 3456 7890 189');
      expect(part).toContain('L441-10');
    }
    expect(mail!.html).toContain('href="https://relance.atelier-lumiere.fr/portal/tok_abc123.sig"');
    expect(mail!.text).toContain('https://relance.atelier-lumiere.fr/portal/tok_abc123.sig');
    expect(mail!.html).toContain('Boulangeries Martin &amp; Fils SAS');
    expect(mail!.html).toContain('Bonjour Marie,');
    expect(mail!.attachments.map((a) => a.filename)).toEqual(['FA-2026-001.pdf', 'FA-2026-002.pdf', 'FA-2026-003.pdf']);
    mail!.attachments.forEach((a, i) => {
      expect(a.contentType).toBe('application/pdf');
      expect(Buffer.from(a.content, 'base64').equals(Buffer.from(pdfs[i]!))).toBe(true);
    });
  });

  it('links each invoice to the portal instead of attaching when the PDFs exceed the budget', async () => {
    const msg = message('friendly', { invoices: await withPdfs() });
    const channel = new EmailChannel(
      { mailer: new SesMailer(client, { sendRate: 50 }), blobs },
      { attachmentBudgetBytes: 5000 },
    );
    const receipt = await channel.deliver(msg);
    const mail = (await readMailbox(ses.endpoint)).find((m) => m.messageId === receipt.reference)!;
    expect(mail.attachments).toEqual([]);
    for (const id of ['inv_test1', 'inv_test2', 'inv_test3']) {
      expect(mail.html).toContain(`portal/tok_abc123.sig?invoice=${id}`);
      expect(mail.text).toContain(`portal/tok_abc123.sig?invoice=${id}`);
    }
  });

  it('never e-mails a complained or bounced address; a flagged primary gives way to the next contact', async () => {
    const c = customer({
      contacts: [
        {
          id: 'c1',
          name: 'Marie Dupont',
          email: 'marie.dupont@martin.example',
          role: 'billing',
          primary: true,
          emailStatus: 'bounced',
        },
        { id: 'c2', name: 'Paul Martin', email: 'paul@martin.example', role: 'accounting', primary: false },
        {
          id: 'c3',
          name: 'Zoé Roux',
          email: 'zoe@martin.example',
          role: 'other',
          primary: false,
          emailStatus: 'complained',
        },
      ],
    });
    const msg = { ...message('friendly', { customer: c }), to: c.contacts[0], cc: c.contacts.slice(1) };
    const receipt = await new EmailChannel({ mailer: new SesMailer(client, { sendRate: 50 }), blobs }).deliver(msg);
    const mail = (await readMailbox(ses.endpoint)).find((m) => m.messageId === receipt.reference)!;
    expect(mail.to).toEqual(['paul@martin.example']);
    expect(mail.cc).toEqual([]);
    expect(mail.html).toContain('Bonjour Paul,');

    const nobody = customer({ contacts: [{ ...c.contacts[2]!, primary: true }] });
    await expect(
      new EmailChannel({ mailer: new SesMailer(client), blobs }).deliver({
        ...message('friendly', { customer: nobody }),
        to: nobody.contacts[0],
        cc: [],
      }),
    ).rejects.toThrow(DeliveryError);
  });
});

describe('SES mailer (recording fake AWS endpoint)', () => {
  const SEND = 'SESv2.SendEmail';
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  /** The SES client as functions/support/dunning.ts builds it (its default of one attempt), pointed at the fake. */
  const sesV2 = (options: { timeoutMs?: number } = {}) =>
    new SesV2({ region: 'eu-west-3', endpoint: fake.endpoint, credentials: TEST_CREDENTIALS, ...options });
  /** The replies in turn, the last one for every call after. */
  const inTurn =
    (...replies: FakeReply[]): FakeHandler =>
    () =>
      replies[Math.min(fake.callsOf(SEND).length - 1, replies.length - 1)]!;

  const email: OutgoingEmail = {
    from: { name: 'Service comptabilité', address: 'relances@acme.fr' },
    to: ['ap@client.fr'],
    cc: ['cfo@client.fr'],
    replyTo: ['compta@acme.fr'],
    subject: 'Rappel : facture F-1',
    html: '<p>Bonjour</p>',
    text: 'Bonjour',
    attachments: [{ fileName: 'F-1.pdf', contentType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70]) }],
    tags: { reminderId: 'cus_1:email:2026-11-23', customerId: 'cus_1', step: 'friendly' },
  };

  it('sends exactly the SendEmail v2 input: simple content, attachments, reply-to, cc, configuration set, tags', async () => {
    fake.on(SEND, { body: { MessageId: 'm-1' } });
    const mailer = new SesMailer(sesV2(), { configurationSetName: 'relance' });
    await expect(mailer.send(email)).resolves.toEqual({ messageId: 'm-1' });
    const calls = fake.callsOf(SEND);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v2/email/outbound-emails');
    expect(calls[0]!.body).toEqual({
      FromEmailAddress: `=?UTF-8?B?${Buffer.from('Service comptabilité').toString('base64')}?= <relances@acme.fr>`,
      Destination: { ToAddresses: ['ap@client.fr'], CcAddresses: ['cfo@client.fr'] },
      ReplyToAddresses: ['compta@acme.fr'],
      Content: {
        Simple: {
          Subject: { Data: 'Rappel : facture F-1', Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>Bonjour</p>', Charset: 'UTF-8' }, Text: { Data: 'Bonjour', Charset: 'UTF-8' } },
          Attachments: [
            {
              FileName: 'F-1.pdf',
              ContentType: 'application/pdf',
              ContentDisposition: 'ATTACHMENT',
              ContentTransferEncoding: 'BASE64',
              // The bytes 37 80 68 70 ("%PDF"), base64-encoded as REST-JSON carries blobs.
              RawContent: 'JVBERg==',
            },
          ],
        },
      },
      ConfigurationSetName: 'relance',
      EmailTags: [
        { Name: 'reminderId', Value: 'cus_1_email_2026-11-23' },
        { Name: 'customerId', Value: 'cus_1' },
        { Name: 'step', Value: 'friendly' },
      ],
    });
    expect(sendEmailInput(email).ConfigurationSetName).toBeUndefined();
  });

  it('retries throttling with bounded, jittered exponential back-off', async () => {
    fake.on(
      SEND,
      inTurn(
        awsError(429, 'TooManyRequestsException', 'Too many requests'),
        awsError(429, 'LimitExceededException', 'Maximum sending rate exceeded'),
        { body: { MessageId: 'm-2' } },
      ),
    );
    const sleeps: number[] = [];
    const mailer = new SesMailer(sesV2(), {
      sendRate: 1_000_000,
      baseDelayMs: 100,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    });
    await expect(mailer.send(email)).resolves.toEqual({ messageId: 'm-2' });
    expect(fake.callsOf(SEND)).toHaveLength(3);
    // Full jitter at 0.5: half of 100, then half of 200 (rate-limiter waits are far below 1 ms at that rate).
    expect(sleeps.filter((ms) => ms >= 1)).toEqual([50, 100]);
  });

  it('gives up after the last attempt with a retryable DeliveryError (nothing was sent)', async () => {
    fake.on(SEND, awsError(429, 'TooManyRequestsException', 'Too many requests'));
    const mailer = new SesMailer(sesV2(), {
      maxAttempts: 3,
      sendRate: 1000,
      sleep: async () => {},
    });
    const error = await mailer.send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(true);
    expect(fake.callsOf(SEND)).toHaveLength(3);
  });

  it('never retries an outcome it cannot know (a timeout may have been sent) and fails rejections for good', async () => {
    // SES holds the request past the client's time limit: it may still send the message.
    let answer: () => void = () => {};
    fake.on(
      SEND,
      () =>
        new Promise<FakeReply>((resolve) => {
          answer = () => resolve({ body: { MessageId: 'late' } });
        }),
    );
    const mailer = new SesMailer(sesV2({ timeoutMs: 100 }), { sleep: async () => {} });
    await expect(mailer.send(email)).rejects.toMatchObject({ name: 'TimeoutError' });
    answer();
    expect(fake.callsOf(SEND)).toHaveLength(1);

    fake.reset();
    fake.on(SEND, awsError(400, 'MessageRejected', 'Email address is not verified.'));
    const rejected = await mailer.send(email).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(DeliveryError);
    expect((rejected as DeliveryError).retryable).toBe(false);
    expect(fake.callsOf(SEND)).toHaveLength(1);
  });

  it('keeps to the send rate (1 message per second in the sandbox)', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new SendRateLimiter(
      1,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(waits).toEqual([1000, 1000]);
    now += 5000;
    await limiter.acquire();
    expect(waits).toEqual([1000, 1000]);
  });

  it('the platform SES client never retries on its own', async () => {
    // Answers every client would retry (a 5xx, a throttling answer): the SES client makes one attempt of each.
    fake.on(SEND, awsError(503, 'ServiceUnavailable', 'try later'));
    await expect(sesV2().sendEmail(sendEmailInput(email))).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      statusCode: 503,
    });
    expect(fake.callsOf(SEND)).toHaveLength(1);
    fake.on(SEND, awsError(429, 'TooManyRequestsException', 'Too many requests'));
    await expect(sesV2().sendEmail(sendEmailInput(email))).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(fake.callsOf(SEND)).toHaveLength(2);
  });
});
