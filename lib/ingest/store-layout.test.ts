// The two trips layouts (STORE_LAYOUT): 'region-week' (LIST region -> RANGE week) and 'week'
// (RANGE week only, every region in one partition: the layout Citus distributes by region_id).
// The same files loaded into both give the same store and the same answers; the raw-trip filter
// of the queries (region_id = ANY, started_at window) prunes to the window's weeks in both; the
// layout is recorded at the first start and fixed afterwards. The exactness suites also run
// whole on 'week' (vitest project week-layout, TEST_STORE_LAYOUT=week).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../db/migrate';
import { getPool } from '../db/pool';
import { applyStoreLayout, readStoreLayout, type StoreLayout } from '../db/store-layout';
import { generateCsv, tempDir } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { boxesAround, seedRegions, storeAnswers, storeContent } from '../testing/store-content';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { listRegions } from '../trips/regions';
import { compactAggregates } from './compact';
import { deleteIngestionData } from './delete-ingestion';
import { dropWeeksBefore } from './retention';
import { storeHealth } from './store-health';

const dir = tempDir();
const files = [generateCsv(dir, 'a.csv', 2500, { seed: 31 }), generateCsv(dir, 'b.csv', 2000, { seed: 32 })];
const dbs: TestDatabase[] = [];
const stores = {} as Record<StoreLayout, TestDatabase>;

async function database(opts: Parameters<typeof createTestDatabase>[1]): Promise<TestDatabase> {
  const db = await createTestDatabase(inject('pgServerUrl'), opts);
  dbs.push(db);
  return db;
}

/** Leaf partitions of store.trips and the partitioning of its parents. */
async function partitionTree(url: string) {
  const { rows } = await getPool(url).query<{ name: string; leaf: boolean; strategy: string | null; level: number }>(
    `SELECT c.relname AS name, t.isleaf AS leaf, pt.partstrat AS strategy, t.level
     FROM pg_partition_tree('store.trips') t JOIN pg_class c ON c.oid = t.relid
     LEFT JOIN pg_partitioned_table pt ON pt.partrelid = t.relid ORDER BY c.relname`);
  return rows;
}

