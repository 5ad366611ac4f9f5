// Store maintenance run by the real worker process after loads (pg-boss queue 'maintain-store').
// Protects: loads leave partial aggregates (one set per ingestion); soon after, with no one
// asking, the worker compacts them to one row per key and records the run, answers unchanged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../lib/db/pool';
import { createJob } from '../lib/jobs/job-store';
import { enqueueIngestion, startQueue } from '../lib/jobs/queue';
import { generateCsv } from '../lib/testing/fixtures';
import { createTestDatabase, type TestDatabase } from '../lib/testing/test-database';
import { spawnWorker, waitFor, waitForJobStatus, type WorkerProcess } from '../lib/testing/worker-process';

let db: TestDatabase;
let boss: PgBoss;
let dir: string;
let worker: WorkerProcess | null = null;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  boss = await startQueue(db.url, 'web');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-maintenance-test-'));
});

afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false });
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('maintenance after loads', () => {
  it('the worker compacts the partial aggregates of several loads by itself and records the run', async () => {
    const pool = getPool(db.url);
    // an idle worker first, so both loads are queued before any maintenance can run between them
    worker = spawnWorker(db.url, { MAINTENANCE_CRON: 'off' });
    const ids: number[] = [];
    for (const seed of [1, 2, 3]) {
      const file = generateCsv(dir, `part-${seed}.csv`, 2_000, { seed, regions: 2, days: 14, start: '2018-01-01' });
      const job = await createJob(pool, { fileName: path.basename(file), storagePath: file, sizeBytes: fs.statSync(file).size, source: 'cli' });
      await enqueueIngestion(boss, job.id);
      ids.push(job.id);
    }
    for (const id of ids) expect((await waitForJobStatus(pool, id, ['succeeded', 'failed', 'duplicate'], 60_000)).status).toBe('succeeded');
    const before = await pool.query<{ week: string; trips: number }>(
      'SELECT week::text, sum(trips)::int8 AS trips FROM store.cell_tiles WHERE side = 0 GROUP BY week ORDER BY week');

    // the last load appended rows to keys the earlier ones made: duplicates until maintenance ran
    const dupes = async () => (await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM store.cell_tiles GROUP BY side, region_id, week, tx, ty HAVING count(*) > 1) d')).rows[0].n;
    await waitFor('maintenance to compact the loads', async () => (await dupes()) === 0, 60_000, 200);
    const { rows: runs } = await pool.query<{ summary: { compaction: { regionWeeks: number } } }>(
      'SELECT summary FROM store.maintenance_runs WHERE finished_at IS NOT NULL');
    expect(runs.some((r) => r.summary.compaction.regionWeeks > 0)).toBe(true);
    const after = await pool.query('SELECT week::text, sum(trips)::int8 AS trips FROM store.cell_tiles WHERE side = 0 GROUP BY week ORDER BY week');
    expect(after.rows).toEqual(before.rows);
    expect(worker.output()).toMatch(/maintenance run \d+: compacted/);
  });
});
