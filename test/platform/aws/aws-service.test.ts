/**
 * The AWS layer's own behaviour (shared/platform/aws), against the recording fake AWS endpoint and, where an answer
 * is not JSON (S3's XML errors, a proxy's HTML page, no server at all), a bare HTTP server on 127.0.0.1:
 * - retries: throttling answers, 5xx, a refused connection and a timeout are tried again with capped exponential
 *   back-off and full jitter, up to maxAttempts; other 4xx never; SES v2 makes one attempt unless told otherwise;
 * - errors: the AwsServiceError's name from JSON `__type` (namespace# or bare), the `x-amzn-ErrorType` header,
 *   S3's XML `<Code>`, or the status when the body says nothing;
 * - SigV4: the credential scope names the client's region and signing name, a session token from the environment
 *   travels as X-Amz-Security-Token and is signed;
 * - endpoints: the option, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else the regional endpoint;
 * - blobs (Uint8Array, Buffer, views) base64-encoded in JSON bodies.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AwsCall,
  type AwsHttpRequest,
  AwsService,
  type ClientOptions,
  interceptAllAwsCalls,
  type ServiceId,
} from '#shared/platform/aws/aws-service.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { AwsServiceError } from '#shared/platform/aws/errors.ts';
import { S3Objects } from '#shared/platform/aws/s3.ts';
import { EventBridgeSchedules } from '#shared/platform/aws/scheduler.ts';
import { readSecretString, SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import { SesV2 } from '#shared/platform/aws/sesv2.ts';
import { SmsVoice } from '#shared/platform/aws/sms-voice.ts';
import { SqsQueues } from '#shared/platform/aws/sqs.ts';
import { Textract } from '#shared/platform/aws/textract.ts';
import { awsError, type FakeAws, type FakeHandler, type FakeReply, startFakeAws } from '../../support/fake-aws.ts';

const region = 'eu-west-3';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const DYNAMODB: ServiceId = {
  name: 'DynamoDB',
  signingName: 'dynamodb',
  endpointPrefix: 'dynamodb',
  envKey: 'DYNAMODB',
};
const PUT = 'DynamoDB.PutItem';
const putItem = {
  TableName: 'relance',
  Item: { pk: { S: 'C#1' }, sk: { S: 'INV#1' } },
};
/** A PutItem as DynamoDocuments sends it (awsJson1_0). */
const putRequest = (): AwsHttpRequest => ({
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' },
  body: JSON.stringify(putItem),
});
const throttled = (): FakeReply => ({
  status: 400,
  body: {
    __type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
});

/** The replies (or handlers) in turn, the last one for every call after. */
function inTurn(...replies: (FakeReply | FakeHandler)[]): FakeHandler {
  let next = 0;
  return (call) => {
    const reply = replies[Math.min(next++, replies.length - 1)]!;
    return typeof reply === 'function' ? reply(call) : reply;
  };
}

/** Environment names the layer reads: cleared for each test, so the runner's own cannot leak in. */
const AWS_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  ...['DYNAMODB', 'S3', 'SQS', 'SESV2', 'SCHEDULER', 'SECRETS_MANAGER', 'TEXTRACT', 'PINPOINT_SMS_VOICE_V2'].map(
    (key) => `AWS_ENDPOINT_URL_${key}`,
  ),
];

interface RawServer {
  endpoint: string;
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** A bare HTTP server on 127.0.0.1 (port 0 unless given) answering what `handler` writes. */
async function startRawServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
): Promise<RawServer> {
  const requests: RawServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on (taken from the system, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws();
});
beforeEach(() => {
  for (const name of AWS_ENV) vi.stubEnv(name, undefined);
});
afterEach(() => {
  fake.reset();
  vi.unstubAllEnvs();
});
afterAll(() => fake.close());

