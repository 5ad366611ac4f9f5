// Retention against brute force: a store whose old weeks were dropped must equal, in every
// aggregate and answer, a store that never held those weeks' rows - also when the dropping
// process is killed part way (each week is then fully present or fully gone) and run again.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { generateCsv, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { killStoreOpPartWay } from '../testing/kill-child';
import { boxesAround, seedRegions, storeAnswers, storeContent } from '../testing/store-content';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { listRegions } from '../trips/regions';
import { compactAggregates } from './compact';
import { runMaintenance } from './maintain';
import { dropWeeksBefore, mondayOnOrBefore, retentionCutoff, weeksBefore } from './retention';
import { buildStaleRollups, staleRollups } from './similar-rollup';

const dir = tempDir();
const files = [generateCsv(dir, 'a.csv', 3000, { seed: 21 }), generateCsv(dir, 'b.csv', 3000, { seed: 22 })];
const CUTOFF = '2018-02-14'; // a Wednesday: weeks before Monday 2018-02-12 go
const dbs: TestDatabase[] = [];
let expected: { content: Awaited<ReturnType<typeof storeContent>>; answers: Awaited<ReturnType<typeof storeAnswers>> };
let boxes: string[];
let regionNames: string[];

async function store(): Promise<TestDatabase> {
  const db = await createTestDatabase(inject('pgServerUrl'));
  dbs.push(db);
  await seedRegions(getPool(db.url), files);
  return db;
}

/** a and b, with b loaded after a compaction (compacted and partial rows both present) */
async function fullStore(): Promise<TestDatabase> {
  const db = await store();
  expect((await ingest(db.url, files[0])).status).toBe('succeeded');
  await compactAggregates(getPool(db.url));
  expect((await ingest(db.url, files[1])).status).toBe('succeeded');
  return db;
}

const answersOf = (db: TestDatabase) => storeAnswers(getPool(db.url), boxes, regionNames);

