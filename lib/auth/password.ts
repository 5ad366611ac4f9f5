// Password and token comparison. Everything compares fixed-length digests with
// crypto.timingSafeEqual, so neither the length nor the content of a secret leaks through timing.
import crypto from 'node:crypto';

const SCRYPT_KEYLEN = 32;

const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

/** Constant-time equality of two strings (compares their SHA-256 digests). */
export function safeEqual(given: string, expected: string): boolean {
  return crypto.timingSafeEqual(sha256(given), sha256(expected));
}

/** scrypt hash for storage: "scrypt$<salt>$<hash>" (base64url). */
export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, SCRYPT_KEYLEN);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifyPasswordHash(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = crypto.scryptSync(password, Buffer.from(salt, 'base64url'), expected.length);
  return crypto.timingSafeEqual(actual, expected);
}

/** A random password people can type: 24 characters from an unambiguous alphabet (~137 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(24);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
