// The CLI given several files loads them as one batch: the partitions are organised once, after
// the last file (each file's load leaves them pending), and nothing is left pending at exit.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../lib/db/pool';
import { generateCsv, tempDir } from '../lib/testing/fixtures';
import { inClusterOrder } from '../lib/testing/store-content';
import { createTestDatabase, type TestDatabase } from '../lib/testing/test-database';

let db: TestDatabase;
const dir = tempDir();
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

function cli(files: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.resolve('scripts/ingest.ts'), ...files, '--json'], {
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
    expect(lines.slice(3)).toEqual([{ organisedPartitions: 1 }]); // one pass at the end, one partition
    expect(results.reduce((s, r) => s + r.rowsIngested, 0)).toBe(7_500);

    const pool = getPool(db.url);
    expect((await pool.query('SELECT count(*)::int AS n FROM store.pending_cluster')).rows[0].n).toBe(0);
    const { rows } = await pool.query<{ runs: number; trips: number }>(
      `SELECT runs, trips FROM store.region_weeks WHERE region_id = 1 AND week = '2018-01-01'`);
    expect(rows[0]).toEqual({ runs: 1, trips: 7_500 }); // rewritten: one run where the loads wrote nine
    expect(await inClusterOrder(pool, 'trips_r1_w20180101')).toBe(true);
  });
});
