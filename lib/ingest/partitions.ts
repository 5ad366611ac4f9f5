// Creates the trips partitions a batch needs before it is copied: one short transaction per
// batch for all its (region, week) pairs (see store.ensure_trip_partition; one commit per pair
// measured several ms each). Asked every batch, never cached in the process: retention
// (retention.ts) drops partitions, which another process cannot know about.
import type pg from 'pg';

export async function ensurePartitions(pool: pg.Pool, keys: Iterable<{ regionId: number; week: string }>): Promise<void> {
  const all = [...keys];
  if (!all.length) return;
  all.sort((a, b) => a.regionId - b.regionId || (a.week < b.week ? -1 : 1));
  await pool.query(
    'SELECT count(store.ensure_trip_partition(r, w)) FROM unnest($1::int2[], $2::date[]) AS k(r, w)',
    [all.map((k) => k.regionId), all.map((k) => k.week)],
  );
}