describe('retries', () => {
  const sleeps: number[] = [];
  afterEach(() => {
    sleeps.length = 0;
  });
  /** A DynamoDB service on the fake whose back-off waits are recorded, not slept. */
  const dynamo = (options: Partial<ClientOptions> = {}, random = 0.5) =>
    new AwsService(
      DYNAMODB,
      { region, endpoint: fake.endpoint, credentials, ...options },
      {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => random,
      },
    );
  const decode = (body: Uint8Array) => JSON.parse(new TextDecoder().decode(body)) as unknown;

  it('retries 400 ThrottlingException with exponential back-off and full jitter, then answers', async () => {
    fake.on(PUT, inTurn(throttled(), throttled(), { body: { ConsumedCapacity: { CapacityUnits: 1 } } }));
    const res = await dynamo().send('PutItem', putItem, putRequest());
    expect(res.status).toBe(200);
    expect(decode(res.body)).toEqual({ ConsumedCapacity: { CapacityUnits: 1 } });
    const calls = fake.callsOf(PUT);
    expect(calls).toHaveLength(3);
    // The same request each time.
    for (const call of calls) expect(call.body).toEqual(putItem);
    // Full jitter at 0.5: half of 100 ms, then half of 200 ms.
    expect(sleeps).toEqual([50, 100]);
  });

  it('retries ProvisionedThroughputExceededException up to maxAttempts, then throws it', async () => {
    fake.on(PUT, {
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message: 'The level of configured provisioned throughput for the table was exceeded.',
      },
    });
    const error = await dynamo({ maxAttempts: 4 }, 1)
      .send('PutItem', putItem, putRequest())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException', statusCode: 400 });
    expect(fake.callsOf(PUT)).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('caps the back-off at 20 s', async () => {
    fake.on(PUT, throttled());
    await expect(dynamo({ maxAttempts: 10 }, 1).send('PutItem', putItem, putRequest())).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(fake.callsOf(PUT)).toHaveLength(10);
    expect(sleeps).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12_800, 20_000]);
  });

  it('makes 3 attempts by default', async () => {
    fake.on(PUT, throttled());
    await expect(dynamo().send('PutItem', putItem, putRequest())).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(fake.callsOf(PUT)).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it.each<[string, FakeReply]>([
    ['500 InternalServerError', awsError(500, 'InternalServerError', 'Internal server error')],
    ['500 with an empty body', { status: 500 }],
    ['502 with an empty body', { status: 502 }],
    ['503 ServiceUnavailable', awsError(503, 'ServiceUnavailable', 'Service unavailable')],
    ['504 with an empty body', { status: 504 }],
    ['400 RequestTimeoutException', awsError(400, 'RequestTimeoutException', 'Request timed out')],
  ])('retries a transient failure: %s', async (_, reply) => {
    fake.on(PUT, inTurn(reply, { body: {} }));
    const res = await dynamo().send('PutItem', putItem, putRequest());
    expect(res.status).toBe(200);
    expect(fake.callsOf(PUT)).toHaveLength(2);
    expect(sleeps).toEqual([50]);
  });

  it.each<[string, FakeReply]>([
    ['400 ValidationException', awsError(400, 'ValidationException', 'One or more parameter values were invalid')],
    [
      '400 ConditionalCheckFailedException',
      awsError(
        400,
        'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        'The conditional request failed',
      ),
    ],
    ['400 with an empty body', { status: 400 }],
    ['403 AccessDeniedException', awsError(403, 'AccessDeniedException', 'not authorized')],
    ['404 ResourceNotFoundException', awsError(404, 'ResourceNotFoundException', 'Requested resource not found')],
    ['409 ConflictException', awsError(409, 'ConflictException', 'already exists')],
  ])('never retries another 4xx: %s', async (_, reply) => {
    fake.on(PUT, inTurn(reply, { body: {} }));
    const error = await dynamo()
      .send('PutItem', putItem, putRequest())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect((error as AwsServiceError).statusCode).toBe(reply.status);
    expect(fake.callsOf(PUT)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('makes one attempt only with maxAttempts: 1, throttled or not', async () => {
    fake.on(PUT, inTurn(throttled(), { body: {} }));
    await expect(dynamo({ maxAttempts: 1 }).send('PutItem', putItem, putRequest())).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(fake.callsOf(PUT)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a refused connection, and reaches the service once it listens', async () => {
    const port = await freePort();
    let server: RawServer | undefined;
    const service = new AwsService(
      DYNAMODB,
      { region, endpoint: `http://127.0.0.1:${port}`, credentials },
      {
        // The service comes up during the first back-off.
        sleep: async (ms) => {
          sleeps.push(ms);
          server ??= await startRawServer((_, res) => {
            res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
            res.end('{}');
          }, port);
        },
        random: () => 0.5,
      },
    );
    try {
      const res = await service.send('PutItem', putItem, putRequest());
      expect(res.status).toBe(200);
      expect(sleeps).toEqual([50]);
      expect(server?.requests).toHaveLength(1);
    } finally {
      await server?.close();
    }
  });

  it('gives up on a refused connection after maxAttempts, with the connection error', async () => {
    const port = await freePort();
    const error = await dynamo({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 3 })
      .send('PutItem', putItem, putRequest())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(sleeps).toEqual([50, 100]);
  });

  it('retries an attempt that timed out', async () => {
    let release: () => void = () => {};
    fake.on(
      PUT,
      inTurn(
        () =>
          new Promise<FakeReply>((resolve) => {
            release = () => resolve({ body: {} });
          }),
        { body: { ConsumedCapacity: { CapacityUnits: 1 } } },
      ),
    );
    try {
      const res = await dynamo({ timeoutMs: 150 }).send('PutItem', putItem, putRequest());
      expect(decode(res.body)).toEqual({ ConsumedCapacity: { CapacityUnits: 1 } });
      expect(fake.callsOf(PUT)).toHaveLength(2);
      expect(sleeps).toEqual([50]);
    } finally {
      release();
    }
  });

  it('runs the interceptors once per call, not once per attempt', async () => {
    fake.on(PUT, inTurn(throttled(), { body: {} }));
    const own: AwsCall[] = [];
    const global: AwsCall[] = [];
    const service = dynamo();
    const hook = service.intercept((call) => void own.push(call));
    const off = interceptAllAwsCalls((call) => void global.push(call));
    try {
      await service.send('PutItem', putItem, putRequest());
    } finally {
      hook.off();
      off();
    }
    expect(fake.callsOf(PUT)).toHaveLength(2);
    expect(own).toEqual([{ service: 'DynamoDB', operation: 'PutItem', input: putItem }]);
    expect(global).toEqual(own);
  });

  it('the clients retry with their default back-off (3 attempts), SES v2 with one attempt unless told', async () => {
    fake.on('SecretsManager.GetSecretValue', awsError(503, 'ServiceUnavailable', 'try later'));
    const secrets = new SecretsManager({ region, endpoint: fake.endpoint, credentials });
    await expect(secrets.getSecretValue({ SecretId: 'relance/api' })).rejects.toMatchObject({
      name: 'ServiceUnavailable',
    });
    expect(fake.callsOf('SecretsManager.GetSecretValue')).toHaveLength(3);

    const email = {
      FromEmailAddress: 'relances@acme.fr',
      Destination: { ToAddresses: ['ap@client.fr'] },
      Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'y' } } } },
    };
    for (const reply of [awsError(503, 'ServiceUnavailable', 'try later'), awsError(429, 'TooManyRequestsException')]) {
      fake.reset();
      fake.on('SESv2.SendEmail', reply);
      await expect(new SesV2({ region, endpoint: fake.endpoint, credentials }).sendEmail(email)).rejects.toBeInstanceOf(
        AwsServiceError,
      );
      expect(fake.callsOf('SESv2.SendEmail')).toHaveLength(1);
    }
    fake.reset();
    fake.on('SESv2.SendEmail', awsError(503, 'ServiceUnavailable', 'try later'));
    await expect(
      new SesV2({ region, endpoint: fake.endpoint, credentials, maxAttempts: 2 }).sendEmail(email),
    ).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    expect(fake.callsOf('SESv2.SendEmail')).toHaveLength(2);
  });
});

describe('error names', () => {
  const db = () => new DynamoDocuments({ region, endpoint: fake.endpoint, credentials, maxAttempts: 1 });
  const put = () => db().put({ TableName: 'relance', Item: { pk: 'C#1', sk: 'INV#1' } });

  it('from JSON __type with its namespace, with the message, status and request id', async () => {
    fake.on(PUT, {
      status: 400,
      headers: { 'x-amzn-requestid': 'R3QU3ST1D0000000000000000000000000000000000000000000' },
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      },
    });
    const error = await put().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      statusCode: 400,
      service: 'DynamoDB',
      operation: 'PutItem',
      requestId: 'R3QU3ST1D0000000000000000000000000000000000000000000',
    });
  });

  it('from a bare JSON __type, and a "Message" spelled with a capital', async () => {
    fake.on('SecretsManager.GetSecretValue', {
      status: 400,
      body: { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
    });
    const error = await readSecretString(
      new SecretsManager({ region, endpoint: fake.endpoint, credentials }),
      'relance/api',
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      service: 'SecretsManager',
      operation: 'GetSecretValue',
    });
  });

  it('from the x-amzn-ErrorType header when the body names nothing', async () => {
    fake.on('Scheduler.CreateSchedule', {
      status: 409,
      headers: { 'x-amzn-errortype': 'ConflictException:http://internal.amazon.com/coral/com.amazonaws.chronos/' },
      body: { Message: 'Schedule s-1 already exists.' },
    });
    const error = await new EventBridgeSchedules({ region, endpoint: fake.endpoint, credentials })
      .createSchedule({
        Name: 's-1',
        ScheduleExpression: 'at(2026-03-30T09:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: 'arn:aws:lambda:eu-west-3:123456789012:function:f', RoleArn: 'arn:aws:iam::1:role/r' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'ConflictException',
      message: 'Schedule s-1 already exists.',
      statusCode: 409,
      service: 'Scheduler',
    });
  });

  it('from S3’s XML <Code>, with its message and request id', async () => {
    const s3 = await startRawServer((_, res) => {
      res.writeHead(404, { 'content-type': 'application/xml', 'x-amz-request-id': '4442587FB7D0A2F9' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code>' +
          '<Message>The specified key does not exist.</Message><Key>inbox/f.pdf</Key>' +
          '<RequestId>4442587FB7D0A2F9</RequestId></Error>',
      );
    });
    try {
      const error = await new S3Objects({ region, endpoint: s3.endpoint, credentials })
        .getObject({ Bucket: 'relance-documents', Key: 'inbox/f.pdf' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsServiceError);
      expect(error).toMatchObject({
        name: 'NoSuchKey',
        message: 'The specified key does not exist.',
        statusCode: 404,
        service: 'S3',
        operation: 'GetObject',
        requestId: '4442587FB7D0A2F9',
      });
      // Path-style on an emulator's endpoint.
      expect(s3.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /relance-documents/inbox/f.pdf']);
    } finally {
      await s3.close();
    }
  });

  it.each([
    [400, 'BadRequest'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [418, 'Http418'],
  ])('from the status when the body is empty: %i → %s', async (status, name) => {
    fake.on(PUT, { status });
    const error = await put().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name, statusCode: status, message: `DynamoDB PutItem failed with HTTP ${status}` });
  });

  it('from the status when the body is not JSON (a proxy’s page)', async () => {
    const proxy = await startRawServer((_, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html><body>Forbidden by proxy</body></html>');
    });
    try {
      const error = await new SqsQueues({ region, endpoint: proxy.endpoint, credentials })
        .sendMessage({ QueueUrl: 'https://sqs.eu-west-3.amazonaws.com/1/q', MessageBody: '{}' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'Forbidden', statusCode: 403, service: 'SQS' });
      const garbled = await startRawServer((_, res) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('Bad Gateway');
      });
      try {
        const bad = await new SqsQueues({ region, endpoint: garbled.endpoint, credentials, maxAttempts: 1 })
          .sendMessage({ QueueUrl: 'https://sqs.eu-west-3.amazonaws.com/1/q', MessageBody: '{}' })
          .catch((e: unknown) => e);
        expect(bad).toMatchObject({ name: 'Http502', statusCode: 502 });
      } finally {
        await garbled.close();
      }
    } finally {
      await proxy.close();
    }
  });
});

