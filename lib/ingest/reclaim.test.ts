// reclaimDeadSpace: aggregate tables left mostly dead by compaction are rewritten in place of
// the old ones, row for row, with their indexes, key and write trigger; a write between the
// copy and the swap defers the rewrite and loses nothing; a killed run's copy is dropped.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { similarTripsQuery, weeklyAverageQuery } from '../trips/schemas';
import { similarTrips } from '../trips/similar-trips';
import { weeklyAverage } from '../trips/weekly-average';
import { generateCsv, tempDir } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { compactAggregates } from './compact';
import { reclaimDeadSpace } from './reclaim';

let db: TestDatabase;
const pool = () => getPool(db.url);
const dir = tempDir();

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  // Many small loads of the same weeks, then compaction: the aggregate files stay large.
  for (let seed = 1; seed <= 12; seed++) {
    const r = await ingest(db.url, generateCsv(dir, `r-${seed}.csv`, 2_000, { seed, regions: 2, days: 14, start: '2018-01-01' }),
      { cluster: false, organise: { maxRuns: 0, minRows: 0, indexRows: 0 } });
    expect(r.status).toBe('succeeded');
  }
  await compactAggregates(pool());
  await pool().query('VACUUM store.cell_tiles, store.trip_groups, store.region_weeks');
});
afterAll(async () => db?.drop());

const rowsOf = async (table: string) =>
  (await pool().query(`SELECT t::text AS row FROM store.${table} t ORDER BY 1`)).rows.map((r) => r.row as string);
const indexesOf = async (table: string) =>
  (await pool().query(`SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index
     WHERE indrelid = 'store.${table}'::regclass ORDER BY 1`)).rows;
const triggersOf = async (table: string) =>
  (await pool().query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'store.${table}'::regclass AND NOT tgisinternal`)).rows.map((r) => r.tgname);
const sizeOf = async (table: string) =>
  Number((await pool().query(`SELECT pg_total_relation_size('store.${table}') AS n`)).rows[0].n);
let readerArea: { bbox: string; region: string } | undefined;
/** Answers reading each rewritten table: cell_tiles (a box over half the data), trip_groups, region_weeks. */
const answer = async () => {
  readerArea ??= await (async () => {
    const { rows: [e] } = await pool().query<{ w: number; s: number; e: number; n: number }>(
      'SELECT min(min_lon) AS w, min(min_lat) AS s, max(max_lon) AS e, max(max_lat) AS n FROM store.region_weeks');
    const { rows: [r] } = await pool().query<{ name: string }>('SELECT name FROM regions ORDER BY id LIMIT 1');
    return { bbox: `${e.w},${e.s},${(e.w + e.e) / 2},${e.n}`, region: r.name };
  })();
  const { bbox, region } = readerArea;
  return Promise.all([
    weeklyAverage(weeklyAverageQuery.parse({ bbox, match: 'origin' }), pool()).then((r) => r.series),
    similarTrips(similarTripsQuery.parse({ bbox }), pool()),
    weeklyAverage(weeklyAverageQuery.parse({ region }), pool()).then((r) => r.series),
  ]);
};

describe('reclaimDeadSpace', () => {
  it('defers a rewrite when a statement writes the table between copy and swap, and loses nothing', async () => {
    const before = await rowsOf('region_weeks');
    const result = await reclaimDeadSpace(pool(), {
      minExcessBytes: 0,
      only: ['region_weeks'],
      afterCopy: async (table) => {
        if (table === 'region_weeks') await pool().query(`UPDATE store.region_weeks SET runs = runs + 1 WHERE week = '2018-01-01'`);
      },
    });
    expect(result).toEqual({ rewritten: [], deferred: ['region_weeks'] });
    const after = await rowsOf('region_weeks');
    expect(after).not.toEqual(before); // the update is there: the old table was kept
    await pool().query(`UPDATE store.region_weeks SET runs = runs - 1 WHERE week = '2018-01-01'`);
    expect(await rowsOf('region_weeks')).toEqual(before);
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'store'::regnamespace AND relname LIKE '%\\_rewrite'`);
    expect(rows[0].n).toBe(0);
  });

  it('defers a rewrite while a transaction holds the table (the swap waits at most its lock timeout)', async () => {
    const reader = await pool().connect();
    try {
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await reader.query('LOCK TABLE store.region_weeks IN ACCESS SHARE MODE');
      const seen = (await reader.query('SELECT count(*)::int AS n FROM store.region_weeks')).rows[0].n;
      expect(await reclaimDeadSpace(pool(), { minExcessBytes: 0, only: ['region_weeks'] })).toEqual({ rewritten: [], deferred: ['region_weeks'] });
      // the transaction's snapshot still reads the table it locked
      expect((await reader.query('SELECT count(*)::int AS n FROM store.region_weeks')).rows[0].n).toBe(seen);
      await reader.query('COMMIT');
    } finally {
      reader.release();
    }
  });

  it('leaves reclaiming to a run already doing it', async () => {
    const other = await pool().connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('store reclaim'))`);
      const sizes = await sizeOf('cell_tiles');
      expect(await reclaimDeadSpace(pool(), { minExcessBytes: 0 })).toEqual({ rewritten: [], deferred: [] });
      expect(await sizeOf('cell_tiles')).toBe(sizes);
    } finally {
      await other.query(`SELECT pg_advisory_unlock(hashtext('store reclaim'))`);
      other.release();
    }
  });

  it('rewrites the tables compaction left mostly dead: same rows, indexes, key and trigger, smaller', async () => {
    // a killed run's copy, left behind
    await pool().query('CREATE TABLE store.cell_tiles_rewrite (LIKE store.cell_tiles)');
    const tables = ['cell_tiles', 'trip_groups', 'region_weeks'];
    const before = await Promise.all(tables.map(async (t) => ({ rows: await rowsOf(t), indexes: await indexesOf(t), triggers: await triggersOf(t), size: await sizeOf(t) })));
    const series = await answer();
    // readers go on during the rewrites, and every answer stays exact
    let done = false;
    const answers: unknown[] = [];
    const reader = (async () => {
      while (!done) answers.push(await answer());
    })();
    const result = await reclaimDeadSpace(pool(), { minExcessBytes: 0 }).finally(() => { done = true; });
    await reader;
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a).toEqual(series);
    expect(result.deferred).toEqual([]);
    expect(result.rewritten.map((r) => r.table)).toEqual(expect.arrayContaining(tables));
    for (const [i, t] of tables.entries()) {
      expect(await rowsOf(t), t).toEqual(before[i].rows);
      expect(await indexesOf(t), t).toEqual(before[i].indexes);
      expect(await triggersOf(t), t).toEqual(before[i].triggers);
      expect(await sizeOf(t), t).toBeLessThan(before[i].size);
    }
    expect(await answer()).toEqual(series);
    expect((await pool().query(`SELECT to_regclass('store.cell_tiles_rewrite') AS t`)).rows[0].t).toBeNull();
    // the new tables still count their writers, and the key still holds
    const mark = async () => (await pool().query('SELECT last_value::text || is_called::text AS m FROM store.aggregate_writes')).rows[0].m;
    const m0 = await mark();
    await pool().query(`UPDATE store.cell_tiles SET trips = trips WHERE false`);
    expect(await mark()).not.toBe(m0);
    await expect(pool().query(`INSERT INTO store.region_weeks SELECT * FROM store.region_weeks LIMIT 1`)).rejects.toThrow(/region_weeks_pkey/);
    // nothing left to reclaim
    expect((await reclaimDeadSpace(pool())).rewritten).toEqual([]);
  });
});
