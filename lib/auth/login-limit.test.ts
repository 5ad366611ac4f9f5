// Admin login hardening, through the real route handlers and a real database: failed logins are
// limited per client (the 6th bad attempt in the window gets 429 + Retry-After, even with the
// right password; another client is unaffected; after the window the right password works), and
// sign-out ends the session on the server (a cookie copied before it is refused).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { CLIENT_ADDRESS_HEADER, clientAddress } from './client-address';
import { POST as loginRoute } from '@/app/api/auth/login/route';
import { POST as logoutRoute } from '@/app/api/auth/logout/route';
import { GET as sessionRoute } from '@/app/api/auth/session/route';

const WINDOW_SECONDS = 2;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  process.env.DATABASE_URL = db.url;
  process.env.ADMIN_PASSWORD = 'the-right-password';
  process.env.LOGIN_WINDOW_SECONDS = String(WINDOW_SECONDS);
});
afterAll(async () => {
  await db?.drop();
});

const post = loginRoute;
const attempt = (password: string, client = '203.0.113.7') => post(new Request('http://localhost/api/auth/login', {
  method: 'POST', body: JSON.stringify({ password }),
  headers: { 'content-type': 'application/json', [CLIENT_ADDRESS_HEADER]: client },
}));
const isAdmin = (cookie: string) => sessionRoute(new Request('http://localhost/api/auth/session', { headers: { cookie } }))
  .then((r) => r.json() as Promise<{ admin: boolean }>).then((b) => b.admin);

describe('login rate limit', () => {
  it('answers 429 with Retry-After from the 6th bad attempt of a client, until the window has passed', async () => {
    for (let i = 1; i <= 5; i++) expect((await attempt('wrong-password')).status, `attempt ${i}`).toBe(401);
    const blocked = await attempt('wrong-password');
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(await blocked.json()).toMatchObject({ error: { code: 'too_many_requests' } });
    expect((await attempt('the-right-password')).status).toBe(429); // no way around the limit
    expect((await attempt('wrong-password', '198.51.100.1')).status).toBe(401); // other clients unaffected

    await new Promise((r) => setTimeout(r, (retryAfter + 0.2) * 1000));
    const right = await attempt('the-right-password');
    expect(right.status).toBe(200);
    expect(right.headers.get('set-cookie')).toMatch(/trip_atlas_session=/);
  });
});

describe('sign-out', () => {
  it('ends the session on the server: a cookie copied before sign-out is refused', async () => {
    const res = await attempt('the-right-password', '192.0.2.10');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    expect(await isAdmin(cookie)).toBe(true);
    const out = await logoutRoute(new Request('http://localhost/api/auth/logout', { method: 'POST', headers: { cookie } }));
    expect(out.status).toBe(200);
    expect(await isAdmin(cookie)).toBe(false);
  });
});

describe('client address', () => {
  const headers = (xff?: string) => new Headers({ [CLIENT_ADDRESS_HEADER]: '10.0.0.2', ...(xff ? { 'x-forwarded-for': xff } : {}) });
  it('ignores X-Forwarded-For unless TRUST_PROXY says how many proxies to trust', () => {
    expect(clientAddress(headers('1.2.3.4'), 0)).toBe('10.0.0.2');
    expect(clientAddress(headers('6.6.6.6, 1.2.3.4'), 1)).toBe('1.2.3.4'); // the left one is the client's claim
    expect(clientAddress(headers('6.6.6.6, 1.2.3.4, 10.0.0.9'), 2)).toBe('1.2.3.4');
    expect(clientAddress(headers(), 1)).toBe('10.0.0.2');
  });
});
