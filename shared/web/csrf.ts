/**
 * CSRF protection for the dashboard's form posts: an HMAC token bound to the session (keyed from the API token),
 * carried in a hidden field and checked on every post. No server state: the token is recomputed from the session
 * cookie. The SameSite=Strict cookie already keeps other sites from posting with it; the token is the second
 * lock, for browsers or proxies that do not honour SameSite. A request authenticated by a bearer header carries
 * no ambient credential a third-party page could use, so it needs no token.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { formBody } from './api/request.ts';
import { bearerToken, isValidToken, SESSION_COOKIE } from './auth.ts';
import { errorBody } from './errors.ts';

export const CSRF_FIELD = '_csrf';

function csrfKey(apiToken: string): Buffer {
  return createHash('sha256').update(`relance-csrf:${apiToken}`).digest();
}

/** The token for one session (the session cookie's value; a bearer-authenticated page uses the fixed 'bearer'). */
export function csrfToken(apiToken: string, session: string): string {
  return createHmac('sha256', csrfKey(apiToken)).update(`csrf|${session}`).digest('base64url');
}

/** The token to put in the forms of the page being rendered for this request. */
export function csrfTokenFor(c: Context, apiToken: string): string {
  return csrfToken(apiToken, getCookie(c, SESSION_COOKIE) ?? 'bearer');
}

export function isValidCsrfToken(apiToken: string, session: string, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(csrfToken(apiToken, session));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Form posts: a valid bearer header, or the session cookie with its token in the form; else 403, nothing done. */
export function requireCsrf(apiToken: string): MiddlewareHandler {
  return async (c, next) => {
    if (isValidToken(bearerToken(c), apiToken)) {
      await next();
      return;
    }
    const session = getCookie(c, SESSION_COOKIE);
    const form = await formBody(c.req, 'form');
    const token = typeof form[CSRF_FIELD] === 'string' ? form[CSRF_FIELD] : undefined;
    if (!session || !isValidCsrfToken(apiToken, session, token)) {
      return c.json(errorBody('CSRF_TOKEN_INVALID', 'the form is missing a valid CSRF token; reload the page'), 403);
    }
    await next();
  };
}
