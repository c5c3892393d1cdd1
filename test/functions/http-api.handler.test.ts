/**
 * The Lambda entry point: the same Hono app behind an API Gateway HTTP API (payload v2) event, with the API token
 * read from Secrets Manager and the re-plan messages sent to SQS (both on the recording fake endpoint: no
 * emulator) and the table on dynalite.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../support/dynamo.ts';
import { type FakeAws, startFakeAws } from '../support/fake-aws.ts';

const TOKEN = 'lambda-token-0123456789';
const PORTAL_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-portal';
const SELLSY_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-sellsy';

function event(method: string, path: string, body?: unknown, token = TOKEN): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', host: 'api.example' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: 0,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

describe('functions/http-api.handler', () => {
  let table: TestTable;
  let aws: FakeAws;
  let handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyResult>;

  beforeAll(async () => {
    table = await startTestTable();
    aws = await startFakeAws();
    aws.on('SQS.SendMessage', { body: { MessageId: 'm' } });
    aws.on('SecretsManager.GetSecretValue', (call) => {
      if (call.body?.SecretId === PORTAL_ARN) return { body: { SecretString: 'p'.repeat(64) } };
      // Sellsy's secret as the stack creates it: the path secret generated, the API access not entered yet.
      if (call.body?.SecretId === SELLSY_ARN)
        return {
          body: {
            SecretString: JSON.stringify({
              SELLSY_WEBHOOK_SECRET: 's'.repeat(40),
              SELLSY_CLIENT_ID: '',
              SELLSY_CLIENT_SECRET: '',
            }),
          },
        };
      return { body: { SecretString: TOKEN } };
    });
    Object.assign(process.env, {
      BUCKET_NAME: 'relance-test',
      REPLAN_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-replan.fifo',
      PROVIDER_EVENTS_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/relance-provider-events',
      SELLSY_SECRET_ARN: SELLSY_ARN,
      SCHEDULE_GROUP_NAME: 'relance-test',
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/relance-scheduler',
      SCHEDULER_DEAD_LETTER_ARN: 'arn:aws:sqs:eu-west-3:123456789012:relance-scheduler-dlq',
      DISPATCH_FUNCTION_ARN: 'arn:aws:lambda:eu-west-3:123456789012:function:relance-test-reminder-dispatch',
      PORTAL_SECRET_ARN: PORTAL_ARN,
      PORTAL_BASE_URL: 'https://api.example',
      TEXTRACT_SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-3:123456789012:relance-textract',
      TEXTRACT_ROLE_ARN: 'arn:aws:iam::123456789012:role/relance-textract',
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // Every service on the fake (none reaches AWS), the table on dynalite.
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: table.emulator.endpoint,
      TABLE_NAME: table.tableName,
      API_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-api-token',
      // What the stack sets when the stage has a user pool (infra/stateless-stack.ts dashboardSignIn).
      COGNITO_USER_POOL_ID: 'eu-west-3_AbCdEf123',
      COGNITO_CLIENT_ID: 'client123',
      COGNITO_DOMAIN: 'https://relance-prod-123456789012.auth.eu-west-3.amazoncognito.com',
      COGNITO_REDIRECT_URI: 'https://api.example/auth/callback',
    });
    ({ handler } = (await import('../../functions/http-api.handler.ts')) as never);
  });
  afterAll(async () => {
    await aws?.close();
    await table?.close();
  });

  it('records an invoice and reads it back through API Gateway events', async () => {
    const created = await handler(
      event('POST', '/api/invoices', {
        source: 'api',
        externalId: 'L-1',
        number: 'F-L-1',
        customer: { externalId: 'C', name: 'Lambda SAS' },
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
        currency: 'EUR',
        total: 99900,
      }),
      {} as Context,
    );
    expect(created.statusCode).toBe(201);
    const { id } = JSON.parse(created.body);
    const read = await handler(event('GET', `/api/invoices/${id}`), {} as Context);
    expect(JSON.parse(read.body)).toMatchObject({ number: 'F-L-1', total: 99900, balance: 99900 });
    expect(
      aws
        .callsOf('SecretsManager.GetSecretValue')
        .map((c) => c.body?.SecretId)
        .sort(),
    ).toEqual(
      ['arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-api-token', PORTAL_ARN, SELLSY_ARN].sort(),
    );
    // Recording the invoice re-plans its customer: one FIFO message, deduplicated per customer and minute.
    const sent = aws.callsOf('SQS.SendMessage').map((c) => c.body);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      QueueUrl: expect.stringMatching(/replan\.fifo$/),
      MessageGroupId: expect.any(String),
      MessageDeduplicationId: expect.stringMatching(/:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
    });
  });

  it('mounts the dunning, messages and documents routes, and no webhook of a provider not connected yet', async () => {
    expect((await handler(event('GET', '/api/plans'), {} as Context)).statusCode).toBe(200);
    expect((await handler(event('GET', '/api/templates'), {} as Context)).statusCode).toBe(200);
    expect((await handler(event('GET', '/api/tasks'), {} as Context)).statusCode).toBe(200);
    const webhook = await handler(event('GET', `/webhooks/sellsy/${'s'.repeat(40)}`), {} as Context);
    expect(webhook.statusCode).toBe(404);
  });

  it('signs dashboard users in through the Cognito hosted UI, while the API keeps its bearer token', async () => {
    const page = event('GET', '/customers');
    page.headers = { host: 'api.example', accept: 'text/html' };
    const res = await handler(page, {} as Context);
    expect(res.statusCode).toBe(303);
    expect(res.headers?.location).toBe('/auth/login?next=%2Fcustomers');
    const login = event('GET', '/auth/login');
    login.headers = { host: 'api.example', accept: 'text/html' };
    const hosted = await handler(login, {} as Context);
    expect(hosted.statusCode).toBe(302);
    const url = new URL(String(hosted.headers?.location));
    expect(url.origin + url.pathname).toBe(
      'https://relance-prod-123456789012.auth.eu-west-3.amazoncognito.com/oauth2/authorize',
    );
    expect(url.searchParams.get('client_id')).toBe('client123');
    expect(url.searchParams.get('redirect_uri')).toBe('https://api.example/auth/callback');
    expect((await handler(event('GET', '/api/plans'), {} as Context)).statusCode).toBe(200);
  });

  it('refuses a wrong token', async () => {
    const res = await handler(event('GET', '/api/customers', undefined, 'wrong-token-0000000'), {} as Context);
    expect(res.statusCode).toBe(401);
  });
});
