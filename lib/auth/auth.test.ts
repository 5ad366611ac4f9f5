// Admin auth. Protects: wrong password -> 401 JSON and no cookie; a tampered, foreign or expired
// session cookie is rejected; the bearer token works only when exact; with nothing configured a
// random password is generated once, printed once, stored only as a hash, and survives restarts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { checkPassword, isAdminCredentials, loadAuthConfig, newSessionCookie, type AuthConfig } from './admin-auth';
import { POST as loginRoute } from '@/app/api/auth/login/route';
import { GET as sessionRoute } from '@/app/api/auth/session/route';
import { SESSION_COOKIE, signSession, verifySession } from './session';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => {
  await db?.drop();
});

const config = (over: Partial<AuthConfig> = {}): AuthConfig => ({
  password: { kind: 'plain', value: 'correct horse battery' }, token: 'script-token-0123456789',
  sessionSecret: 'secret-secret-secret-1', sessionSeconds: 3600,
  loginLimit: { maxFailures: 5, windowSeconds: 900 }, trustedProxies: 0, ...over,
});
const cookieOf = (setCookie: string) => setCookie.split(';')[0];

describe('session cookie', () => {
  it('accepts its own signature and rejects tampering, another secret and expiry', async () => {
    const c = config();
    const pool = getPool(db.url);
    const cookie = cookieOf(await newSessionCookie(c, false, pool));
    expect(await isAdminCredentials(c, { cookie }, pool)).toBe(true);
    const token = cookie.slice(SESSION_COOKIE.length + 1);
    const [v, exp, nonce, sig] = token.split('.');
    const forged = [`${v}.${Number(exp) + 10_000}.${nonce}.${sig}`, `${v}.${exp}.${nonce}x.${sig}`, `${v}.${exp}.${nonce}.${sig.slice(0, -2)}AA`, `${v}.${exp}.${nonce}.`, 'garbage'];
    for (const t of forged) expect(await isAdminCredentials(c, { cookie: `${SESSION_COOKIE}=${t}` }, pool), t).toBe(false);
    expect(await isAdminCredentials(config({ sessionSecret: 'another-secret-secret-2' }), { cookie }, pool)).toBe(false);
    // correctly signed but never opened on the server (e.g. made with a leaked secret): refused
    const unknown = signSession(c.sessionSecret, Date.now() / 1000 + 3600);
    expect(await isAdminCredentials(c, { cookie: `${SESSION_COOKIE}=${unknown}` }, pool)).toBe(false);
    const expired = signSession(c.sessionSecret, Date.now() / 1000 - 1);
    expect(verifySession(c.sessionSecret, expired)).toBe(false);
  });

  it('is httpOnly, SameSite=Lax, with an expiry, Secure on https', async () => {
    const header = await newSessionCookie(config(), true, getPool(db.url));
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Max-Age=3600/);
    expect(header).toMatch(/Secure/);
  });

  it('bearer token must match exactly', async () => {
    const c = config();
    const pool = getPool(db.url);
    expect(await isAdminCredentials(c, { authorization: 'Bearer script-token-0123456789' }, pool)).toBe(true);
    expect(await isAdminCredentials(c, { authorization: 'Bearer script-token-012345678' }, pool)).toBe(false);
    expect(await isAdminCredentials(c, { authorization: 'Basic script-token-0123456789' }, pool)).toBe(false);
    expect(await isAdminCredentials(config({ token: null }), { authorization: 'Bearer ' }, pool)).toBe(false);
  });
});

describe('passwords', () => {
  it('generates a random password once when neither ADMIN_PASSWORD nor ADMIN_TOKEN is set, stored hashed', async () => {
    const pool = getPool(db.url);
    const logs: string[] = [];
    const first = await loadAuthConfig(pool, { SESSION_HOURS: 1 }, (l) => logs.push(l));
    const printed = logs.join('\n').match(/generated, shown only this once\): (\S+)/)?.[1];
    expect(printed).toBeTruthy();
    expect(printed!.length).toBeGreaterThanOrEqual(20);
    const stored = (await pool.query('SELECT key, value FROM app_secrets')).rows;
    expect(JSON.stringify(stored)).not.toContain(printed!); // only a hash is kept
    expect(checkPassword(first, printed!)).toBe(true);
    expect(checkPassword(first, 'admin')).toBe(false);

    const again: string[] = []; // a restart: same password, nothing printed, same session secret
    const second = await loadAuthConfig(pool, { SESSION_HOURS: 1 }, (l) => again.push(l));
    expect(again).toEqual([]);
    expect(checkPassword(second, printed!)).toBe(true);
    expect(second.sessionSecret).toBe(first.sessionSecret);
  });

  it('token only: password login is disabled, nothing generated', async () => {
    const c = await loadAuthConfig(getPool(db.url), { ADMIN_TOKEN: 'only-a-token-0123456789', SESSION_HOURS: 1 }, () => {
      throw new Error('must not print');
    });
    expect(c.password).toBeNull();
    expect(checkPassword(c, '')).toBe(false);
  });
});

describe('login route handlers', () => {
  it('wrong password: 401 JSON, no cookie; right password: cookie that opens the session', async () => {
    process.env.DATABASE_URL = db.url;
    process.env.ADMIN_PASSWORD = 'the-right-password';
    const post = loginRoute;
    const request = (password: string) => new Request('http://localhost/api/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }),
    });
    const wrong = await post(request('the-wrong-password'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const empty = await post(request(''));
    expect(empty.status).toBe(400);

    const right = await post(request('the-right-password'));
    expect(right.status).toBe(200);
    const cookie = cookieOf(right.headers.get('set-cookie')!);
    const check = (headers: HeadersInit) => sessionRoute(new Request('http://localhost/api/auth/session', { headers })).then((r) => r.json());
    expect(await check({ cookie })).toEqual({ admin: true });
    expect(await check({ cookie: cookie.slice(0, -3) + 'abc' })).toEqual({ admin: false });
    expect(await check({})).toEqual({ admin: false });
  });
});