describe('SigV4 signing', () => {
  const SCOPE =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/;
  const scopeOf = (headers: IncomingHttpHeaders) => {
    const m = SCOPE.exec(headers.authorization ?? '');
    if (!m) throw new Error(`not a SigV4 Authorization header: ${headers.authorization}`);
    return { keyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders: m[5]!.split(';') };
  };

  /** One call of each client, with the fake's answer, the name the fake records, and the signing name. */
  const clients: {
    name: string;
    envKey: string;
    signingName: string;
    json?: { target: string; version: string };
    call: (options: ClientOptions) => Promise<unknown>;
    reply?: FakeReply;
  }[] = [
    {
      name: 'DynamoDB.GetItem',
      envKey: 'DYNAMODB',
      signingName: 'dynamodb',
      json: { target: 'DynamoDB_20120810.GetItem', version: '1.0' },
      call: (o) => new DynamoDocuments(o).get({ TableName: 't', Key: { pk: 'a', sk: 'b' } }),
    },
    {
      name: 'S3.GET /relance-documents/inbox/f.pdf',
      envKey: 'S3',
      signingName: 's3',
      call: (o) => new S3Objects(o).getObject({ Bucket: 'relance-documents', Key: 'inbox/f.pdf' }),
      reply: { body: 'pdf' },
    },
    {
      name: 'SQS.SendMessage',
      envKey: 'SQS',
      signingName: 'sqs',
      json: { target: 'AmazonSQS.SendMessage', version: '1.0' },
      call: (o) =>
        new SqsQueues(o).sendMessage({ QueueUrl: 'https://sqs.eu-west-3.amazonaws.com/1/q', MessageBody: '{}' }),
    },
    {
      name: 'SESv2.SendEmail',
      envKey: 'SESV2',
      signingName: 'ses',
      call: (o) =>
        new SesV2(o).sendEmail({ FromEmailAddress: 'a@b.fr', Destination: { ToAddresses: ['c@d.fr'] }, Content: {} }),
    },
    {
      name: 'Scheduler.DeleteSchedule',
      envKey: 'SCHEDULER',
      signingName: 'scheduler',
      call: (o) => new EventBridgeSchedules(o).deleteSchedule({ Name: 's-1' }),
    },
    {
      name: 'SecretsManager.GetSecretValue',
      envKey: 'SECRETS_MANAGER',
      signingName: 'secretsmanager',
      json: { target: 'secretsmanager.GetSecretValue', version: '1.1' },
      call: (o) => new SecretsManager(o).getSecretValue({ SecretId: 'relance/api' }),
    },
    {
      name: 'Textract.GetExpenseAnalysis',
      envKey: 'TEXTRACT',
      signingName: 'textract',
      json: { target: 'Textract.GetExpenseAnalysis', version: '1.1' },
      call: (o) => new Textract(o).getExpenseAnalysis({ JobId: 'job-1' }),
    },
    {
      name: 'PinpointSMSVoiceV2.SendTextMessage',
      envKey: 'PINPOINT_SMS_VOICE_V2',
      signingName: 'sms-voice',
      json: { target: 'PinpointSMSVoiceV2.SendTextMessage', version: '1.0' },
      call: (o) => new SmsVoice(o).sendTextMessage({ DestinationPhoneNumber: '+33612345678', MessageBody: 'x' }),
    },
  ];

  it.each(clients)('$name: scoped to the region and the signing name "$signingName"', async (client) => {
    fake.on(client.name, client.reply ?? { body: {} });
    await client.call({ region: 'eu-central-1', endpoint: fake.endpoint, credentials });
    const calls = fake.callsOf(client.name);
    expect(calls).toHaveLength(1);
    const headers = calls[0]!.headers;
    const scope = scopeOf(headers);
    expect(scope).toMatchObject({ keyId: 'AKIDEXAMPLE', region: 'eu-central-1', service: client.signingName });
    expect(headers['x-amz-date']).toMatch(new RegExp(`^${scope.date}T\\d{6}Z$`));
    expect(scope.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date']));
    expect(headers['x-amz-security-token']).toBeUndefined();
    if (client.json) {
      expect(headers['x-amz-target']).toBe(client.json.target);
      expect(headers['content-type']).toBe(`application/x-amz-json-${client.json.version}`);
      expect(scope.signedHeaders).toContain('x-amz-target');
    }
  });

  it('signs with the environment’s credentials, session token included, read at each call', async () => {
    fake.on('Textract.GetExpenseAnalysis', { body: { JobStatus: 'IN_PROGRESS' } });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEROLE1');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'role-secret-1');
    vi.stubEnv('AWS_SESSION_TOKEN', 'IQoJb3JpZ2luX2VjEXAMPLE//token+1=');
    const textract = new Textract({ region, endpoint: fake.endpoint });
    await textract.getExpenseAnalysis({ JobId: 'job-1' });
    // The role's credentials rotate: the next call signs with the new ones.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEROLE2');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'role-secret-2');
    vi.stubEnv('AWS_SESSION_TOKEN', 'IQoJb3JpZ2luX2VjEXAMPLE//token+2=');
    await textract.getExpenseAnalysis({ JobId: 'job-1' });

    const [first, second] = fake.callsOf('Textract.GetExpenseAnalysis');
    expect(first!.headers['x-amz-security-token']).toBe('IQoJb3JpZ2luX2VjEXAMPLE//token+1=');
    expect(scopeOf(first!.headers)).toMatchObject({ keyId: 'ASIAEXAMPLEROLE1', region, service: 'textract' });
    expect(scopeOf(first!.headers).signedHeaders).toContain('x-amz-security-token');
    expect(second!.headers['x-amz-security-token']).toBe('IQoJb3JpZ2luX2VjEXAMPLE//token+2=');
    expect(scopeOf(second!.headers).keyId).toBe('ASIAEXAMPLEROLE2');
  });

  it('sends no security token without a session token, and prefers given credentials to the environment', async () => {
    fake.on('Textract.GetExpenseAnalysis', { body: { JobStatus: 'IN_PROGRESS' } });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFROMENV');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret');
    await new Textract({ region, endpoint: fake.endpoint }).getExpenseAnalysis({ JobId: 'job-1' });
    await new Textract({ region, endpoint: fake.endpoint, credentials }).getExpenseAnalysis({ JobId: 'job-1' });
    const [fromEnv, given] = fake.callsOf('Textract.GetExpenseAnalysis');
    expect(fromEnv!.headers['x-amz-security-token']).toBeUndefined();
    expect(scopeOf(fromEnv!.headers).keyId).toBe('AKIAFROMENV');
    expect(scopeOf(fromEnv!.headers).signedHeaders).not.toContain('x-amz-security-token');
    expect(scopeOf(given!.headers).keyId).toBe('AKIDEXAMPLE');
  });

  it('refuses to send without credentials', async () => {
    await expect(
      new Textract({ region, endpoint: fake.endpoint }).getExpenseAnalysis({ JobId: 'job-1' }),
    ).rejects.toThrow(/no AWS credentials/);
    expect(fake.calls).toHaveLength(0);
  });

  describe('endpoints', () => {
    it.each(clients)('$name: AWS_ENDPOINT_URL_$envKey when no endpoint is given', async (client) => {
      fake.on(client.name, client.reply ?? { body: {} });
      vi.stubEnv(`AWS_ENDPOINT_URL_${client.envKey}`, fake.endpoint);
      await client.call({ region, credentials });
      expect(fake.callsOf(client.name)).toHaveLength(1);
    });

    it('AWS_ENDPOINT_URL for every service, the service’s own variable first, the option before both', async () => {
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      fake.on('SecretsManager.GetSecretValue', { body: { SecretString: 's3cr3t' } });
      const read = (options: Partial<ClientOptions> = {}) =>
        readSecretString(new SecretsManager({ region, credentials, maxAttempts: 1, ...options }), 'relance/api');

      vi.stubEnv('AWS_ENDPOINT_URL', fake.endpoint);
      expect(await read()).toBe('s3cr3t');

      vi.stubEnv('AWS_ENDPOINT_URL', nowhere);
      vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', `${fake.endpoint}/`);
      expect(await read()).toBe('s3cr3t');

      vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', nowhere);
      expect(await read({ endpoint: fake.endpoint })).toBe('s3cr3t');
      await expect(read()).rejects.toMatchObject({ code: 'ECONNREFUSED' });

      expect(fake.callsOf('SecretsManager.GetSecretValue').map((c) => c.path)).toEqual(['/', '/', '/']);
    });

    it('the regional endpoint otherwise', () => {
      const textract = new Textract({ region, credentials });
      expect(textract.client.service.endpoint()).toBe('https://textract.eu-west-3.amazonaws.com');
      expect(textract.client.service.isDefaultEndpoint()).toBe(true);
      expect(new SesV2({ region: 'eu-west-1' }).client.service.endpoint()).toBe(
        'https://email.eu-west-1.amazonaws.com',
      );
      expect(new SmsVoice({ region }).client.service.endpoint()).toBe('https://sms-voice.eu-west-3.amazonaws.com');
      vi.stubEnv('AWS_ENDPOINT_URL_TEXTRACT', 'http://127.0.0.1:4566');
      expect(textract.client.service.endpoint()).toBe('http://127.0.0.1:4566');
      expect(textract.client.service.isDefaultEndpoint()).toBe(false);
    });
  });
});

