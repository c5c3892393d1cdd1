import { describe, expect, it } from 'vitest';
import { portalUrl, signPortalToken, verifyPortalToken } from '#shared/web/portal-token.ts';

const SECRET = 'portal-secret-for-tests';
const NOW = 1_800_000_000;

describe('portal tokens', () => {
  it('verify for the customer they name until they expire', () => {
    const token = signPortalToken('cus_abc', NOW + 60, SECRET);
    expect(verifyPortalToken(token, SECRET, NOW)).toBe('cus_abc');
    expect(verifyPortalToken(token, SECRET, NOW + 61)).toBeUndefined();
  });

  it('refuse an edited customer, an edited expiry, another secret and garbage', () => {
    const token = signPortalToken('cus_abc', NOW + 60, SECRET);
    const [, expires, mac] = token.split('.');
    expect(verifyPortalToken(`cus_other.${expires}.${mac}`, SECRET, NOW)).toBeUndefined();
    expect(verifyPortalToken(`cus_abc.${NOW + 99999}.${mac}`, SECRET, NOW)).toBeUndefined();
    expect(verifyPortalToken(token, 'another-secret', NOW)).toBeUndefined();
    expect(verifyPortalToken('cus_abc', SECRET, NOW)).toBeUndefined();
    expect(verifyPortalToken('a.b.c.d', SECRET, NOW)).toBeUndefined();
  });

  it('builds links valid for 45 days by default', () => {
    const url = portalUrl('http://127.0.0.1:3000/', 'cus_abc', SECRET, NOW);
    const token = url.split('/portal/')[1]!;
    expect(url.startsWith('http://127.0.0.1:3000/portal/')).toBe(true);
    expect(verifyPortalToken(token, SECRET, NOW + 45 * 86_400)).toBe('cus_abc');
    expect(verifyPortalToken(token, SECRET, NOW + 45 * 86_400 + 1)).toBeUndefined();
  });
});
