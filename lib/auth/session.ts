// Stateless signed session tokens for the admin cookie: "v1.<expiry unix s>.<nonce>.<HMAC>".
// The HMAC (SHA-256, keyed with the session secret) covers everything before it, so any edit
// (expiry pushed out, nonce changed, signature forged) fails verification.
import crypto from 'node:crypto';

export const SESSION_COOKIE = 'trip_atlas_session';

const mac = (secret: string, payload: string) => crypto.createHmac('sha256', secret).update(payload).digest('base64url');

export function signSession(secret: string, expiresAtSeconds: number): string {
  const payload = `v1.${Math.floor(expiresAtSeconds)}.${crypto.randomBytes(12).toString('base64url')}`;
  return `${payload}.${mac(secret, payload)}`;
}

export function verifySession(secret: string, token: string, nowSeconds = Date.now() / 1000): boolean {
  const cut = token.lastIndexOf('.');
  if (cut <= 0) return false;
  const payload = token.slice(0, cut);
  const given = Buffer.from(token.slice(cut + 1), 'base64url');
  const expected = Buffer.from(mac(secret, payload), 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return false;
  const [version, expiry] = payload.split('.');
  return version === 'v1' && Number(expiry) > nowSeconds;
}

/** Value of one cookie in a Cookie header (null when absent). */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(maxAgeSeconds)}`,
    ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}
