// runMaintenance: compaction, similar-trips rollups, pending organising and ANALYZE in one run, recorded.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { generateCsv, tempDir } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { lastMaintenance, runMaintenance } from './maintain';

let db: TestDatabase;
const dir = tempDir();
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

describe('runMaintenance', () => {
  it('compacts partial aggregates, finishes pending organising, and records the run', async () => {
    const pool = getPool(db.url);
    for (const seed of [1, 2, 3]) {
      const r = await ingest(db.url, generateCsv(dir, `m-${seed}.csv`, 3_000, { seed, regions: 1, days: 7, start: '2018-01-01' }),
        { cluster: false, organise: { maxRuns: 0, minRows: 0, indexRows: 0 } });
      expect(r.status).toBe('succeeded');
    }
    const count = async (sql: string) => (await pool.query<{ n: number }>(sql)).rows[0].n;
    const tileRows = 'SELECT count(*)::int AS n FROM store.cell_tiles';
    const keys = 'SELECT count(DISTINCT (side, region_id, week, tx, ty))::int AS n FROM store.cell_tiles';
    const distinctKeys = await count(keys);
    expect(await count(tileRows)).toBeGreaterThan(distinctKeys);
    expect(await count('SELECT count(*)::int AS n FROM store.pending_cluster')).toBeGreaterThan(0);
    expect(await lastMaintenance(pool)).toBeNull();

    const steps = new Set<string>();
    const result = await runMaintenance(pool, { onProgress: (step) => steps.add(step) });
    expect(await count(tileRows)).toBe(distinctKeys);
    expect(await count('SELECT count(*)::int AS n FROM store.pending_cluster')).toBe(0);
    expect(result.organised).toBe(1);
    expect([...steps]).toEqual(['rolling-up', 'compacting', 'organising', 'building spans', 'reclaiming', 'analysing']);
    const regions = await count('SELECT count(DISTINCT region_id)::int AS n FROM store.region_weeks');
    expect(result.rolledUp).toBe(regions); // the similar-trips rollups, built once
    const last = await lastMaintenance(pool);
    expect(last?.summary).toMatchObject({ organised: 1, compaction: { regionWeeks: 1 }, rolledUp: regions });

    const again = await runMaintenance(pool);
    expect(again).toMatchObject({ organised: 0, compaction: { regionWeeks: 0 }, rolledUp: 0 });

    // a store loaded before the rollups existed (no version rows at all) gets them built
    await pool.query('DELETE FROM store.trip_group_rollups; DELETE FROM store.trip_group_totals');
    expect(await runMaintenance(pool)).toMatchObject({ rolledUp: regions });
    expect(await count('SELECT count(*)::int AS n FROM store.trip_group_rollups WHERE built_version = version')).toBe(regions);
  });
});
