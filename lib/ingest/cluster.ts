// After a load: rewrite the partitions it touched in map order (store.cluster_trip_partition),
// one short transaction each, so box edge strips read few blocks. Only speed depends on it:
// answers are exact either way.
import type pg from 'pg';

export interface PartitionKey {
  regionId: number;
  week: string;
  /** rows this load wrote to the partition */
  rows: number;
}

/**
 * A load that adds less than this share of a partition's rows leaves it alone: its few
 * unsorted blocks cost little, rewriting the whole partition would cost much more.
 */
export const CLUSTER_MIN_SHARE = 0.1;

/** Partitions worth rewriting after a load: those it grew by at least CLUSTER_MIN_SHARE. */
export async function partitionsToCluster(pool: pg.Pool, touched: PartitionKey[]): Promise<PartitionKey[]> {
  if (!touched.length) return [];
  const { rows } = await pool.query<{ region_id: number; week: string; trips: number }>(
    `SELECT region_id, week, trips FROM store.region_weeks
     WHERE (region_id, week) IN (SELECT * FROM unnest($1::int2[], $2::date[]))`,
    [touched.map((t) => t.regionId), touched.map((t) => t.week)]);
  const totals = new Map(rows.map((r) => [`${r.region_id}|${r.week}`, r.trips]));
  return touched.filter((t) => t.rows >= CLUSTER_MIN_SHARE * (totals.get(`${t.regionId}|${t.week}`) ?? t.rows));
}

export async function clusterPartitions(
  pool: pg.Pool,
  keys: PartitionKey[],
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const sorted = [...keys].sort((a, b) => a.regionId - b.regionId || (a.week < b.week ? -1 : 1));
  for (let i = 0; i < sorted.length; i++) {
    await pool.query('SELECT store.cluster_trip_partition($1::int2, $2::date)', [sorted[i].regionId, sorted[i].week]);
    onProgress?.(i + 1, sorted.length);
  }
}
