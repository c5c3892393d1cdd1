/**
 * Dashboard sessions on the AWS host: Cognito hosted UI, authorization-code flow with PKCE.
 *
 *  - `GET /auth/login[?next=]`: a fresh `state` and PKCE verifier go into a short-lived httpOnly cookie
 *    (`relance_oauth`, path /auth), the browser goes to `${domain}/oauth2/authorize` with the S256 challenge.
 *  - `GET /auth/callback?code&state`: the state must equal the cookie's (else 400, nothing set); the code is
 *    exchanged at `${domain}/oauth2/token` (fetch, public client, code_verifier); the ID token is verified, then
 *    stored as the session cookie and the browser goes back to `next`.
 *  - `GET|POST /auth/logout` (and the layout's `POST /logout`): the cookie is cleared and the browser goes to
 *    the hosted UI's `/logout`, which ends the Cognito session too (the app root must be an allowed sign-out URL).
 *
 * The session cookie holds the Cognito ID token itself (httpOnly, Secure, SameSite=Lax, max-age = the token's
 * remaining life), and every request verifies it with aws-jwt-verify (signature against the pool's JWKS, cached
 * in memory after the first fetch; issuer, audience = client id, token_use = id, expiry). Chosen over an
 * HMAC-signed session referencing it because: no second secret to create, store and rotate on AWS; the session
 * cannot outlive what Cognito issued (1 h by default; the hosted UI's own cookie makes the next login a silent
 * redirect); and a forged or tampered cookie fails the same check as a forged token. The cost is ~1 KB of cookie
 * and one local RSA verification per request.
 * SameSite=Lax rather than Strict: the callback is a top-level navigation coming from the Cognito domain, and a
 * Strict cookie would not be sent on the redirect that follows it. Form posts stay protected by the CSRF token
 * (csrf.ts binds it to this cookie's value; the cookie name is the same as the token login's, on purpose).
 *
 * The API keeps its bearer token; a page requested with that bearer header is served too (scripts fetching the
 * CSV exports). Anything else without a valid session goes to `/auth/login`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { bearerToken, isValidToken, SESSION_COOKIE, SESSION_USER } from './auth.ts';
import { errorBody } from './errors.ts';

export interface CognitoConfig {
  userPoolId: string;
  clientId: string;
  /** The hosted UI's domain, e.g. `https://relance.auth.eu-west-3.amazoncognito.com` (https:// assumed if absent). */
  domain: string;
  /** This app's `/auth/callback` as registered on the app client. */
  redirectUri: string;
}

export interface SessionUser {
  sub: string;
  email?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Checks an ID token: resolves with its user, rejects when it is expired, forged, or for another pool/client. */
export interface TokenVerifier {
  verify(idToken: string): Promise<SessionUser>;
}

/**
 * The real verifier (aws-jwt-verify). `jwks` pre-loads the pool's keys instead of fetching
 * `${issuer}/.well-known/jwks.json` on first use (tests; a host that bundles the keys).
 */
export function cognitoTokenVerifier(
  config: Pick<CognitoConfig, 'userPoolId' | 'clientId'>,
  options: { jwks?: Jwks } = {},
): TokenVerifier {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: config.userPoolId,
    tokenUse: 'id',
    clientId: config.clientId,
  });
  if (options.jwks) verifier.cacheJwks(options.jwks);
  return {
    async verify(idToken) {
      const payload = await verifier.verify(idToken);
      const email = typeof payload.email === 'string' ? payload.email : undefined;
      return { sub: payload.sub, exp: payload.exp, ...(email ? { email } : {}) };
    },
  };
}

export const OAUTH_COOKIE = 'relance_oauth';
const OAUTH_SECONDS = 600;

/**
 * Paths that never need a dashboard session: they carry their own credential or none. `/login` only redirects to
 * `/auth/login` (guarding it would send a signed-in user round the hosted UI back to /login, forever).
 */
const PUBLIC = /^\/(health$|login$|api(\/|$)|webhooks(\/|$)|portal(\/|$)|auth\/)/;

const b64url = (bytes: Buffer) => bytes.toString('base64url');

function sameText(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Only same-site relative paths are followed after login (no open redirect). */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-/.?=&%]*$/.test(value) ? value : '/';
}

function baseUrl(domain: string): string {
  const withScheme = /^https?:\/\//.test(domain) ? domain : `https://${domain}`;
  return withScheme.replace(/\/+$/, '');
}

