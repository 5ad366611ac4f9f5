// Loads write each partition as a few runs sorted in map order (see trip-sink.ts), counted in
// store.region_weeks.runs. A partition that gathered too many runs (many small loads) is
// rewritten in one map order (store.cluster_trip_partition), one short transaction each, so
// box edge strips read few blocks. A partition of at least indexRows rows gets its indexes: a
// BRIN on the origin and a B-tree on each end's block (lib/geo/end-block.ts). Only speed
// depends on it: answers are exact either way.
// The load records the partitions due in
// store.pending_cluster (in its own transaction); each is cleared as it is clustered, so work
// cut short by a crash is finished by the job's retry or by maintenance (finishPendingClustering).
import pMap from 'p-map';
import type pg from 'pg';
import { DATABASE_PARALLELISM } from '../db/parallelism';
import { withTransaction } from '../db/pool';
import { DEFAULT_ORGANISE, type OrganisePolicy } from '../env/ingest-defaults';
import { BLOCK_INDEX_SUFFIX, blockIndexSql } from '../geo/end-block';
import { analyseTripPartitions } from './ingestion-weeks';
import { readStoreSettings, type StoreSettings } from './store-settings';

export interface PartitionKey {
  regionId: number;
  week: string;
  /** rows this load wrote to the partition */
  rows: number;
  /** sorted runs this load wrote to the partition (one per batch that touched it) */
  runs: number;
}

/** A partition due for organising: rewrite in one map order (and index), or only index it. */
export interface DuePartition extends PartitionKey {
  rewrite: boolean;
}

export { DEFAULT_ORGANISE, type OrganisePolicy } from '../env/ingest-defaults';

/**
 * Adds this load's runs to the partitions' counts (store.region_weeks.runs, in the load's
 * transaction, after the aggregates made the rows) and returns the partitions now due: those
 * of at least minRows rows with more than maxRuns runs (rewrite), and those of at least indexRows
 * rows without their BRIN index yet (index).
 */
export async function partitionsToCluster(
  client: pg.PoolClient, touched: PartitionKey[], policy: OrganisePolicy = DEFAULT_ORGANISE,
): Promise<DuePartition[]> {
  if (!touched.length) return [];
  const sorted = [...touched].sort((a, b) => a.regionId - b.regionId || (a.week < b.week ? -1 : 1));
  const { rows } = await client.query<{ region_id: number; week: string; runs: number; trips: number; block_indexed: boolean }>(
    `UPDATE store.region_weeks r SET runs = r.runs + t.runs
     FROM unnest($1::int2[], $2::date[], $3::int4[]) AS t(region_id, week, runs)
     WHERE r.region_id = t.region_id AND r.week = t.week
     RETURNING r.region_id, r.week::text AS week, r.runs, r.trips, r.block_indexed`,
    [sorted.map((t) => t.regionId), sorted.map((t) => t.week), sorted.map((t) => t.runs)]);
  // apart from the UPDATE: catalog lookups stay on the server the app talks to (with Citus, the
  // coordinator; a RETURNING clause would run on the workers holding the rows)
  const { rows: indexed } = await client.query<{ unindexed: boolean }>(
    `SELECT to_regclass('store.' || store.trip_partition_name(r, w) || '_origin_brin') IS NULL
         OR to_regclass('store.' || store.trip_partition_name(r, w) || $3) IS NULL
         OR to_regclass('store.' || store.trip_partition_name(r, w) || $4) IS NULL AS unindexed
     FROM unnest($1::int2[], $2::date[]) WITH ORDINALITY AS k(r, w, i) ORDER BY i`,
    [rows.map((r) => r.region_id), rows.map((r) => r.week), BLOCK_INDEX_SUFFIX.destination, BLOCK_INDEX_SUFFIX.origin]);
  // A region's first rows in a partition organised before (the week layout's partitions hold
  // every region of their week) have its indexes already: recorded here, as organising would.
  const found = rows.filter((r, i) => !indexed[i].unindexed && !r.block_indexed);
  if (found.length) {
    await client.query(
      `UPDATE store.region_weeks r SET block_indexed = true FROM unnest($1::int2[], $2::date[]) AS t(region_id, week)
       WHERE r.region_id = t.region_id AND r.week = t.week`, [found.map((r) => r.region_id), found.map((r) => r.week)]);
  }
  const due = new Map(rows
    .map((r, i) => ({ ...r, unindexed: indexed[i].unindexed, rewrite: r.trips >= policy.minRows && r.runs > policy.maxRuns }))
    .filter((r) => r.rewrite || (r.unindexed && r.trips >= policy.indexRows))
    .map((r) => [`${r.region_id}|${r.week}`, r.rewrite]));
  return sorted.filter((t) => due.has(`${t.regionId}|${t.week}`)).map((t) => ({ ...t, rewrite: due.get(`${t.regionId}|${t.week}`)! }));
}

