/**
 * Authentication for the API and the dashboard.
 * - API: `Authorization: Bearer <RELANCE_API_TOKEN>`, compared in constant time.
 * - Dashboard: the same bearer header, or a session cookie obtained by typing the token in the login form.
 *   The cookie holds an expiry and an HMAC of it (keyed from the token), never the token itself; it is
 *   httpOnly and SameSite=Strict, which also keeps other sites from posting forms with it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { errorBody } from './errors.ts';

export const SESSION_COOKIE = 'relance_session';
/** Context key set by the Cognito guard (cognito-auth.ts) once it has verified the request's session. */
export const SESSION_USER = 'relanceSessionUser';
const SESSION_SECONDS = 12 * 3600;

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim();
}

export function isValidToken(token: string | undefined, apiToken: string): boolean {
  return token !== undefined && sameSecret(token, apiToken);
}

function sessionKey(apiToken: string): Buffer {
  return createHash('sha256').update(`relance-session:${apiToken}`).digest();
}

export function issueSession(apiToken: string, nowSeconds: number): string {
  const expires = nowSeconds + SESSION_SECONDS;
  const mac = createHmac('sha256', sessionKey(apiToken)).update(`session|${expires}`).digest('base64url');
  return `${expires}.${mac}`;
}

export function isValidSession(value: string | undefined, apiToken: string, nowSeconds: number): boolean {
  if (!value) return false;
  const [expires, mac] = value.split('.');
  if (!expires || !mac || !/^\d+$/.test(expires) || Number(expires) < nowSeconds) return false;
  const expected = createHmac('sha256', sessionKey(apiToken)).update(`session|${expires}`).digest('base64url');
  return sameSecret(mac, expected);
}

export const SESSION_MAX_AGE = SESSION_SECONDS;

/** API routes: a valid bearer token or 401 with nothing done. */
export function requireApiToken(apiToken: string): MiddlewareHandler {
  return async (c, next) => {
    if (!isValidToken(bearerToken(c), apiToken)) {
      c.header('WWW-Authenticate', 'Bearer realm="relance"');
      return c.json(errorBody('UNAUTHORIZED', 'a valid API token is required'), 401);
    }
    await next();
  };
}

/** Dashboard pages: bearer header or session cookie, else to the login form. */
export function requireSession(apiToken: string, nowSeconds: () => number): MiddlewareHandler {
  return async (c, next) => {
    if (
      c.get(SESSION_USER) !== undefined ||
      isValidToken(bearerToken(c), apiToken) ||
      isValidSession(getCookie(c, SESSION_COOKIE), apiToken, nowSeconds())
    ) {
      await next();
      return;
    }
    const target = encodeURIComponent(c.req.path);
    return c.redirect(`/login?next=${target}`, 303);
  };
}
