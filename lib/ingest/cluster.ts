// After a load: rewrite the partitions it touched in map order (store.cluster_trip_partition),
// one short transaction each, so box edge strips read few blocks. Only speed depends on it:
// answers are exact either way. The load records the partitions worth it in
// store.pending_cluster (in its own transaction); each is cleared as it is clustered, so work
// cut short by a crash is finished by the job's retry or by maintenance (finishPendingClustering).
import type pg from 'pg';
import { withTransaction } from '../db/pool';

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
export async function partitionsToCluster(db: pg.Pool | pg.PoolClient, touched: PartitionKey[]): Promise<PartitionKey[]> {
  if (!touched.length) return [];
  const { rows } = await db.query<{ region_id: number; week: string; trips: number }>(
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

/** Records, inside the load's transaction, the partitions that still need clustering. */
export async function recordPendingClustering(client: pg.PoolClient, jobId: number, keys: PartitionKey[]): Promise<void> {
  if (!keys.length) return;
  await client.query(
    `INSERT INTO store.pending_cluster (region_id, week, job_id)
     SELECT r, w, $3 FROM unnest($1::int2[], $2::date[]) AS k(r, w) ON CONFLICT DO NOTHING`,
    [keys.map((k) => k.regionId), keys.map((k) => k.week), jobId]);
}

export interface PendingPartition {
  regionId: number;
  week: string;
}

/**
 * Clusters the pending partitions (all of them, or those of one job) in map order, each in one
 * transaction that also clears its records. A partition that another process clustered
 * meanwhile is skipped (its records are locked first, then found gone). Returns those clustered.
 */
export async function finishPendingClustering(
  pool: pg.Pool,
  opts: { jobId?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PendingPartition[]> {
  const { rows: pending } = await pool.query<{ region_id: number; week: string }>(
    `SELECT DISTINCT region_id, week FROM store.pending_cluster WHERE $1::int4 IS NULL OR job_id = $1
     ORDER BY region_id, week`, [opts.jobId ?? null]);
  const done: PendingPartition[] = [];
  for (let i = 0; i < pending.length; i++) {
    const { region_id: regionId, week } = pending[i];
    const clustered = await withTransaction(pool, async (client) => {
      const still = await client.query(
        'SELECT 1 FROM store.pending_cluster WHERE region_id = $1 AND week = $2 FOR UPDATE', [regionId, week]);
      if (!still.rowCount) return false;
      await client.query('SELECT store.cluster_trip_partition($1::int2, $2::date)', [regionId, week]);
      // every load committed before CLUSTER got its lock is now in order: clear their records too
      await client.query('DELETE FROM store.pending_cluster WHERE region_id = $1 AND week = $2', [regionId, week]);
      return true;
    });
    if (clustered) done.push({ regionId, week });
    opts.onProgress?.(i + 1, pending.length);
  }
  return done;
}
