// storeHealth: partitions with their exact trips and sizes, aggregate rows vs keys before and
// after compaction, maintenance and retention due, and the pg_stat_statements hint.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { generateCsv, tempDir } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { runMaintenance } from './maintain';
import { STATEMENTS_HINT, storeHealth } from './store-health';

let db: TestDatabase;
const dir = tempDir();
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

describe('storeHealth', () => {
  it('reports partitions, compaction state, what is due and unfinished work', async () => {
    const pool = getPool(db.url);
    for (const seed of [1, 2]) expect((await ingest(db.url, generateCsv(dir, `h-${seed}.csv`, 2000, { seed, regions: 2, days: 14 }))).status).toBe('succeeded');
    await pool.query(`UPDATE ingestion_jobs SET status = 'deleting' WHERE id = 2`);
    const h = await storeHealth(pool, 4);
    expect(h.partitions.reduce((s, p) => s + p.trips, 0)).toBe(4000);
    expect(h.partitions.length).toBeGreaterThanOrEqual(4);
    for (const p of h.partitions) expect(p.bytes).toBeGreaterThan(0);
    const tiles = h.aggregates.find((a) => a.table === 'store.cell_tiles')!;
    expect(tiles.rows).toBeGreaterThan(tiles.keys); // two loads' partial rows
    expect(h.due.uncompactedRows).toBeGreaterThan(0);
    expect(h.due.weeksPastRetention.length).toBeGreaterThanOrEqual(2); // 2018 data, four weeks kept
    expect(h.unfinishedJobs).toEqual([{ status: 'deleting', jobs: 1 }]);
    expect(h.lastMaintenance).toBeNull();
    const installed = (await pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`)).rowCount;
    if (!installed) expect(h).toMatchObject({ topQueries: null, statementsHint: STATEMENTS_HINT });

    await runMaintenance(pool);
    const after = await storeHealth(pool);
    expect(after.due.uncompactedRows).toBe(0);
    expect(after.due).toMatchObject({ retentionWeeks: null, weeksPastRetention: [] });
    expect(after.lastMaintenance).not.toBeNull();
  });
});
