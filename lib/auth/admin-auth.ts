// Admin access: who may upload and control jobs. Browser: password (rate-limited per client,
// login-limit.ts) -> signed httpOnly session cookie whose session lives in the database
// (session-store.ts), so sign-out ends it. Scripts: `Authorization: Bearer <ADMIN_TOKEN>`. With neither ADMIN_PASSWORD nor
// ADMIN_TOKEN configured, a random password is generated at first start, printed once, and only
// its scrypt hash is kept (app_secrets), so the app never runs with a known default.
// No Next.js imports here: server.ts loads this (through realtime) before Next starts.
import crypto from 'node:crypto';
import type pg from 'pg';
import { appDatabaseUrl } from '../db/app-db';
import { getPool } from '../db/pool';
import { loadWebEnv } from '../env/web';
import { generatePassword, hashPassword, safeEqual, verifyPasswordHash } from './password';
import type { LoginLimit } from './login-limit';
import { getOrCreateSecret } from './secrets';
import { SESSION_COOKIE, clearedSessionCookie, readCookie, sessionCookie, signSession, verifySession } from './session';
import { createSession, endSession, sessionIsLive } from './session-store';

export interface AuthSettings {
  ADMIN_PASSWORD?: string;
  ADMIN_TOKEN?: string;
  SESSION_SECRET?: string;
  SESSION_HOURS: number;
  LOGIN_MAX_FAILURES?: number;
  LOGIN_WINDOW_SECONDS?: number;
  TRUST_PROXY?: number;
}

export interface AuthConfig {
  /** plain: from ADMIN_PASSWORD; hash: generated and stored; null: password login disabled (token only) */
  password: { kind: 'plain' | 'hash'; value: string } | null;
  token: string | null;
  sessionSecret: string;
  sessionSeconds: number;
  loginLimit: LoginLimit;
  trustedProxies: number;
}

export async function loadAuthConfig(
  db: pg.Pool,
  settings: AuthSettings,
  log: (line: string) => void = (l) => console.log(l),
): Promise<AuthConfig> {
  let password: AuthConfig['password'] = settings.ADMIN_PASSWORD ? { kind: 'plain', value: settings.ADMIN_PASSWORD } : null;
  if (!settings.ADMIN_PASSWORD && !settings.ADMIN_TOKEN) {
    const generated = generatePassword();
    const stored = await getOrCreateSecret(db, 'admin_password_hash', hashPassword(generated));
    if (stored.created) {
      log('='.repeat(72));
      log(`Admin password (generated, shown only this once): ${generated}`);
      log('Set ADMIN_PASSWORD (browser) or ADMIN_TOKEN (scripts) to choose your own.');
      log('='.repeat(72));
    }
    password = { kind: 'hash', value: stored.value };
  }
  const sessionSecret = settings.SESSION_SECRET
    ?? (await getOrCreateSecret(db, 'session_secret', crypto.randomBytes(32).toString('base64url'))).value;
  return {
    password, token: settings.ADMIN_TOKEN ?? null, sessionSecret, sessionSeconds: Math.round(settings.SESSION_HOURS * 3600),
    loginLimit: { maxFailures: settings.LOGIN_MAX_FAILURES ?? 5, windowSeconds: settings.LOGIN_WINDOW_SECONDS ?? 900 },
    trustedProxies: settings.TRUST_PROXY ?? 0,
  };
}

export function checkPassword(config: AuthConfig, given: string): boolean {
  if (!config.password) {
    safeEqual(given, given); // same work either way
    return false;
  }
  return config.password.kind === 'plain' ? safeEqual(given, config.password.value) : verifyPasswordHash(given, config.password.value);
}

export interface CredentialHeaders {
  cookie?: string | null;
  authorization?: string | null;
}

/** True when the headers carry the admin bearer token or a signed session cookie whose session is still open. */
export async function isAdminCredentials(config: AuthConfig, headers: CredentialHeaders, db: pg.Pool): Promise<boolean> {
  const auth = headers.authorization?.match(/^Bearer\s+(.+)$/i);
  if (auth && config.token && safeEqual(auth[1].trim(), config.token)) return true;
  const session = readCookie(headers.cookie, SESSION_COOKIE);
  // The signature check first: forged cookies never reach the database.
  return session !== null && verifySession(config.sessionSecret, session) && sessionIsLive(db, session);
}

/** Opens a server-side session and returns its Set-Cookie header. */
export async function newSessionCookie(config: AuthConfig, secure: boolean, db: pg.Pool): Promise<string> {
  const token = signSession(config.sessionSecret, Date.now() / 1000 + config.sessionSeconds);
  await createSession(db, token, config.sessionSeconds);
  return sessionCookie(token, config.sessionSeconds, secure);
}

/** Ends the session of the cookie in these headers, if any (sign-out). */
export async function endSessionOf(headers: CredentialHeaders, db: pg.Pool): Promise<void> {
  const session = readCookie(headers.cookie, SESSION_COOKIE);
  if (session) await endSession(db, session);
}

export { clearedSessionCookie };

// ---- the running app's configuration (route handlers, Socket.IO) ----

const CACHE = Symbol.for('trip-atlas.auth-config');
type Cache = Map<string, Promise<AuthConfig>>;

/** The app's auth configuration, loaded once per process and database (printing a generated password once). */
export function appAuthConfig(databaseUrl = appDatabaseUrl()): Promise<AuthConfig> {
  const g = globalThis as unknown as Record<symbol, Cache | undefined>;
  const cache = (g[CACHE] ??= new Map());
  let config = cache.get(databaseUrl);
  if (!config) {
    config = loadAuthConfig(getPool(databaseUrl), loadWebEnv());
    config.catch(() => cache.delete(databaseUrl));
    cache.set(databaseUrl, config);
  }
  return config;
}