describe('blobs in JSON bodies', () => {
  const PDF = [0x25, 0x50, 0x44, 0x46, 0x00, 0xff];
  const PDF_BASE64 = 'JVBERgD/';

  it.each([
    ['a Uint8Array', () => new Uint8Array(PDF)],
    ['a Buffer', () => Buffer.from(PDF)],
    ['a view into a larger buffer', () => new Uint8Array([9, 9, ...PDF, 9]).subarray(2, 2 + PDF.length)],
  ])('Textract AnalyzeExpense Bytes as %s travel base64-encoded', async (_, bytes) => {
    fake.on('Textract.AnalyzeExpense', { body: { DocumentMetadata: { Pages: 1 }, ExpenseDocuments: [] } });
    const textract = new Textract({ region, endpoint: fake.endpoint, credentials });
    const answer = await textract.analyzeExpense({ Document: { Bytes: bytes() } });
    expect(answer).toEqual({ DocumentMetadata: { Pages: 1 }, ExpenseDocuments: [] });
    expect(fake.callsOf('Textract.AnalyzeExpense').map((c) => c.body)).toEqual([{ Document: { Bytes: PDF_BASE64 } }]);
  });

  it('DynamoDB binary attributes travel base64-encoded too', async () => {
    fake.on(PUT, { body: {} });
    await new DynamoDocuments({ region, endpoint: fake.endpoint, credentials }).put({
      TableName: 'relance',
      Item: { pk: 'C#1', sk: 'BLOB', data: new Uint8Array(PDF) },
    });
    expect(fake.callsOf(PUT)[0]?.body).toEqual({
      TableName: 'relance',
      Item: { pk: { S: 'C#1' }, sk: { S: 'BLOB' }, data: { B: PDF_BASE64 } },
    });
  });
});