beforeAll(async () => {
  // brute force: the same files without the rows of the dropped weeks
  const reference = await store();
  for (const [i, file] of files.entries()) {
    const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const kept = lines.filter((l) => l.split(',').at(-2)! >= '2018-02-12');
    expect(kept.length).toBeLessThan(lines.length * 0.8);
    expect((await ingest(reference.url, writeCsv(dir, `kept-${i}.csv`, [header, ...kept].join('\n') + '\n'))).status).toBe('succeeded');
  }
  const pool = getPool(reference.url);
  boxes = await boxesAround(pool, 16, 5);
  regionNames = (await listRegions(pool)).map((r) => r.name);
  expected = { content: await storeContent(pool), answers: await answersOf(reference) };
});
afterAll(async () => {
  for (const db of dbs) await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('retention', () => {
  it('snaps dates to the Monday on or before them, and keeps the current week plus weeks - 1', () => {
    expect(mondayOnOrBefore('2018-02-14')).toBe('2018-02-12');
    expect(mondayOnOrBefore('2018-02-12')).toBe('2018-02-12');
    expect(mondayOnOrBefore('2018-02-11')).toBe('2018-02-05');
    expect(mondayOnOrBefore('2021-01-01')).toBe('2020-12-28'); // ISO week 53 of 2020
    expect(retentionCutoff(1, '2018-02-14')).toBe('2018-02-12');
    expect(retentionCutoff(3, '2018-02-12')).toBe('2018-01-29');
  });

  it('maintenance drops the old weeks: the store equals one that never held them; compaction after changes nothing', async () => {
    const db = await fullStore();
    const pool = getPool(db.url);
    const old = await weeksBefore(pool, '2018-02-12');
    expect(old).toEqual(['2018-01-01', '2018-01-08', '2018-01-15', '2018-01-22', '2018-01-29', '2018-02-05']);
    const result = await runMaintenance(pool, { dropBefore: CUTOFF });
    expect(result.retention).toMatchObject({ cutoff: '2018-02-12', weeks: old });
    expect(await weeksBefore(pool, '2018-02-12')).toEqual([]);
    expect(await storeContent(pool)).toEqual(expected.content);
    expect(await answersOf(db)).toEqual(expected.answers);
    await compactAggregates(pool);
    expect(await storeContent(pool)).toEqual(expected.content);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'trips\\_r%\\_w2018010%'`);
    expect(rows[0].n).toBe(0); // the partitions are gone, not just emptied
    // a load into a dropped week makes its partition again
    expect((await ingest(db.url, writeCsv(dir, 'late.csv',
      'region,origin_coord,destination_coord,datetime,datasource\nLate,POINT (1 2),POINT (1 2),2018-01-02 10:00:00,x\n'))).status).toBe('succeeded');
  });

  it('marks the similar-trips rollups of dropped weeks stale: exact before and after their rebuild', async () => {
    const db = await fullStore();
    const pool = getPool(db.url);
    await buildStaleRollups(pool);
    expect(await staleRollups(pool)).toEqual([]);
    const oldRegions = (await pool.query<{ id: number }>(`SELECT DISTINCT region_id AS id FROM store.region_weeks WHERE week < '2018-02-12' ORDER BY 1`)).rows.map((r) => r.id);
    expect(oldRegions.length).toBeGreaterThan(0);
    await dropWeeksBefore(pool, CUTOFF);
    expect(await staleRollups(pool)).toEqual(oldRegions);
    expect(await answersOf(db)).toEqual(expected.answers);
    await buildStaleRollups(pool);
    expect(await staleRollups(pool)).toEqual([]);
    expect(await answersOf(db)).toEqual(expected.answers);
  });

  it('a process killed while dropping leaves each week fully present or fully gone; running again finishes', async () => {
    const db = await fullStore();
    const pool = getPool(db.url);
    const perWeek = async () => Object.fromEntries((await pool.query<{ week: string; n: string }>(
      `SELECT week::text, concat_ws('/', (SELECT count(*) FROM store.trips WHERE started_at >= w.week AND started_at < w.week + 7),
         (SELECT sum(trips) FROM store.region_weeks WHERE week = w.week), (SELECT sum(trips) FROM store.cell_tiles WHERE week = w.week),
         (SELECT sum(coalesce(n, 1)) FROM store.trip_groups, unnest(origins, trips) AS u(o, n) WHERE week = w.week),
         (SELECT sum(trips) FROM store.region_datasources WHERE week = w.week), (SELECT sum(trips) FROM store.ingestion_weeks WHERE week = w.week)) AS n
       FROM (SELECT DISTINCT week FROM store.region_weeks WHERE week < '2018-02-12') w`)).rows.map((r) => [r.week, r.n]));
    const before = await perWeek();
    expect(Object.keys(before)).toHaveLength(6);
    for (const n of Object.values(before)) {
      const [t, ...rest] = n.split('/').map(Number);
      expect(rest).toEqual([t, 2 * t, t, t, t]);
    }

    const out = await killStoreOpPartWay('drop', db.url, CUTOFF);
    expect(out).not.toContain('finished');
    const after = await perWeek();
    const left = Object.keys(after);
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(6);
    for (const week of left) expect(after[week]).toBe(before[week]); // fully present
    // fully gone: nothing of the dropped weeks anywhere
    const [gone] = (await pool.query(`SELECT (SELECT count(*) FROM store.trips WHERE started_at < $1)::int AS trips,
      (SELECT count(*) FROM store.cell_tiles WHERE week < $1)::int AS tiles`, [left.sort()[0]])).rows;
    expect(gone).toEqual({ trips: 0, tiles: 0 });

    await dropWeeksBefore(pool, CUTOFF);
    expect(await storeContent(pool)).toEqual(expected.content);
    expect(await answersOf(db)).toEqual(expected.answers);
  });
});