/** The trips tables a query of the read API's raw-trip shape reads (EXPLAIN with the values). */
async function scannedPartitions(url: string, regions: number[], from: string, to: string): Promise<string[]> {
  const { rows } = await getPool(url).query<{ 'QUERY PLAN': unknown }>(
    `EXPLAIN (FORMAT JSON)
     SELECT date_trunc('week', started_at)::date::text AS week, count(*)::int8 AS trips
     FROM store.trips WHERE region_id = ANY($1::int2[]) AND started_at >= $2::timestamp AND started_at < $3::timestamp
     GROUP BY 1`, [regions, from, to]);
  const names = new Set<string>();
  const visit = (node: Record<string, unknown>) => {
    if (typeof node['Relation Name'] === 'string') names.add(node['Relation Name']);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) visit(child);
  };
  visit((rows[0]['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0].Plan);
  return [...names].sort();
}

beforeAll(async () => {
  for (const layout of ['region-week', 'week'] as const) {
    const db = await database({ layout });
    await seedRegions(getPool(db.url), files);
    expect((await ingest(db.url, files[0])).status).toBe('succeeded');
    await compactAggregates(getPool(db.url));
    expect((await ingest(db.url, files[1])).status).toBe('succeeded');
    stores[layout] = db;
  }
});
afterAll(async () => {
  for (const db of dbs) await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('store layouts', () => {
  it("'week' partitions store.trips by ISO week only: one trips_w<Monday> per week, holding every region", async () => {
    const tree = await partitionTree(stores.week.url);
    expect(tree.find((p) => p.name === 'trips')).toMatchObject({ level: 0, strategy: 'r', leaf: false });
    const leaves = tree.filter((p) => p.leaf);
    expect(leaves.length).toBeGreaterThan(5);
    expect(leaves.every((p) => /^trips_w\d{8}$/.test(p.name) && p.level === 1)).toBe(true);
    const { rows } = await getPool(stores.week.url).query<{ regions: number }>(
      'SELECT count(DISTINCT region_id)::int AS regions FROM store.trips_w20180108');
    expect(rows[0].regions).toBe(4);
    expect(await readStoreLayout(getPool(stores.week.url))).toBe('week');
  });

  it("'region-week' keeps two levels: trips_r<region> by LIST, trips_r<region>_w<Monday> by RANGE", async () => {
    const tree = await partitionTree(stores['region-week'].url);
    expect(tree.find((p) => p.name === 'trips')).toMatchObject({ strategy: 'l' });
    expect(tree.filter((p) => p.level === 1).every((p) => /^trips_r\d+$/.test(p.name) && p.strategy === 'r')).toBe(true);
    expect(tree.filter((p) => p.leaf).every((p) => /^trips_r\d+_w\d{8}$/.test(p.name))).toBe(true);
  });

  it('the same files give the same store and the same answers in both layouts', async () => {
    const a = getPool(stores['region-week'].url);
    const b = getPool(stores.week.url);
    const boxes = await boxesAround(a, 12, 3);
    const regionNames = (await listRegions(a)).map((r) => r.name);
    expect(await storeContent(b)).toEqual(await storeContent(a));
    expect(await storeAnswers(b, boxes, regionNames)).toEqual(await storeAnswers(a, boxes, regionNames));
  });

  it('raw-trip reads are pruned to the weeks of the window (and, in region-week, to the regions)', async () => {
    expect(await scannedPartitions(stores.week.url, [1, 2], '2018-01-10', '2018-01-24'))
      .toEqual(['trips_w20180108', 'trips_w20180115', 'trips_w20180122']);
    expect(await scannedPartitions(stores['region-week'].url, [2], '2018-01-10', '2018-01-24'))
      .toEqual(['trips_r2_w20180108', 'trips_r2_w20180115', 'trips_r2_w20180122']);
  });

  it('store health lists one row per week partition in the week layout, with every region\'s trips', async () => {
    const health = await storeHealth(getPool(stores.week.url));
    const { rows } = await getPool(stores.week.url).query<{ week: string; trips: number }>(
      'SELECT week::text, sum(trips)::int8 AS trips FROM store.region_weeks GROUP BY 1 ORDER BY 1');
    expect(health.partitions.map((p) => [p.region, p.week, Number(p.trips)]))
      .toEqual(rows.map((r) => ['all regions', r.week, Number(r.trips)]));
  });

  it('deleting an ingestion and dropping weeks give the same store in both layouts', async () => {
    for (const layout of ['region-week', 'week'] as const) {
      const pool = getPool(stores[layout].url);
      const { rows: [job] } = await pool.query<{ id: number }>('SELECT min(job_id) AS id FROM ingested_files');
      await deleteIngestionData(pool, job.id);
      await dropWeeksBefore(pool, '2018-01-17');
    }
    const a = getPool(stores['region-week'].url);
    const b = getPool(stores.week.url);
    const content = await storeContent(a);
    expect(content.trips.length).toBeGreaterThan(0);
    expect(await storeContent(b)).toEqual(content);
    expect((await partitionTree(stores.week.url)).filter((p) => p.leaf).map((p) => p.name)).not.toContain('trips_w20180108');
  });

  it('the layout is recorded at the first start and fixed afterwards', async () => {
    expect(await applyStoreLayout(stores.week.url, 'region-week')).toBe('week');
    expect(await applyStoreLayout(stores['region-week'].url, 'week')).toBe('region-week');
    // a store that got partitions before any layout was recorded keeps the region-week layout
    const old = await database({ migrated: false });
    await migrate(old.url);
    await getPool(old.url).query("SELECT store.ensure_trip_partition(1::int2, '2018-01-01'::date)");
    expect(await applyStoreLayout(old.url, 'week')).toBe('region-week');
    expect((await partitionTree(old.url)).map((p) => p.name)).toContain('trips_r1_w20180101');
    await expect(applyStoreLayout(old.url, 'weekly' as StoreLayout)).rejects.toThrow('unknown store layout');
  });
});