/** Records, inside the load's transaction, the partitions that still need organising. */
export async function recordPendingClustering(client: pg.PoolClient, jobId: number, keys: DuePartition[]): Promise<void> {
  if (!keys.length) return;
  await client.query(
    `INSERT INTO store.pending_cluster AS p (region_id, week, job_id, rewrite)
     SELECT r, w, $3, x FROM unnest($1::int2[], $2::date[], $4::bool[]) AS k(r, w, x)
     ON CONFLICT (region_id, week, job_id) DO UPDATE SET rewrite = p.rewrite OR EXCLUDED.rewrite`,
    [keys.map((k) => k.regionId), keys.map((k) => k.week), jobId, keys.map((k) => k.rewrite)]);
}

export interface PendingPartition {
  regionId: number;
  week: string;
}

/**
 * Clusters the pending partitions (all of them, or those of one job) in map order, each in one
 * transaction that also clears its records, then analyses them. A partition that another process clustered
 * meanwhile is skipped (its records are locked first, then found gone). Returns those clustered.
 */
export async function finishPendingClustering(
  pool: pg.Pool,
  opts: { jobId?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PendingPartition[]> {
  const { rows: pending } = await pool.query<{ region_id: number; week: string; rewrite: boolean }>(
    `SELECT region_id, week, bool_or(rewrite) AS rewrite FROM store.pending_cluster WHERE $1::int4 IS NULL OR job_id = $1
     GROUP BY region_id, week ORDER BY region_id, week`, [opts.jobId ?? null]);
  const settings = pending.length ? await readStoreSettings(pool) : null;
  let finished = 0;
  // Each partition is its own transaction under its own records' locks: several at once keep the
  // database's cores busy (index builds, CLUSTER) after a load.
  const organised = await pMap(pending, async ({ region_id: regionId, week }): Promise<PendingPartition | null> => {
    const clustered = await withTransaction(pool, async (client) => {
      const still = await client.query<{ rewrite: boolean }>(
        'SELECT rewrite FROM store.pending_cluster WHERE region_id = $1 AND week = $2 FOR UPDATE', [regionId, week]);
      if (!still.rowCount) return false;
      if (still.rows.some((r) => r.rewrite)) {
        await client.query('SELECT store.cluster_trip_partition($1::int2, $2::date)', [regionId, week]);
        await client.query('UPDATE store.region_weeks SET runs = 1 WHERE region_id = $1 AND week = $2', [regionId, week]);
      } else {
        await client.query('SELECT store.index_trip_partition($1::int2, $2::date)', [regionId, week]);
      }
      // after the rewrite (whose lock comes first: no upgrade from this index's SHARE lock)
      await indexBlocks(client, settings, regionId, week);
      // every load committed before this got its lock is organised too: clear their records
      await client.query('DELETE FROM store.pending_cluster WHERE region_id = $1 AND week = $2', [regionId, week]);
      return true;
    });
    opts.onProgress?.(++finished, pending.length);
    return clustered ? { regionId, week } : null;
  }, { concurrency: DATABASE_PARALLELISM });
  const done = organised.filter((p): p is PendingPartition => p !== null);
  // new block indexes have no statistics before their table's next ANALYZE (the planner would not use them)
  await analyseTripPartitions(pool, done);
  return done;
}

/**
 * Makes the partition's B-trees on the destination and origin blocks (lib/geo/end-block.ts) it
 * lacks: a scan and sort each, SHARE lock (reads go on). Their keys' statistics come with the
 * ANALYZE that ends finishPendingClustering.
 */
async function indexBlocks(client: pg.PoolClient, settings: StoreSettings | null, regionId: number, week: string): Promise<void> {
  if (!settings) return;
  const { rows: [{ name, wholeWeek }] } = await client.query<{ name: string | null; wholeWeek: boolean }>(
    `SELECT CASE WHEN to_regclass('store.' || n) IS NOT NULL THEN n END AS name, store.trip_layout() = 'week' AS "wholeWeek"
     FROM store.trip_partition_name($1::int2, $2::date) AS n`,
    [regionId, week]);
  if (!name) return;
  for (const end of ['destination', 'origin'] as const) await client.query(blockIndexSql(settings.fine, end, name));
  // Reads list block keys where the indexes are (store.region_weeks.block_indexed); in the week
  // layout the partition is every region's of the week. (The layout is looked up above, with the
  // catalog: with Citus, on the coordinator.)
  await client.query('UPDATE store.region_weeks SET block_indexed = true WHERE week = $1 AND (region_id = $2 OR $3) AND NOT block_indexed',
    [week, regionId, wholeWeek]);
}
