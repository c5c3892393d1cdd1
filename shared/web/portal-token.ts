/**
 * Portal links: `/portal/{token}` where the token names one customer and an expiry, signed with HMAC-SHA256.
 * A leaked link shows one customer's invoices until it expires; an edited one (another customer id, a later
 * expiry) fails the signature and shows nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const DAY_SECONDS = 86_400;

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`portal|${payload}`).digest('base64url');
}

export function signPortalToken(customerId: string, expiresAtSeconds: number, secret: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(customerId)) throw new Error('customer ids in portal tokens are url-safe');
  const payload = `${customerId}.${expiresAtSeconds}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** The customer id when the token is authentic and not expired, else undefined (never says which). */
export function verifyPortalToken(token: string, secret: string, nowSeconds: number): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [customerId, expires, signature] = parts as [string, string, string];
  if (!/^\d{1,12}$/.test(expires) || Number(expires) < nowSeconds) return undefined;
  const expected = Buffer.from(mac(secret, `${customerId}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return customerId;
}

/** A link valid for `days` (reminders are read days later; 45 days covers the whole default plan). */
export function portalUrl(baseUrl: string, customerId: string, secret: string, nowSeconds: number, days = 45): string {
  return `${baseUrl.replace(/\/$/, '')}/portal/${signPortalToken(customerId, nowSeconds + days * DAY_SECONDS, secret)}`;
}
