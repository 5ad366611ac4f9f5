// The similar-trips rollup (store.trip_group_totals): per region, the groups of two or more
// trips summed over every week, at the store's precision and bucket, in chunks of one size and
// nearby origins, so the default window's top K reads the largest sizes only and a box only the
// chunks its cells meet (lib/trips/similar-trips.ts).
//
// Exact at every instant: store.trip_group_rollups.version is bumped by every writer of a
// region's trip_groups sums in its own transaction (bumpRollupVersions: loads, deletions,
// retention), and a build records the version it read in the same snapshot as the sums. A
// region whose built_version differs is read from trip_groups, as before, until maintenance
// rebuilds it (buildStaleRollups); a load rebuilds those it changed in its own transaction
// (buildRollupsInLoad). Compaction merges rows without changing sums: no bump.
import pMap from 'p-map';
import type pg from 'pg';
import { DATABASE_PARALLELISM } from '../db/parallelism';
import { cellXSql, cellYSql, groupTripsSql } from '../geo/cell-key';

/** A group is at least two trips: one trip is not a pattern. */
export const MIN_GROUP_TRIPS = 2;

/** Groups per stored chunk (in origin order: a chunk covers a few cell columns of a city). */
const CHUNK_GROUPS = 1024;

/**
 * In the transaction that changes trip_groups sums of these regions: their rollups are no
 * longer current. Sorted, so concurrent writers lock the rows in the same order.
 */
export async function bumpRollupVersions(client: pg.ClientBase, regionIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(regionIds)].sort((a, b) => a - b);
  if (!ids.length) return;
  await client.query(
    `INSERT INTO store.trip_group_rollups AS r (region_id, version) SELECT unnest($1::int2[]), 1
     ON CONFLICT (region_id) DO UPDATE SET version = r.version + 1`, [ids]);
}

/**
 * The regions' change counters (the versions bumpRollupVersions moves), as one comparable
 * string: equal before and after a set of reads, no writer changed the regions' trips in between.
 */
export async function readTripVersions(db: pg.Pool | pg.ClientBase, regionIds: number[]): Promise<string> {
  const { rows } = await db.query<{ v: string | null }>(
    `SELECT string_agg(region_id || ':' || version, ',' ORDER BY region_id) AS v FROM store.trip_group_rollups WHERE region_id = ANY($1::int2[])`,
    [regionIds]);
  return rows[0]?.v ?? '';
}

// The groups of >= MIN_GROUP_TRIPS of one region over all weeks, cut in chunks of one size each,
// in origin cell order within the size (cell keys order by column, then row).
const BUILD = `
  WITH sums AS (
    SELECT u.o, u.d, g.bucket, sum(${groupTripsSql('u.n')})::int4 AS n
    FROM store.trip_groups g, unnest(g.origins, g.destinations, g.trips) AS u(o, d, n)
    WHERE g.region_id = $1
    GROUP BY 1, 2, 3
    HAVING sum(${groupTripsSql('u.n')}) >= ${MIN_GROUP_TRIPS}),
  cut AS (
    SELECT o, d, bucket, n, (row_number() OVER (PARTITION BY n ORDER BY o, d, bucket) - 1) / ${CHUNK_GROUPS} AS chunk
    FROM sums)
  INSERT INTO store.trip_group_totals (region_id, trips, chunk, ox0, ox1, oy0, oy1, origins, destinations, buckets)
  SELECT $1, n, chunk, min(${cellXSql('o')}), max(${cellXSql('o')}), min(${cellYSql('o')}), max(${cellYSql('o')}),
         array_agg(o ORDER BY o, d, bucket), array_agg(d ORDER BY o, d, bucket), array_agg(bucket ORDER BY o, d, bucket)
  FROM cut GROUP BY n, chunk`;

/**
 * Rebuilds one region's rollup from its trip_groups. Returns false when it was left as it was:
 * another build holds the region, or a writer changed it meanwhile (still stale: next run).
 */
async function buildRollup(pool: pg.Pool, regionId: number): Promise<boolean> {
  const client = await pool.connect();
  try {
    // One snapshot for the version and the sums; a writer's bump after it fails the upsert below.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    // Before the snapshot (LOCK takes none): a maintenance run's rewrite of trip_groups
    // (reclaim.ts) cannot swap in a table whose rows this snapshot would not see.
    await client.query('LOCK TABLE store.trip_groups IN ACCESS SHARE MODE');
    const built = await rebuild(client, regionId);
    await client.query(built ? 'COMMIT' : 'ROLLBACK');
    return built;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((err as { code?: string }).code === '40001') return false; // a writer got there first
    throw err;
  } finally {
    client.release();
  }
}

/**
 * In a load's transaction, after its trip_groups rows and its bumpRollupVersions: rebuilds the
 * rollups of the regions it changed, so they commit with the load and its similar trips never
 * fall back to the weeks (seconds under load). Exact in READ COMMITTED: the bump's row lock,
 * held until the commit, keeps every other writer of these regions' sums waiting, so the
 * version read here and the sums the build reads stay together. A region another build holds
 * is left stale (maintenance rebuilds it; waiting for it could deadlock on that row lock).
 * Returns the regions rebuilt.
 */
export async function buildRollupsInLoad(client: pg.PoolClient, regionIds: Iterable<number>): Promise<number[]> {
  const built: number[] = [];
  for (const regionId of [...new Set(regionIds)].sort((a, b) => a - b)) {
    if (await rebuild(client, regionId)) built.push(regionId);
  }
  return built;
}

/** In the caller's transaction: the region's rollup rebuilt and marked current, unless another build holds it. */
async function rebuild(client: pg.PoolClient, regionId: number): Promise<boolean> {
  const { rows: [lock] } = await client.query<{ ok: boolean }>(
    'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [`similar-rollup:${regionId}`]);
  if (!lock.ok) return false;
  const { rows } = await client.query<{ version: number }>('SELECT version FROM store.trip_group_rollups WHERE region_id = $1', [regionId]);
  const version = rows[0]?.version ?? 0;
  await client.query('DELETE FROM store.trip_group_totals WHERE region_id = $1', [regionId]);
  await client.query(BUILD, [regionId]);
  await client.query(
    `INSERT INTO store.trip_group_rollups AS r (region_id, version, built_version) VALUES ($1, $2, $2)
     ON CONFLICT (region_id) DO UPDATE SET built_version = $2`, [regionId, version]);
  return true;
}

/** Regions with trips or a rollup whose rollup is missing or not current, by id. */
export async function staleRollups(db: pg.Pool): Promise<number[]> {
  const { rows } = await db.query<{ region_id: number }>(
    `SELECT w.region_id FROM (SELECT region_id FROM store.region_weeks UNION SELECT region_id FROM store.trip_group_rollups) w
     LEFT JOIN store.trip_group_rollups r ON r.region_id = w.region_id
     WHERE r.region_id IS NULL OR r.built_version IS DISTINCT FROM r.version
     ORDER BY 1`);
  return rows.map((r) => r.region_id);
}

/** Rebuilds every stale rollup (maintenance); returns the regions rebuilt. */
export async function buildStaleRollups(pool: pg.Pool, onProgress?: (done: number, total: number) => void): Promise<number> {
  const stale = await staleRollups(pool);
  let done = 0;
  const built = await pMap(stale, async (regionId) => {
    const ok = await buildRollup(pool, regionId);
    onProgress?.(++done, stale.length);
    return ok;
  }, { concurrency: DATABASE_PARALLELISM }); // independent builds: own transaction, own region lock (10 regions at 10M: 7.7 -> 4.2 s)
  return built.filter(Boolean).length;
}
