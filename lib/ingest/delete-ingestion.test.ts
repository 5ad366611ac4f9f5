// Deleting one ingestion against brute force: a store that ingested files a, b, c and then
// deleted b must equal, in every aggregate and every answer, a store that only ever ingested a
// and c - whether b's aggregates were compacted with others or still its own rows, with
// compaction after the deletion, and when the deleting process is killed part way and run again.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { generateCsv, tempDir } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { killStoreOpPartWay } from '../testing/kill-child';
import { boxesAround, seedRegions, storeAnswers, storeContent } from '../testing/store-content';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { listRegions } from '../trips/regions';
import { compactAggregates } from './compact';
import { deleteIngestionData } from './delete-ingestion';
import { ingestionWeeks } from './ingestion-weeks';
import { buildStaleRollups, staleRollups } from './similar-rollup';

const dir = tempDir();
const files = {
  a: generateCsv(dir, 'a.csv', 3000, { seed: 11 }),
  // more days: weeks only b holds, whose region_weeks rows must go entirely
  b: generateCsv(dir, 'b.csv', 2500, { seed: 12, days: 91 }),
  c: generateCsv(dir, 'c.csv', 3000, { seed: 13 }),
};
const dbs: TestDatabase[] = [];
let reference: TestDatabase;
let expected: { content: Awaited<ReturnType<typeof storeContent>>; answers: Awaited<ReturnType<typeof storeAnswers>> };
let boxes: string[];
let regionNames: string[];

async function store(): Promise<TestDatabase> {
  const db = await createTestDatabase(inject('pgServerUrl'));
  dbs.push(db);
  await seedRegions(getPool(db.url), Object.values(files));
  return db;
}

async function load(db: TestDatabase, file: string): Promise<number> {
  const r = await ingest(db.url, file);
  expect(r.status).toBe('succeeded');
  return r.jobId;
}

const answersOf = (db: TestDatabase) => storeAnswers(getPool(db.url), boxes, regionNames);

beforeAll(async () => {
  reference = await store();
  await load(reference, files.a);
  await load(reference, files.c);
  const pool = getPool(reference.url);
  boxes = await boxesAround(pool, 16, 3);
  regionNames = (await listRegions(pool)).map((r) => r.name);
  expected = { content: await storeContent(pool), answers: await answersOf(reference) };
  expect(expected.answers.boxAnswers.filter((a) => a.totalTrips > 0).length).toBeGreaterThan(20);
});
afterAll(async () => {
  for (const db of dbs) await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('deleteIngestionData', () => {
  it('removes a compacted ingestion exactly; compaction afterwards changes nothing; the file can be ingested again', async () => {
    const db = await store();
    const pool = getPool(db.url);
    await load(db, files.a);
    const b = await load(db, files.b);
    const weeks = await ingestionWeeks(pool, b);
    expect(weeks.reduce((s, w) => s + w.trips, 0)).toBe(2500); // recorded by the load
    await compactAggregates(pool); // a and b merged into ingestion_id 0 rows
    await load(db, files.c); // c's rows partial

    const result = await deleteIngestionData(pool, b);
    expect(result).toEqual({ partitions: weeks.length, trips: 2500 });
    expect(await storeContent(pool)).toEqual(expected.content);
    expect(await answersOf(db)).toEqual(expected.answers);
    expect(await ingestionWeeks(pool, b)).toEqual([]);

    await compactAggregates(pool);
    expect(await storeContent(pool)).toEqual(expected.content);
    expect(await answersOf(db)).toEqual(expected.answers);

    // no longer a duplicate: ingesting it again loads it in full
    const again = await ingest(db.url, files.b);
    expect(again).toMatchObject({ status: 'succeeded', rowsIngested: 2500 });
  });

  it('marks the similar-trips rollups holding the ingestion stale: exact before and after their rebuild', async () => {
    const db = await store();
    const pool = getPool(db.url);
    await load(db, files.a);
    const b = await load(db, files.b);
    await load(db, files.c);
    await buildStaleRollups(pool);
    expect(await staleRollups(pool)).toEqual([]);
    const bRegions = (await pool.query<{ id: number }>('SELECT DISTINCT region_id AS id FROM store.ingestion_weeks WHERE ingestion_id = $1 ORDER BY 1', [b])).rows.map((r) => r.id);
    expect(bRegions.length).toBeGreaterThan(0);

    await deleteIngestionData(pool, b);
    expect(await staleRollups(pool)).toEqual(bRegions);
    expect(await answersOf(db)).toEqual(expected.answers); // those regions from the weeks
    expect(await buildStaleRollups(pool)).toBe(bRegions.length);
    expect(await staleRollups(pool)).toEqual([]);
    expect(await answersOf(db)).toEqual(expected.answers); // every region from its rollup
  });

  it('a process killed while deleting leaves an exact store; running again finishes the deletion', async () => {
    const db = await store();
    const pool = getPool(db.url);
    await load(db, files.a);
    const b = await load(db, files.b);
    await load(db, files.c); // nothing compacted: b's own rows
    const total = (await ingestionWeeks(pool, b)).length;
    expect(total).toBeGreaterThan(10);

    // at a random point after the first partition committed
    const out = await killStoreOpPartWay('delete', db.url, String(b));
    expect(out).toContain('step 1/');
    expect(out).not.toContain('finished');
    const left = await ingestionWeeks(pool, b);
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(total);

    // Every instant is exact: the aggregates hold the trips present, no more, no less.
    const [sums] = (await pool.query(`SELECT (SELECT count(*) FROM store.trips)::int AS trips,
      (SELECT sum(trips) FROM store.cell_tiles)::int AS tiles, (SELECT sum(coalesce(n, 1)) FROM store.trip_groups, unnest(origins, trips) AS u(o, n))::int AS groups,
      (SELECT sum(trips) FROM store.region_weeks)::int AS weeks, (SELECT sum(trips) FROM store.region_datasources)::int AS datasources`)).rows;
    expect(sums).toEqual({ trips: sums.trips, tiles: 2 * sums.trips, groups: sums.trips, weeks: sums.trips, datasources: sums.trips });
    expect(sums.trips).toBeGreaterThan(6000);
    expect(sums.trips).toBeLessThan(8500);
    expect((await pool.query('SELECT 1 FROM ingested_files WHERE job_id = $1', [b])).rowCount).toBe(1);

    await deleteIngestionData(pool, b);
    expect(await storeContent(pool)).toEqual(expected.content);
    expect(await answersOf(db)).toEqual(expected.answers);
    expect((await pool.query('SELECT 1 FROM ingested_files WHERE job_id = $1', [b])).rowCount).toBe(0);
  });
});
