// Server-side admin sessions (table admin_sessions). The cookie carries a signed random token;
// the table keeps only its SHA-256, so reading the table never yields a usable cookie. Sign-out
// deletes the row: a cookie copied before it no longer opens anything.
import crypto from 'node:crypto';
import type pg from 'pg';

const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function createSession(db: pg.Pool, token: string, seconds: number): Promise<void> {
  await db.query('DELETE FROM admin_sessions WHERE expires_at < now()'); // forget expired ones as we go
  await db.query(
    'INSERT INTO admin_sessions (token_hash, expires_at) VALUES ($1, now() + make_interval(secs => $2))',
    [hashOf(token), seconds],
  );
}

export async function sessionIsLive(db: pg.Pool, token: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM admin_sessions WHERE token_hash = $1 AND expires_at > now()', [hashOf(token)]);
  return rowCount === 1;
}

export async function endSession(db: pg.Pool, token: string): Promise<void> {
  await db.query('DELETE FROM admin_sessions WHERE token_hash = $1', [hashOf(token)]);
}
