// The CLI given several files loads them as one batch: the partitions are organised once, after
// the last file (each file's load leaves them pending), and the store's maintenance leaves
// nothing pending at exit: no partition to organise, no partial aggregate, no stale rollup.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../lib/db/pool';
import { staleRollups } from '../lib/ingest/similar-rollup';
import { generateCsv, tempDir } from '../lib/testing/fixtures';
import { inClusterOrder } from '../lib/testing/store-content';
import { createTestDatabase, type TestDatabase } from '../lib/testing/test-database';

let db: TestDatabase;
const dir = tempDir();
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

function cli(files: string[], flags: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.resolve('scripts/ingest.ts'), ...files, '--json', ...flags], {
    encoding: 'utf8',
    timeout: 120_000,
    // every batch of 1,000 rows is a run; more than one run makes a partition due for a rewrite
    env: { ...process.env, DATABASE_URL: db.url, INGESTION_CHUNK_SIZE: '1000', ORGANISE_MAX_RUNS: '1', ORGANISE_MIN_ROWS: '0', ORGANISE_INDEX_ROWS: '0' },
  });
}

describe('npm run ingest with several files', () => {
  it('loads every file, then organises each partition they share once, leaving nothing pending', async () => {
    const week = { regions: 1, days: 7, start: '2018-01-01' };
    const files = [1, 2, 3].map((seed) => generateCsv(dir, `part-${seed}.csv`, 2_500, { ...week, seed }));
    const run = cli(files);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const results = lines.slice(0, 3);
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // one maintenance pass at the end: one partition organised, the three loads' partial rows merged, one rollup
    expect(lines.slice(3)).toEqual([{ maintenance: { seconds: expect.any(Number), compactedRegionWeeks: 1, rolledUp: 1, organisedPartitions: 1 } }]);
    expect(results.reduce((s, r) => s + r.rowsIngested, 0)).toBe(7_500);

    const pool = getPool(db.url);
    expect((await pool.query('SELECT count(*)::int AS n FROM store.pending_cluster')).rows[0].n).toBe(0);
    const { rows } = await pool.query<{ runs: number; trips: number }>(
      `SELECT runs, trips FROM store.region_weeks WHERE region_id = 1 AND week = '2018-01-01'`);
    expect(rows[0]).toEqual({ runs: 1, trips: 7_500 }); // rewritten: one run where the loads wrote nine
    expect(await inClusterOrder(pool, 'trips_r1_w20180101')).toBe(true);
    expect(await staleRollups(pool)).toEqual([]);
    const { rows: partial } = await pool.query(
      'SELECT 1 FROM store.cell_tiles GROUP BY side, region_id, week, tx, ty HAVING count(*) > 1');
    expect(partial).toEqual([]);
  });

  it('one file with maintenance: its rollups are committed with the load, none left for the maintenance', async () => {
    const run = cli([generateCsv(dir, 'alone.csv', 500, { regions: 2, days: 7, start: '2018-03-05', seed: 4 })]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines[0].status).toBe('succeeded');
    expect(lines[1].maintenance.rolledUp).toBe(0); // the two regions this load changed were rebuilt in its transaction
    expect(await staleRollups(getPool(db.url))).toEqual([]);
  });

  it('--no-maintenance leaves the maintenance to npm run maintain; one file still commits its rollups with it', async () => {
    const run = cli([generateCsv(dir, 'later.csv', 500, { regions: 1, days: 7, start: '2018-01-01', seed: 9 })], ['--no-maintenance']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual(['succeeded']); // no maintenance line
    const pool = getPool(db.url);
    const { rows: partial } = await pool.query(
      'SELECT 1 FROM store.cell_tiles GROUP BY side, region_id, week, tx, ty HAVING count(*) > 1');
    expect(partial.length).toBeGreaterThan(0); // its rows beside the compacted ones: not compacted
    expect(await staleRollups(pool)).toEqual([]); // rebuilt in the load's transaction
  });
});
