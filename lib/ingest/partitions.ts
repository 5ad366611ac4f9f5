// Creates the trips partitions a batch needs before it is copied: one short transaction per
// batch for all new (region, week) pairs (see store.ensure_trip_partition; one commit per pair
// measured several ms each).
import type pg from 'pg';

const known = new Set<string>();

export async function ensurePartitions(pool: pg.Pool, keys: Iterable<{ regionId: number; week: string }>): Promise<void> {
  const missing = [...keys].filter((k) => !known.has(cacheKey(pool, k)));
  if (!missing.length) return;
  missing.sort((a, b) => a.regionId - b.regionId || (a.week < b.week ? -1 : 1));
  await pool.query(
    'SELECT count(store.ensure_trip_partition(r, w)) FROM unnest($1::int2[], $2::date[]) AS k(r, w)',
    [missing.map((k) => k.regionId), missing.map((k) => k.week)],
  );
  for (const k of missing) known.add(cacheKey(pool, k));
}

const cacheKey = (pool: pg.Pool, k: { regionId: number; week: string }) =>
  `${pool.options.connectionString}|${k.regionId}|${k.week}`;
