// Organising partitions: a load writes each partition as sorted runs in map order (one per
// batch), counted in store.region_weeks.runs; a partition is rewritten in one order (CLUSTER)
// only when it gathered more runs than the policy allows and is big enough to matter; partitions
// a load left due stay recorded as pending until maintenance (finishPendingClustering).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hilbert, latToY, lonToX, makeGrid } from '../geo/cells';
import { getPool } from '../db/pool';
import { generateCsv, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { inClusterOrder as clusterOrdered } from '../testing/store-content';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { finishPendingClustering } from './cluster';

let db: TestDatabase;
const dir = tempDir();
const ALWAYS = { maxRuns: 0, minRows: 0, indexRows: 0 };
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

const inClusterOrder = (url: string, table: string) => clusterOrdered(getPool(url), table);

/** Number of sorted runs on disk: rows in origin-cell Hilbert order (the load's order), counted by descents. */
async function sortedRuns(url: string, table: string): Promise<number> {
  const grid = makeGrid(7, 7); // the origin's fine cell (store precision 6 + 1)
  const { rows } = await getPool(url).query<{ lon: number; lat: number }>(
    `SELECT origin_lon AS lon, origin_lat AS lat FROM store.${table} ORDER BY ctid`);
  const z = rows.map((r) => hilbert(lonToX(grid, r.lon), latToY(grid, r.lat)));
  return 1 + z.filter((v, i) => i > 0 && v < z[i - 1]).length;
}

const runsOf = async (url: string, week: string) =>
  (await getPool(url).query<{ runs: number }>('SELECT runs FROM store.region_weeks WHERE region_id = 1 AND week = $1', [week])).rows[0]?.runs;

const pending = async () => (await getPool(db.url).query<{ week: string; job_id: number }>(
  'SELECT week::text, job_id FROM store.pending_cluster ORDER BY week')).rows;

describe('organising partitions', () => {
  it('a load in one batch writes each partition as one sorted run and rewrites nothing', async () => {
    const r = await ingest(db.url, generateCsv(dir, 'one-batch.csv', 20_000, { seed: 3, regions: 1, days: 7, start: '2018-01-01' }));
    expect(r.status).toBe('succeeded');
    expect(await sortedRuns(db.url, 'trips_r1_w20180101')).toBe(1);
    expect(await runsOf(db.url, '2018-01-01')).toBe(1);
    expect(await inClusterOrder(db.url, 'trips_r1_w20180101')).toBe(false); // not rewritten
    expect(await pending()).toEqual([]);
  });

  it('small batches write one run per batch, counted per partition', async () => {
    const r = await ingest(db.url, generateCsv(dir, 'batches.csv', 4_000, { seed: 8, regions: 1, days: 7, start: '2018-02-05' }), { chunkSize: 1_000 });
    expect(r.status).toBe('succeeded');
    expect(await runsOf(db.url, '2018-02-05')).toBe(4);
    expect(await sortedRuns(db.url, 'trips_r1_w20180205')).toBeLessThanOrEqual(4);
    expect(await sortedRuns(db.url, 'trips_r1_w20180205')).toBeGreaterThan(1);
  });

  it('rewrites a partition once it holds more runs than allowed, then counts it as one run', async () => {
    const week = '2018-03-05';
    const policy = { maxRuns: 2, minRows: 0, indexRows: 0 };
    for (const seed of [11, 12]) {
      const r = await ingest(db.url, generateCsv(dir, `runs-${seed}.csv`, 1_000, { seed, regions: 1, days: 7, start: week }), { organise: policy });
      expect(r.status).toBe('succeeded');
    }
    expect(await runsOf(db.url, week)).toBe(2);
    expect(await inClusterOrder(db.url, 'trips_r1_w20180305')).toBe(false);
    const third = await ingest(db.url, generateCsv(dir, 'runs-13.csv', 1_000, { seed: 13, regions: 1, days: 7, start: week }), { organise: policy });
    expect(third.status).toBe('succeeded');
    expect(await inClusterOrder(db.url, 'trips_r1_w20180305')).toBe(true);
    expect(await runsOf(db.url, week)).toBe(1);
    expect(await pending()).toEqual([]);
  });

  it('never rewrites partitions smaller than minRows, however many runs they hold', async () => {
    const week = '2018-04-02';
    for (const seed of [21, 22, 23]) {
      await ingest(db.url, generateCsv(dir, `small-${seed}.csv`, 500, { seed, regions: 1, days: 7, start: week }), { organise: { maxRuns: 1, minRows: 2_000, indexRows: 0 } });
    }
    expect(await runsOf(db.url, week)).toBe(3);
    expect(await inClusterOrder(db.url, 'trips_r1_w20180402')).toBe(false);
  });

  it('indexes a partition (BRIN on the origin, B-trees on the destination and origin blocks, analysed) once it reaches indexRows, without rewriting it; smaller ones get none', async () => {
    const week = '2018-05-07';
    const policy = { maxRuns: 8, minRows: 0, indexRows: 1_500 };
    const index = async (like: string) => (await getPool(db.url).query(
      "SELECT 1 FROM pg_indexes WHERE schemaname = 'store' AND tablename = 'trips_r1_w20180507' AND indexdef LIKE $1", [like])).rowCount;
    // statistics of both block keys (gathered by an ANALYZE once the indexes exist)
    const keyStats = async () => (await getPool(db.url).query(
      "SELECT 1 FROM pg_stats WHERE schemaname = 'store' AND tablename IN ('trips_r1_w20180507_dest_block', 'trips_r1_w20180507_origin_block')")).rowCount;
    await ingest(db.url, generateCsv(dir, 'idx-1.csv', 1_000, { seed: 31, regions: 1, days: 7, start: week }), { organise: policy });
    expect([await index('%USING brin%'), await index('%dest_lon%'), await index('%btree%origin_lon%'), await keyStats()]).toEqual([0, 0, 0, 0]);
    await ingest(db.url, generateCsv(dir, 'idx-2.csv', 1_000, { seed: 32, regions: 1, days: 7, start: week }), { organise: policy });
    expect([await index('%USING brin%'), await index('%USING btree%dest_lon%dest_lat%'), await index('%USING btree%origin_lon%origin_lat%'), await keyStats()]).toEqual([1, 1, 1, 2]);
    expect(await inClusterOrder(db.url, 'trips_r1_w20180507')).toBe(false);
    expect(await runsOf(db.url, week)).toBe(2);
    expect(await pending()).toEqual([]);
  });

  it('two clusterings of the same partition at once both finish (no lock-upgrade deadlock)', async () => {
    const pool = getPool(db.url);
    const cluster = () => pool.query('SELECT store.cluster_trip_partition($1::int2, $2::date)', [1, '2018-01-01']);
    for (let i = 0; i < 5; i++) await Promise.all([cluster(), cluster()]);
    expect(await inClusterOrder(db.url, 'trips_r1_w20180101')).toBe(true);
  });

  it('a load left unorganised is recorded as pending, and maintenance clusters it and clears the record', async () => {
    const pool = getPool(db.url);
    const r = await ingest(db.url, generateCsv(dir, 'later.csv', 8_000, { seed: 4, regions: 1, days: 14, start: '2019-01-07' }), { cluster: false, organise: ALWAYS });
    expect(r.status).toBe('succeeded');
    expect(await pending()).toEqual([{ week: '2019-01-07', job_id: r.jobId }, { week: '2019-01-14', job_id: r.jobId }]);
    expect(await inClusterOrder(db.url, 'trips_r1_w20190107')).toBe(false);

    expect(await finishPendingClustering(pool)).toEqual([{ regionId: 1, week: '2019-01-07' }, { regionId: 1, week: '2019-01-14' }]);
    expect(await inClusterOrder(db.url, 'trips_r1_w20190107')).toBe(true);
    expect(await inClusterOrder(db.url, 'trips_r1_w20190114')).toBe(true);
    expect(await pending()).toEqual([]);
    expect(await finishPendingClustering(pool)).toEqual([]); // nothing left to do
  });

  it('a small load into an existing partition leaves it alone, statistics included', async () => {
    const analysed = async () => (await getPool(db.url).query<{ at: string | null }>(
      "SELECT last_analyze::text AS at FROM pg_stat_user_tables WHERE schemaname = 'store' AND relname = 'trips_r1_w20180101'")).rows[0].at;
    const before = await analysed();
    expect(before).not.toBeNull(); // the 20,000-row load analysed it
    const small = await ingest(db.url, writeCsv(dir, 'one.csv',
      'region,origin_coord,destination_coord,datetime,datasource\nPrague,POINT (14.4 50.1),POINT (14.5 50.0),2018-01-03 10:00:00,x\n'));
    expect(small.status).toBe('succeeded');
    expect(await pending()).toEqual([]);
    expect(await runsOf(db.url, '2018-01-01')).toBe(2);
    expect(await analysed()).toBe(before); // one row of 20,001: not worth new statistics
  });

  it('a partition indexed before the origin block index existed is queued by its migration and gets it from maintenance', async () => {
    const pool = getPool(db.url);
    const originBlock = async () => (await pool.query(
      "SELECT 1 FROM pg_indexes WHERE schemaname = 'store' AND indexname = 'trips_r1_w20180507_origin_block'")).rowCount;
    await pool.query('DROP INDEX store.trips_r1_w20180507_origin_block'); // as a store indexed before it
    expect(await originBlock()).toBe(0);
    const migration = path.join(process.cwd(), 'prisma/migrations/20261206100000_origin_block_index/migration.sql');
    await pool.query(fs.readFileSync(migration, 'utf8'));
    const queued = await pending();
    expect(queued).toContainEqual({ week: '2018-05-07', job_id: 0 });
    // only partitions that had their indexes (an origin BRIN) are queued
    const { rows: [{ unindexed }] } = await pool.query<{ unindexed: number }>(
      `SELECT count(*)::int AS unindexed FROM store.pending_cluster
       WHERE to_regclass('store.' || store.trip_partition_name(region_id, week) || '_origin_brin') IS NULL`);
    expect(unindexed).toBe(0);
    await finishPendingClustering(pool);
    expect(await originBlock()).toBe(1);
    expect(await pending()).toEqual([]);
  });

  it('records which partitions have their block indexes, as organising makes them and as the migration finds them', async () => {
    const pool = getPool(db.url);
    const flags = async () => (await pool.query<{ week: string; block_indexed: boolean }>(
      'SELECT week::text, block_indexed FROM store.region_weeks ORDER BY region_id, week')).rows;
    const hasBoth = async () => (await pool.query<{ week: string; both: boolean }>(
      `SELECT week::text, to_regclass('store.' || store.trip_partition_name(region_id, week) || '_origin_block') IS NOT NULL
                      AND to_regclass('store.' || store.trip_partition_name(region_id, week) || '_dest_block') IS NOT NULL AS both
       FROM store.region_weeks ORDER BY region_id, week`)).rows.map((r) => ({ week: r.week, block_indexed: r.both }));
    // a partition below indexRows (a default load of 2,000 rows) has none, one organised has both
    await ingest(db.url, generateCsv(dir, 'small.csv', 2_000, { seed: 9, regions: 1, days: 7, start: '2018-06-04' }));
    const organised = await flags();
    expect(organised).toContainEqual({ week: '2018-06-04', block_indexed: false });
    expect(organised).toContainEqual({ week: '2018-05-07', block_indexed: true });
    expect(organised).toEqual(await hasBoth());
    // the migration's backfill of a store organised before the flag existed finds the same
    await pool.query('UPDATE store.region_weeks SET block_indexed = false');
    const migration = fs.readFileSync(path.join(process.cwd(), 'prisma/migrations/20261207100000_block_indexed/migration.sql'), 'utf8');
    await pool.query(migration.slice(migration.indexOf('UPDATE store.region_weeks')));
    expect(await flags()).toEqual(organised);
  });
});
