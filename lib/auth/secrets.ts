// Secrets the app generated for itself (table app_secrets): created once, first writer wins.
import type pg from 'pg';

/** Stores `candidate` under `key` unless a value exists; returns the stored value and whether it was ours. */
export async function getOrCreateSecret(
  db: pg.Pool | pg.PoolClient,
  key: string,
  candidate: string,
): Promise<{ value: string; created: boolean }> {
  const inserted = await db.query<{ value: string }>(
    'INSERT INTO app_secrets (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value',
    [key, candidate],
  );
  if (inserted.rows[0]) return { value: inserted.rows[0].value, created: true };
  const { rows } = await db.query<{ value: string }>('SELECT value FROM app_secrets WHERE key = $1', [key]);
  return { value: rows[0].value, created: false };
}
