/**
 * A form post whose body cannot be read (a broken multipart body, a boundary that never comes) is a 400 naming
 * the form on every page that takes one — whether it is read by the CSRF check (session cookie) or by the page
 * itself (bearer token, no CSRF field needed) — never a 500, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSession, SESSION_COOKIE } from '#shared/web/auth.ts';
import { body, startTestApp, TEST_TOKEN } from '../support/app.ts';
import { scanAll } from '../support/table-scan.ts';

const BROKEN = { 'content-type': 'multipart/form-data; boundary=----never' };

describe('malformed form bodies', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  // How many items the whole table holds (a test-only scan).
  const count = async () => (await scanAll(t.table.db, t.table.tableName)).length;

  beforeAll(async () => {
    t = await startTestApp({ dunning: { channels: {} } });
  });
  afterAll(async () => t.close());

  it.each(['/settings', '/plans', '/plans/new'])('POST %s answers 400 INVALID_FORM, not 500', async (path) => {
    const before = await count();
    const withBearer = await t.call(path, { method: 'POST', headers: BROKEN, body: '------never\r\nbroken' });
    expect(withBearer.status).toBe(400);
    expect(await body(withBearer)).toMatchObject({ error: { code: 'INVALID_FORM', details: [{ field: 'form' }] } });
    // With a session cookie instead, the CSRF check reads the form first: the same 400.
    const withSession = await t.call(path, {
      method: 'POST',
      token: null,
      headers: { ...BROKEN, cookie: `${SESSION_COOKIE}=${issueSession(TEST_TOKEN, Math.floor(Date.now() / 1000))}` },
      body: '------never\r\nbroken',
    });
    expect(withSession.status).toBe(400);
    expect(await body(withSession)).toMatchObject({ error: { code: 'INVALID_FORM' } });
    expect(await count()).toBe(before);
  });
});
