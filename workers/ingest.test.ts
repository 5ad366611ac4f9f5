// End-to-end tests of the real worker process (npm run worker) against a fresh database:
// - a queued job (the sample file) is picked up and succeeds with its 100 rows;
// - the same content queued again is recognised as 'duplicate' and changes no totals;
// - THE KILL TEST: kill -9 of the worker in the middle of an ingestion, then a new worker: the job
//   is retried and ends with exactly the totals of an uninterrupted ingestion (no loss, no duplicates).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../lib/db/pool';
import { ingestOwned } from '../lib/jobs/own-ingestion';
import { createJob, getJob, jobBook } from '../lib/jobs/job-store';
import { enqueueIngestion, startQueue } from '../lib/jobs/queue';
import { createTestDatabase, type TestDatabase } from '../lib/testing/test-database';
import { spawnWorker, waitFor, waitForJobStatus, writeSyntheticCsv, type WorkerProcess } from '../lib/testing/worker-process';

const SAMPLE = path.resolve(import.meta.dirname, '../data/sample-trips.csv');
const KILL_ROWS = 400_000;
const SIGTERM_ROWS = 1_000_000;

let db: TestDatabase;
let reference: TestDatabase;
let boss: PgBoss;
let dir: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  reference = await createTestDatabase(inject('pgServerUrl'));
  boss = await startQueue(db.url, 'web');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-worker-test-'));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await boss?.stop({ graceful: false });
  await db?.drop();
  await reference?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function queue(url: string, file: string) {
  const pool = getPool(url);
  const job = await createJob(pool, { fileName: path.basename(file), storagePath: file, sizeBytes: fs.statSync(file).size, source: 'upload' });
  await enqueueIngestion(boss, job.id);
  return job.id;
}

async function totals(url: string) {
  const { rows } = await getPool(url).query<{ trips: number; cells: number; groups: number; regions: number }>(
    `SELECT (SELECT count(*) FROM store.trips) AS trips,
            (SELECT coalesce(sum(trips), 0) FROM store.cell_tiles)::int8 AS cells,
            (SELECT coalesce(sum(coalesce(t, 1)), 0) FROM store.trip_groups, unnest(origins, trips) AS u(o, t))::int8 AS groups,
            (SELECT coalesce(sum(trips), 0) FROM store.region_weeks)::int8 AS regions`,
  );
  return rows[0];
}

describe('ingestion worker process', () => {
  it('runs a queued upload to success, and recognises the same content queued again as duplicate', async () => {
    const pool = getPool(db.url);
    const worker = spawnWorker(db.url);
    workers.push(worker);
    const first = await queue(db.url, SAMPLE);
    const done = await waitForJobStatus(pool, first, ['succeeded', 'failed', 'duplicate']);
    expect(done.status, worker.output()).toBe('succeeded');
    expect(done.rowsIngested).toBe(100);
    const before = await totals(db.url);
    expect(before.trips).toBe(100);

    const copy = path.join(dir, 'same-content.csv');
    fs.copyFileSync(SAMPLE, copy);
    const second = await queue(db.url, copy);
    const dup = await waitForJobStatus(pool, second, ['succeeded', 'failed', 'duplicate']);
    expect(dup.status).toBe('duplicate');
    expect(dup.duplicateOf).toBe(first);
    expect(await totals(db.url)).toEqual(before);
    await worker.stop();
  });

  it('kill -9 mid-ingestion: the job is retried by a new worker and totals equal an uninterrupted run', async () => {
    const pool = getPool(db.url);
    const file = path.join(dir, 'big.csv');
    await writeSyntheticCsv(file, KILL_ROWS);

    // the uninterrupted run, in its own database
    const clean = await ingestOwned({ databaseUrl: reference.url, filePath: file, jobs: jobBook, cellPrecision: 6, bucketMinutes: 60 });
    expect(clean.status).toBe('succeeded');
    const expected = await totals(reference.url);
    const base = await totals(db.url); // the sample from the first test

    // small batches, so the job shows written rows well before its end and is killed mid-load
    const victim = spawnWorker(db.url, { INGESTION_CHUNK_SIZE: '50000' });
    workers.push(victim);
    const id = await queue(db.url, file);
    const mid = await waitFor('rows progress of the running job', async () => {
      const job = await getJob(pool, id);
      return job && job.status === 'running' && job.rowsTotal > 0 ? job : null;
    }, 60_000, 20);
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    expect(mid.rowsTotal).toBeLessThan(KILL_ROWS); // really killed in the middle
    expect((await getJob(pool, id))!.status).toBe('running'); // nothing finished it

    const rescuer = spawnWorker(db.url, { LOG_FORMAT: 'json' });
    workers.push(rescuer);
    const done = await waitForJobStatus(pool, id, ['succeeded', 'failed', 'duplicate'], 120_000);
    expect(done.status, rescuer.output()).toBe('succeeded');
    expect(done.attempts).toBe(2);
    // JSON log lines; every line about this job carries its id (child logger)
    const lines = rescuer.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines.some((l) => l.jobId === id && /its worker died/.test(l.msg)), rescuer.output()).toBe(true);
    expect(lines.some((l) => l.jobId === id && /succeeded/.test(l.msg)), rescuer.output()).toBe(true);

    const after = await totals(db.url);
    expect({
      trips: after.trips - base.trips, cells: after.cells - base.cells,
      groups: after.groups - base.groups, regions: after.regions - base.regions,
    }).toEqual(expected);
    expect(after.trips - base.trips).toBe(clean.rowsIngested);
    const ledger = await pool.query('SELECT count(*)::int AS n FROM ingested_files WHERE job_id = $1', [id]);
    expect(ledger.rows[0].n).toBe(1);
    await rescuer.stop();
  });

  it('SIGTERM mid-ingestion: the worker exits within its grace period, the job is queued again and a new worker finishes it', async () => {
    const pool = getPool(db.url);
    const file = path.join(dir, 'sigterm.csv');
    // Big enough that the job cannot finish within the 1 s grace period on a fast machine.
    await writeSyntheticCsv(file, SIGTERM_ROWS, 99);
    const before = await totals(db.url);
    const worker = spawnWorker(db.url, { WORKER_SHUTDOWN_SECONDS: '1', INGESTION_CHUNK_SIZE: '50000' });
    workers.push(worker);
    const id = await queue(db.url, file);
    await waitFor('rows progress', async () => ((await getJob(pool, id))?.rowsTotal ?? 0) > 0, 60_000, 20);
    const started = Date.now();
    worker.child.kill('SIGTERM');
    const code = await new Promise((r) => worker.child.once('exit', r));
    expect(code, worker.output()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await getJob(pool, id))!.status).toBe('queued');

    const next = spawnWorker(db.url);
    workers.push(next);
    const done = await waitForJobStatus(pool, id, ['succeeded', 'failed', 'duplicate'], 120_000);
    expect(done.status, next.output()).toBe('succeeded');
    expect(done.rowsIngested).toBe(SIGTERM_ROWS);
    expect((await totals(db.url)).trips - before.trips).toBe(SIGTERM_ROWS);
    await next.stop();
  });
});
