/**
 * The six HTTP entry points, one per route family behind the one HTTP API (infra/stateless-stack.ts routes each
 * path to its family): the same Hono parts behind API Gateway HTTP API (payload v2) events, the secrets read
 * from Secrets Manager and the messages sent to SQS on the recording fake endpoint (no emulator), the table on
 * dynalite. Each family answers its own paths, with its own credential, and only those.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalUrl } from '#shared/web/portal-token.ts';
import { startTestTable, type TestTable } from '../support/dynamo.ts';
import { type FakeAws, startFakeAws } from '../support/fake-aws.ts';

const TOKEN = 'lambda-token-0123456789';
const PORTAL_SECRET = 'p'.repeat(64);
const SELLSY_PATH_SECRET = 's'.repeat(40);
const API_TOKEN_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-api-token';
const PORTAL_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-portal';
const SELLSY_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-sellsy';

type Handler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyResult>;
type Family = 'api' | 'dashboard' | 'bank' | 'documents' | 'portal' | 'webhooks';

function event(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const token = options.token ?? TOKEN;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: options.headers ?? {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      host: 'api.example',
    },
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
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}
const page = (path: string) => event('GET', path, { headers: { host: 'api.example', accept: 'text/html' } });

describe('functions/http-*.handler', () => {
  let table: TestTable;
  let aws: FakeAws;
  const handlers = {} as Record<Family, Handler>;
  /** The secrets each family read at cold start, by family. */
  const secretsRead = {} as Record<Family, string[]>;
  const call = (family: Family, e: APIGatewayProxyEventV2) => handlers[family](e, {} as Context);

  beforeAll(async () => {
    table = await startTestTable();
    aws = await startFakeAws();
    aws.on('SQS.SendMessage', { body: { MessageId: 'm' } });
    aws.on('SecretsManager.GetSecretValue', (request) => {
      const id = request.body?.SecretId;
      if (id === PORTAL_ARN) return { body: { SecretString: PORTAL_SECRET } };
      if (id === API_TOKEN_ARN) return { body: { SecretString: TOKEN } };
      // Sellsy's secret once the operator entered the API access: connected.
      if (id === SELLSY_ARN)
        return {
          body: {
            SecretString: JSON.stringify({
              SELLSY_WEBHOOK_SECRET: SELLSY_PATH_SECRET,
              SELLSY_CLIENT_ID: 'client',
              SELLSY_CLIENT_SECRET: 'secret',
            }),
          },
        };
      return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'no such secret' } };
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
      API_TOKEN_SECRET_ARN: API_TOKEN_ARN,
      // What the stack sets when the stage has a user pool (infra/stateless-stack.ts dashboardSignIn).
      COGNITO_USER_POOL_ID: 'eu-west-3_AbCdEf123',
      COGNITO_CLIENT_ID: 'client123',
      COGNITO_DOMAIN: 'https://relance-prod-123456789012.auth.eu-west-3.amazoncognito.com',
      COGNITO_REDIRECT_URI: 'https://api.example/auth/callback',
    });
    for (const family of ['api', 'dashboard', 'bank', 'documents', 'portal', 'webhooks'] as const) {
      const before = aws.calls.length;
      ({ handler: handlers[family] } = (await import(`../../functions/http-${family}.handler.ts`)) as {
        handler: Handler;
      });
      secretsRead[family] = aws.calls
        .slice(before)
        .filter((c) => c.name === 'SecretsManager.GetSecretValue')
        .map((c) => String(c.body?.SecretId))
        .sort();
    }
  });
  afterAll(async () => {
    await aws?.close();
    await table?.close();
  });

  it('reads at cold start only the secrets each family uses', () => {
    expect(secretsRead).toEqual({
      api: [API_TOKEN_ARN, PORTAL_ARN, SELLSY_ARN].sort(),
      dashboard: [API_TOKEN_ARN, PORTAL_ARN, SELLSY_ARN].sort(),
      bank: [API_TOKEN_ARN],
      documents: [API_TOKEN_ARN],
      portal: [PORTAL_ARN],
      webhooks: [SELLSY_ARN],
    });
  });

  it('api: records an invoice and reads it back, re-planning its customer through the FIFO queue', async () => {
    const sentBefore = aws.callsOf('SQS.SendMessage').length;
    const created = await call(
      'api',
      event('POST', '/api/invoices', {
        body: {
          source: 'api',
          externalId: 'L-1',
          number: 'F-L-1',
          customer: { externalId: 'C', name: 'Lambda SAS' },
          issueDate: '2026-11-01',
          dueDate: '2026-12-01',
          currency: 'EUR',
          total: 99900,
        },
      }),
    );
    expect(created.statusCode).toBe(201);
    const { id } = JSON.parse(created.body);
    const read = await call('api', event('GET', `/api/invoices/${id}`));
    expect(JSON.parse(read.body)).toMatchObject({ number: 'F-L-1', total: 99900, balance: 99900 });
    // Recording the invoice re-plans its customer: one FIFO message, deduplicated per customer and minute.
    const sent = aws
      .callsOf('SQS.SendMessage')
      .slice(sentBefore)
      .map((c) => c.body);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      QueueUrl: expect.stringMatching(/replan\.fifo$/),
      MessageGroupId: expect.any(String),
      MessageDeduplicationId: expect.stringMatching(/:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
    });
  });

  it('api: mounts dunning, messages and provider events; refuses a wrong token; leaves the other families out', async () => {
    for (const path of ['/api/plans', '/api/templates', '/api/tasks', '/api/provider-events/failed'])
      expect((await call('api', event('GET', path))).statusCode, path).toBe(200);
    expect((await call('api', event('GET', '/api/customers', { token: 'wrong-token-0000000' }))).statusCode).toBe(401);
    for (const path of [
      '/api/bank/transactions',
      '/api/documents',
      '/customers',
      `/webhooks/sellsy/${SELLSY_PATH_SECRET}`,
    ])
      expect((await call('api', event('GET', path))).statusCode, path).toBe(404);
  });

  it('dashboard: signs users in through the Cognito hosted UI; the API is not its own', async () => {
    const res = await call('dashboard', page('/customers'));
    expect(res.statusCode).toBe(303);
    expect(res.headers?.location).toBe('/auth/login?next=%2Fcustomers');
    const hosted = await call('dashboard', page('/auth/login'));
    expect(hosted.statusCode).toBe(302);
    const url = new URL(String(hosted.headers?.location));
    expect(url.origin + url.pathname).toBe(
      'https://relance-prod-123456789012.auth.eu-west-3.amazoncognito.com/oauth2/authorize',
    );
    expect(url.searchParams.get('client_id')).toBe('client123');
    expect(url.searchParams.get('redirect_uri')).toBe('https://api.example/auth/callback');
    expect((await call('dashboard', page('/health'))).statusCode).toBe(200);
    expect((await call('dashboard', event('GET', '/api/plans'))).statusCode).toBe(404);
  });

  it('bank: answers /api/bank with the bearer token and guards the /bank pages with the session', async () => {
    expect((await call('bank', event('GET', '/api/bank/transactions'))).statusCode).toBe(200);
    expect((await call('bank', event('GET', '/api/bank/statements'))).statusCode).toBe(200);
    expect(
      (await call('bank', event('GET', '/api/bank/transactions', { token: 'wrong-token-0000000' }))).statusCode,
    ).toBe(401);
    const res = await call('bank', page('/bank'));
    expect(res.statusCode).toBe(303);
    expect(res.headers?.location).toBe('/auth/login?next=%2Fbank');
    expect((await call('bank', event('GET', '/api/invoices'))).statusCode).toBe(404);
  });

  it('documents: answers /api/documents with the bearer token and guards the /documents pages', async () => {
    expect((await call('documents', event('GET', '/api/documents'))).statusCode).toBe(200);
    expect((await call('documents', event('GET', '/api/documents', { token: 'wrong-token-0000000' }))).statusCode).toBe(
      401,
    );
    expect((await call('documents', page('/documents'))).statusCode).toBe(303);
    expect((await call('documents', event('GET', '/api/invoices'))).statusCode).toBe(404);
  });

  it('portal: shows the customer a signed link names, and nothing to a forged one', async () => {
    const list = JSON.parse((await call('api', event('GET', '/api/invoices'))).body) as {
      items: { number: string; customerId: string }[];
    };
    const customerId = list.items.find((i) => i.number === 'F-L-1')?.customerId;
    expect(customerId).toBeTruthy();
    const link = new URL(portalUrl('https://api.example', customerId!, PORTAL_SECRET, Math.floor(Date.now() / 1000)));
    const shown = await call('portal', page(link.pathname));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('F-L-1');
    const forged = new URL(
      portalUrl('https://api.example', customerId!, 'x'.repeat(64), Math.floor(Date.now() / 1000)),
    );
    expect((await call('portal', page(forged.pathname))).statusCode).toBe(404);
    expect((await call('portal', event('GET', '/api/invoices'))).statusCode).toBe(404);
  });

  it('webhooks: answers a connected provider on its secret path, and nobody else', async () => {
    expect((await call('webhooks', event('GET', `/webhooks/sellsy/${SELLSY_PATH_SECRET}`))).statusCode).toBe(200);
    expect((await call('webhooks', event('GET', `/webhooks/sellsy/${'t'.repeat(40)}`))).statusCode).toBe(401);
    // QuickBooks has no secret in this stage: not connected, so its route is not there.
    expect((await call('webhooks', event('POST', '/webhooks/quickbooks', { body: {} }))).statusCode).toBe(404);
    expect((await call('webhooks', event('GET', '/api/invoices'))).statusCode).toBe(404);
  });
});
