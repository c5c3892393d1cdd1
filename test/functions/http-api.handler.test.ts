/**
 * The Lambda entry point: the same Hono app behind an API Gateway HTTP API (payload v2) event, with the API token
 * read from Secrets Manager (mocked: no emulator) and the table on dynalite.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../support/dynamo.ts';

const TOKEN = 'lambda-token-0123456789';

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
  const secrets = mockClient(SecretsManagerClient);
  let handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyResult>;

  beforeAll(async () => {
    table = await startTestTable();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN });
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: table.emulator.endpoint,
      TABLE_NAME: table.tableName,
      API_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-api-token',
    });
    ({ handler } = (await import('../../functions/http-api.handler.ts')) as never);
  });
  afterAll(async () => {
    secrets.restore();
    await table.close();
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
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:relance-api-token',
    });
  });

  it('refuses a wrong token', async () => {
    const res = await handler(event('GET', '/api/customers', undefined, 'wrong-token-0000000'), {} as Context);
    expect(res.statusCode).toBe(401);
  });
});
