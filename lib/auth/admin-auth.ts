// Admin access: who may upload and control jobs. Browser: password -> signed httpOnly session
// cookie. Scripts: `Authorization: Bearer <ADMIN_TOKEN>`. With neither ADMIN_PASSWORD nor
// ADMIN_TOKEN configured, a random password is generated at first start, printed once, and only
// its scrypt hash is kept (app_secrets), so the app never runs with a known default.
// No Next.js imports here: server.ts loads this (through realtime) before Next starts.
import crypto from 'node:crypto';
import type pg from 'pg';
import { appDatabaseUrl } from '../db/app-db';
import { getPool } from '../db/pool';
import { loadWebEnv } from '../env/web';
import { generatePassword, hashPassword, safeEqual, verifyPasswordHash } from './password';
import { getOrCreateSecret } from './secrets';
import { SESSION_COOKIE, clearedSessionCookie, readCookie, sessionCookie, signSession, verifySession } from './session';

export interface AuthSettings {
  ADMIN_PASSWORD?: string;
  ADMIN_TOKEN?: string;
  SESSION_SECRET?: string;
  SESSION_HOURS: number;
}

export interface AuthConfig {
  /** plain: from ADMIN_PASSWORD; hash: generated and stored; null: password login disabled (token only) */
  password: { kind: 'plain' | 'hash'; value: string } | null;
  token: string | null;
  sessionSecret: string;
  sessionSeconds: number;
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
  return { password, token: settings.ADMIN_TOKEN ?? null, sessionSecret, sessionSeconds: Math.round(settings.SESSION_HOURS * 3600) };
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

/** True when the headers carry a valid admin session cookie or the admin bearer token. */
export function isAdminCredentials(config: AuthConfig, headers: CredentialHeaders): boolean {
  const auth = headers.authorization?.match(/^Bearer\s+(.+)$/i);
  if (auth && config.token && safeEqual(auth[1].trim(), config.token)) return true;
  const session = readCookie(headers.cookie, SESSION_COOKIE);
  return session !== null && verifySession(config.sessionSecret, session);
}

export function newSessionCookie(config: AuthConfig, secure: boolean): string {
  return sessionCookie(signSession(config.sessionSecret, Date.now() / 1000 + config.sessionSeconds), config.sessionSeconds, secure);
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
