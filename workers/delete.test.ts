// Deleting one ingestion through the queue, run by the real worker process: the request marks
// the job `deleting` (a second request of a deleted job is refused), the worker publishes
// progress per partition over NOTIFY (the channel Socket.IO relays) and ends with `deleted`;
// the region's count drops by exactly the file's rows and the file is no longer a duplicate.
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../lib/db/pool';
import { ConflictError } from '../lib/errors/domain-errors';
import { requestDeletion } from '../lib/jobs/deletions';
import { startQueue } from '../lib/jobs/queue';
import { PROGRESS_CHANNEL } from '../lib/realtime/events';
import { generateCsv, tempDir } from '../lib/testing/fixtures';
import { ingest } from '../lib/testing/ingest';
import { createTestDatabase, type TestDatabase } from '../lib/testing/test-database';
import { spawnWorker, waitForJobStatus, type WorkerProcess } from '../lib/testing/worker-process';
import { listRegions } from '../lib/trips/regions';

let db: TestDatabase;
let boss: PgBoss;
let worker: WorkerProcess | null = null;
const dir = tempDir();

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  boss = await startQueue(db.url, 'web');
});
afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false });
  await db?.drop();
});

describe('DELETE an ingestion (queue + worker)', () => {
  it('goes deleting -> deleted with progress per partition; counts drop by the file; it can be ingested again', async () => {
    const pool = getPool(db.url);
    const keep = await ingest(db.url, generateCsv(dir, 'keep.csv', 2000, { seed: 31, regions: 2 }));
    const file = generateCsv(dir, 'bad.csv', 1500, { seed: 32, regions: 2 });
    const bad = await ingest(db.url, file);
    expect([keep.status, bad.status]).toEqual(['succeeded', 'succeeded']);
    const before = await listRegions(pool);

    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const events: { status: string; partitionsDone?: number; partitionsTotal?: number; jobId: number }[] = [];
    listener.on('notification', (n) => events.push(JSON.parse(n.payload!)));
    await listener.query(`LISTEN ${PROGRESS_CHANNEL}`);
    try {
      const job = await requestDeletion(pool, boss, bad.jobId);
      expect(job.status).toBe('deleting');
      worker = spawnWorker(db.url, { MAINTENANCE_CRON: 'off' });
      await waitForJobStatus(pool, bad.jobId, ['deleted']);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await listener.end();
    }
    const mine = events.filter((e) => e.jobId === bad.jobId);
    expect(mine.at(-1)).toMatchObject({ status: 'deleted' });
    const steps = mine.filter((e) => e.status === 'deleting' && e.partitionsTotal);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.at(-1)!.partitionsDone).toBe(steps.at(-1)!.partitionsTotal);

    const after = await listRegions(pool);
    expect(after.reduce((s, r) => s + r.trips, 0)).toBe(before.reduce((s, r) => s + r.trips, 0) - 1500);
    await expect(requestDeletion(pool, boss, bad.jobId)).rejects.toBeInstanceOf(ConflictError);
    expect(await ingest(db.url, file)).toMatchObject({ status: 'succeeded', rowsIngested: 1500 });
  });
});
