/**
 * The AWS host's dashboard sessions (shared/web/cognito-auth.ts) over the real app: the hosted-UI redirect with
 * state + PKCE, the callback against a fake Cognito token endpoint on 127.0.0.1, the ID token verified by the real
 * aws-jwt-verify verifier (keys pre-loaded: tokens signed here with a test RSA key), valid / expired / forged /
 * other-client tokens, state mismatch, CSRF still required on form posts, the API still on its bearer token.
 */
import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import type { DispatchResult } from '#shared/use-cases/dunning-dispatch.ts';
import { createApp } from '#shared/web/app.ts';
import { issueSession, SESSION_COOKIE } from '#shared/web/auth.ts';
import { type CognitoConfig, cognitoTokenVerifier, OAUTH_COOKIE } from '#shared/web/cognito-auth.ts';
import { CSRF_FIELD, csrfToken } from '#shared/web/csrf.ts';
import { body as read } from '../support/app.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

const TOKEN = 'test-token-0123456789abcdef';
const POOL = 'eu-west-3_TestPool1';
const CLIENT = 'client-relance-dashboard';
const ISSUER = `https://cognito-idp.eu-west-3.amazonaws.com/${POOL}`;

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const signing = keyPair();
const stranger = keyPair();

function jwt(claims: Record<string, unknown>, key: KeyObject = signing.privateKey, kid = 'test-key'): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'RS256', kid, typ: 'JWT' })}.${enc(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const idToken = (overrides: Record<string, unknown> = {}) =>
  jwt({
    sub: 'user-1',
    email: 'marie@dupont.example',
    aud: CLIENT,
    iss: ISSUER,
    token_use: 'id',
    auth_time: nowSeconds() - 10,
    iat: nowSeconds() - 10,
    exp: nowSeconds() + 3600,
    ...overrides,
  });

/** Set-Cookie values by name, with their attributes. */
function cookies(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) out.set(line.slice(0, line.indexOf('=')), line);
  return out;
}
const value = (line: string | undefined) => line?.slice(line.indexOf('=') + 1).split(';')[0] ?? '';

describe('Cognito sessions (hosted UI, code + PKCE)', () => {
  let table: TestTable;
  let app: ReturnType<typeof createApp>;
  let tokenServer: Server;
  let domain: string;
  /** What the fake token endpoint answers next, and what it received. */
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const received: URLSearchParams[] = [];

  beforeAll(async () => {
    tokenServer = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/oauth2/token') {
          res.writeHead(404).end();
          return;
        }
        received.push(new URLSearchParams(raw));
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    domain = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}`;

    const jwk = { ...signing.publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const cognito: CognitoConfig = {
      userPoolId: POOL,
      clientId: CLIENT,
      domain,
      redirectUri: 'https://relance.example.fr/auth/callback',
    };
    table = await startTestTable();
    app = createApp({
      ...table.stores,
      clock: fixedClock('2026-11-23T09:30:00Z'),
      dunning: {
        plans: new DynamoPlanRepository(table.db, table.tableName),
        settings: new DynamoSettingsRepository(table.db, table.tableName),
        reminders: new DynamoReminderRepository(table.db, table.tableName),
        dispatch: async () => ({}) as DispatchResult,
      },
      tokenVerifier: cognitoTokenVerifier(cognito, { jwks: { keys: [jwk] } as Jwks }),
      config: { apiToken: TOKEN, timeZone: 'Europe/Paris', maxBodyBytes: 256 * 1024, cognito },
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => tokenServer.close(resolve));
    await table.close();
  });

  const withSession = (path: string, token: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { cookie: `${SESSION_COOKIE}=${token}` }, redirect: 'manual' });

  /** /auth/login, then what the hosted UI would send back. */
  async function startLogin(next = '/settings') {
    const res = await app.request(`/auth/login?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
    const location = new URL(res.headers.get('location') ?? '');
    const oauth = cookies(res).get(OAUTH_COOKIE) ?? '';
    return { res, location, oauth, state: location.searchParams.get('state') ?? '' };
  }

  it('sends every page to the hosted-UI login; the API keeps its bearer token; /health stays open', async () => {
    for (const path of ['/', '/customers', '/invoices', '/plans', '/settings', '/tasks', '/customers?format=csv']) {
      const res = await app.request(path, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toMatch(/^\/auth\/login\?next=/);
    }
    expect((await app.request('/login?next=/plans', { redirect: 'manual' })).headers.get('location')).toBe(
      '/auth/login?next=%2Fplans',
    );
    // Signed in, /login does not loop back through the hosted UI to itself.
    expect((await withSession('/login', idToken())).headers.get('location')).toBe('/auth/login?next=%2F');
    expect((await app.request('/api/plans')).status).toBe(401);
    // A Cognito ID token is not an API credential.
    expect((await app.request('/api/plans', { headers: { authorization: `Bearer ${idToken()}` } })).status).toBe(401);
    expect((await app.request('/api/plans', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await app.request('/health')).status).toBe(200);
    // The token login's cookie means nothing here.
    expect((await withSession('/', issueSession(TOKEN, nowSeconds()))).status).toBe(303);
  });

  it('redirects to the hosted UI with state and an S256 PKCE challenge kept in an httpOnly cookie', async () => {
    const { res, location, oauth, state } = await startLogin();
    expect(res.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(`${domain}/oauth2/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT,
      redirect_uri: 'https://relance.example.fr/auth/callback',
      code_challenge_method: 'S256',
    });
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(oauth).toMatch(/HttpOnly/i);
    expect(oauth).toMatch(/Secure/i);
    expect(oauth).toMatch(/SameSite=Lax/i);
    expect(oauth).toMatch(/Path=\/auth/);
    expect(oauth).not.toContain(location.searchParams.get('code_challenge') ?? '-');
  });

  it('refuses a callback whose state does not match (400, no session, no token exchange)', async () => {
    const { oauth } = await startLogin();
    const before = received.length;
    const res = await app.request('/auth/callback?code=abc&state=someone-elses', {
      headers: { cookie: `${OAUTH_COOKIE}=${value(oauth)}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect((await read(res)).error.code).toBe('OAUTH_STATE_MISMATCH');
    expect(cookies(res).get(SESSION_COOKIE)).toBeUndefined();
    const noCookie = await app.request('/auth/callback?code=abc&state=x', { redirect: 'manual' });
    expect(noCookie.status).toBe(400);
    expect(received.length).toBe(before);
  });

  it('exchanges the code with the PKCE verifier and sets a Secure, httpOnly, Lax session holding the ID token', async () => {
    const token = idToken();
    answer = { status: 200, body: { id_token: token, access_token: 'a', token_type: 'Bearer', expires_in: 3600 } };
    const { location, oauth, state } = await startLogin('/settings');
    const res = await app.request(`/auth/callback?code=the-code&state=${state}`, {
      headers: { cookie: `${OAUTH_COOKIE}=${value(oauth)}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings');
    const sent = received.at(-1) as URLSearchParams;
    expect(Object.fromEntries(sent)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-code',
      client_id: CLIENT,
      redirect_uri: 'https://relance.example.fr/auth/callback',
    });
    const challenge = createHash('sha256')
      .update(sent.get('code_verifier') ?? '')
      .digest('base64url');
    expect(challenge).toBe(location.searchParams.get('code_challenge'));
    const session = cookies(res).get(SESSION_COOKIE) ?? '';
    expect(value(session)).toBe(token);
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/Secure/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Max-Age=(35\d\d|3600)/);

    const page = await withSession('/settings', token);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="legalName"');
  });

  it('refuses expired, forged, tampered and other-client tokens as sessions', async () => {
    expect((await withSession('/', idToken())).status).toBe(200);
    const refused = {
      expired: idToken({ exp: nowSeconds() - 60, iat: nowSeconds() - 3700 }),
      forged: idToken({}).replace(/\.[^.]+$/, `.${jwt({ sub: 'user-1' }, stranger.privateKey).split('.')[2]}`),
      otherKey: jwt(
        { sub: 'x', aud: CLIENT, iss: ISSUER, token_use: 'id', exp: nowSeconds() + 3600, iat: nowSeconds() },
        stranger.privateKey,
      ),
      tampered: (() => {
        const [h, , s] = idToken().split('.');
        const p = Buffer.from(
          JSON.stringify({ sub: 'admin', aud: CLIENT, iss: ISSUER, token_use: 'id', exp: nowSeconds() + 3600 }),
        ).toString('base64url');
        return `${h}.${p}.${s}`;
      })(),
      otherClient: idToken({ aud: 'another-client' }),
      accessToken: idToken({ token_use: 'access' }),
      garbage: 'not-a-jwt',
    };
    for (const [name, token] of Object.entries(refused)) {
      const res = await withSession('/', token);
      expect(res.status, name).toBe(303);
      expect(res.headers.get('location'), name).toBe('/auth/login?next=%2F');
    }
  });

  it('answers a refused exchange or a bad ID token from the endpoint without a session', async () => {
    answer = { status: 400, body: { error: 'invalid_grant' } };
    let login = await startLogin();
    let res = await app.request(`/auth/callback?code=old&state=${login.state}`, {
      headers: { cookie: `${OAUTH_COOKIE}=${value(login.oauth)}` },
    });
    expect(res.status).toBe(502);
    expect(cookies(res).get(SESSION_COOKIE)).toBeUndefined();

    answer = { status: 200, body: { id_token: idToken({ exp: nowSeconds() - 5 }) } };
    login = await startLogin();
    res = await app.request(`/auth/callback?code=c&state=${login.state}`, {
      headers: { cookie: `${OAUTH_COOKIE}=${value(login.oauth)}` },
    });
    expect(res.status).toBe(401);
    expect(cookies(res).get(SESSION_COOKIE)).toBeUndefined();
  });

  it('still requires the CSRF token, bound to the Cognito session, on form posts', async () => {
    const token = idToken();
    const form = {
      legalName: 'Atelier Dupont SARL',
      senderName: 'Compta',
      senderEmail: 'relances@dupont.example',
      replyTo: 'compta@dupont.example',
      signature: 'Marie',
      addressLines: '12 rue des Lilas',
      postalCode: '69003',
      city: 'Lyon',
      country: 'FR',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPPXXX',
      sendHour: '09:00',
      timeZone: 'Europe/Paris',
      penaltyPolicy: 'mention',
      defaultLanguage: 'fr',
    };
    const post = (fields: Record<string, string>) =>
      withSession('/settings', token, { method: 'POST', body: new URLSearchParams(fields) });
    expect((await post(form)).status).toBe(403);
    expect((await post({ ...form, [CSRF_FIELD]: csrfToken(TOKEN, 'another-session') })).status).toBe(403);
    // The page renders the token for this session; posting it works.
    const page = await (await withSession('/settings', token)).text();
    const rendered = new RegExp(`name="${CSRF_FIELD}" value="([^"]+)"`).exec(page)?.[1];
    expect(rendered).toBe(csrfToken(TOKEN, token));
    const ok = await post({ ...form, [CSRF_FIELD]: rendered as string });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/settings?saved=1');
    // Without any session, the post never reaches the handler.
    const anonymous = await app.request('/settings', {
      method: 'POST',
      body: new URLSearchParams({ ...form, [CSRF_FIELD]: rendered as string }),
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(303);
  });

  it('signs out: clears the session and ends the hosted-UI session', async () => {
    const res = await withSession('/logout', idToken(), { method: 'POST' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${domain}/logout`);
    expect(location.searchParams.get('client_id')).toBe(CLIENT);
    expect(location.searchParams.get('logout_uri')).toBe('https://relance.example.fr/');
    expect(cookies(res).get(SESSION_COOKIE)).toMatch(/Max-Age=0/);
  });
});
