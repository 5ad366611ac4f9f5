// Failed admin logins are limited per client (default 5 per 15 minutes). Failures are counted in
// PostgreSQL (login_failures), so the limit holds across every web server of the database, and
// each client's attempts are serialised with an advisory lock, so parallel guesses cannot
// overshoot it. While a client is blocked even the right password is refused (otherwise the
// limit would not slow guessing at all); a successful login clears its failures.
import type pg from 'pg';
import { withTransaction } from '../db/pool';

export interface LoginLimit {
  maxFailures: number;
  windowSeconds: number;
}

export type LoginOutcome = { ok: boolean; retryAfterSeconds: null } | { ok: false; retryAfterSeconds: number };

const LOCK_SEED = 727275;

export async function limitedLogin(db: pg.Pool, client: string, limit: LoginLimit, check: () => boolean): Promise<LoginOutcome> {
  return withTransaction(db, async (conn) => {
    await conn.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', [client, LOCK_SEED]);
    await conn.query('DELETE FROM login_failures WHERE failed_at <= now() - make_interval(secs => $1)', [limit.windowSeconds]);
    const { rows } = await conn.query<{ n: number; retry: number | null }>(
      `SELECT count(*)::int AS n,
              ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::int AS retry
         FROM login_failures WHERE client = $1`,
      [client, limit.windowSeconds],
    );
    let outcome: LoginOutcome;
    if (rows[0].n >= limit.maxFailures) {
      outcome = { ok: false, retryAfterSeconds: Math.max(1, rows[0].retry ?? 1) };
    } else {
      const ok = check();
      if (ok) await conn.query('DELETE FROM login_failures WHERE client = $1', [client]);
      else await conn.query('INSERT INTO login_failures (client) VALUES ($1)', [client]);
      outcome = { ok, retryAfterSeconds: null };
    }
    return outcome;
  });
}