export interface CognitoAuth {
  /** `/auth/*`, plus `/login` and `/logout` taking over the token login's. Mount before the pages. */
  routes: Hono;
  /** App-wide: every path but the public ones needs a valid session (or the API bearer token). */
  guard: MiddlewareHandler;
}

export function cognitoAuth(options: {
  config: CognitoConfig;
  verifier: TokenVerifier;
  apiToken: string;
  /** Wall-clock seconds (cookie lifetimes), injectable for tests. */
  nowSeconds?: () => number;
}): CognitoAuth {
  const { config, verifier, apiToken } = options;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const hosted = baseUrl(config.domain);
  const appOrigin = new URL(config.redirectUri).origin;

  const session = async (c: Context): Promise<SessionUser | undefined> => {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token || token.length > 8192) return undefined;
    try {
      const user = await verifier.verify(token);
      return user.exp > now() ? user : undefined;
    } catch {
      return undefined;
    }
  };

  const guard: MiddlewareHandler = async (c, next) => {
    if (PUBLIC.test(c.req.path)) {
      await next();
      return;
    }
    if (isValidToken(bearerToken(c), apiToken)) {
      c.set(SESSION_USER, { sub: 'api-token', exp: Number.MAX_SAFE_INTEGER });
      await next();
      return;
    }
    const user = await session(c);
    if (user) {
      c.set(SESSION_USER, user);
      await next();
      return;
    }
    return c.redirect(`/auth/login?next=${encodeURIComponent(c.req.path)}`, 303);
  };

  const logout = (c: Context) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    const url = new URL(`${hosted}/logout`);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('logout_uri', `${appOrigin}/`);
    return c.redirect(url.toString(), 303);
  };

  const routes = new Hono();
  routes.get('/auth/login', (c) => {
    const state = b64url(randomBytes(24));
    const verifierText = b64url(randomBytes(32));
    const challenge = b64url(createHash('sha256').update(verifierText).digest());
    const next = safeNext(c.req.query('next'));
    setCookie(c, OAUTH_COOKIE, `${state}.${verifierText}.${b64url(Buffer.from(next))}`, {
      path: '/auth',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      maxAge: OAUTH_SECONDS,
    });
    const url = new URL(`${hosted}/oauth2/authorize`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('redirect_uri', config.redirectUri);
    url.searchParams.set('scope', 'openid email profile');
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('code_challenge', challenge);
    return c.redirect(url.toString(), 302);
  });

  routes.get('/auth/callback', async (c) => {
    const [state, codeVerifier, nextB64] = (getCookie(c, OAUTH_COOKIE) ?? '').split('.');
    const givenState = c.req.query('state');
    const code = c.req.query('code');
    deleteCookie(c, OAUTH_COOKIE, { path: '/auth', secure: true });
    if (!state || !codeVerifier || !givenState || !sameText(state, givenState)) {
      return c.json(
        errorBody('OAUTH_STATE_MISMATCH', 'the login expired or was started elsewhere; sign in again'),
        400,
      );
    }
    if (!code) {
      const reason = c.req.query('error_description') ?? c.req.query('error') ?? 'no authorization code';
      return c.json(errorBody('OAUTH_NO_CODE', reason.slice(0, 200)), 400);
    }
    const response = await fetch(`${hosted}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code,
        redirect_uri: config.redirectUri,
        code_verifier: codeVerifier,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const tokens = (await response.json().catch(() => ({}))) as { id_token?: unknown };
    if (!response.ok || typeof tokens.id_token !== 'string') {
      return c.json(errorBody('OAUTH_EXCHANGE_FAILED', 'the sign-in could not be completed; sign in again'), 502);
    }
    let user: SessionUser;
    try {
      user = await verifier.verify(tokens.id_token);
    } catch {
      return c.json(errorBody('UNAUTHORIZED', 'the identity token was refused'), 401);
    }
    setCookie(c, SESSION_COOKIE, tokens.id_token, {
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      maxAge: Math.max(0, user.exp - now()),
    });
    const next = nextB64 ? safeNext(Buffer.from(nextB64, 'base64url').toString('utf8')) : '/';
    return c.redirect(next, 303);
  });

  routes.get('/auth/logout', logout);
  routes.post('/auth/logout', logout);
  routes.post('/logout', logout);
  // The token login form does not exist in this mode.
  routes.all('/login', (c) => c.redirect(`/auth/login?next=${encodeURIComponent(safeNext(c.req.query('next')))}`, 303));
  return { routes, guard };
}
