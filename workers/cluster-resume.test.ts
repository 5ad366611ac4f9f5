// Kill -9 of the worker while it clusters the partitions of a committed load (real processes).
// Protects: the retry finishes the clustering the dead worker left (the pending record is gone,
// the partition is in map order), reports the job as succeeded - not as a duplicate of itself -
// and adds no rows. The kill point is made deterministic by holding a lock on the last partition
// in clustering order, so the worker is stuck exactly there, after the others are clustered.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../lib/db/pool';
import { createJob, getJob } from '../lib/jobs/job-store';
import { enqueueIngestion, startQueue } from '../lib/jobs/queue';
import { generateCsv, writeCsv } from '../lib/testing/fixtures';
import { ingest } from '../lib/testing/ingest';
import { inClusterOrder } from '../lib/testing/store-content';
import { createTestDatabase, type TestDatabase } from '../lib/testing/test-database';
import { spawnWorker, waitFor, waitForJobStatus, type WorkerProcess } from '../lib/testing/worker-process';

const ROWS = 9_000;
// every partition a load touches is due for rewriting, whatever its size and runs
const ORGANISE_ALWAYS = { ORGANISE_MAX_RUNS: '0', ORGANISE_MIN_ROWS: '0', ORGANISE_INDEX_ROWS: '0' };
const LAST = 'trips_r1_w20180115'; // weeks of 2018-01-01, -08, -15: clustered in that order

let db: TestDatabase;
let boss: PgBoss;
let dir: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  boss = await startQueue(db.url, 'web');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-cluster-resume-'));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await boss?.stop({ graceful: false });
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});


const pendingOf = async (pool: pg.Pool, jobId: number) =>
  (await pool.query<{ week: string }>('SELECT week FROM store.pending_cluster WHERE job_id = $1 ORDER BY week', [jobId])).rows.map((r) => r.week);

describe('kill -9 while clustering', () => {
  it('the retry clusters the partitions left and reports the job succeeded', async () => {
    const pool = getPool(db.url);
    // one trip makes region 1 (Prague) and the last week's partition exist, so the test can lock it
    const seed = await ingest(db.url, writeCsv(dir, 'one.csv',
      'region,origin_coord,destination_coord,datetime,datasource\nPrague,POINT (14.4 50.1),POINT (14.5 50.0),2018-01-16 10:00:00,x\n'));
    expect(seed.status).toBe('succeeded');
    const file = generateCsv(dir, 'weeks.csv', ROWS, { seed: 5, regions: 1, days: 21, start: '2018-01-01' });

    const blocker = await pool.connect();
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE store.${LAST} IN ACCESS SHARE MODE`); // lets COPY in, keeps CLUSTER out
    const victim = spawnWorker(db.url, ORGANISE_ALWAYS);
    workers.push(victim);
    const job = await createJob(pool, { fileName: 'weeks.csv', storagePath: file, sizeBytes: fs.statSync(file).size, source: 'upload' });
    await enqueueIngestion(boss, job.id);
    await waitFor('the worker to wait for the last partition, the others clustered', async () => {
      const { rows } = await pool.query(
        `SELECT 1 FROM pg_locks WHERE relation = $1::regclass AND mode = 'AccessExclusiveLock' AND NOT granted`, [`store.${LAST}`]);
      return rows.length > 0 && (await pendingOf(pool, job.id)).length === 1;
    }, 60_000, 50);
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    await blocker.query('COMMIT');
    blocker.release();

    // the load committed, its last partition is left unclustered and recorded as pending
    expect(await pendingOf(pool, job.id)).toEqual(['2018-01-15']);
    expect(await inClusterOrder(pool, 'trips_r1_w20180101')).toBe(true);
    expect(await inClusterOrder(pool, LAST)).toBe(false);
    expect((await getJob(pool, job.id))).toMatchObject({ status: 'running', stage: 'clustering', rowsIngested: ROWS });

    const rescuer = spawnWorker(db.url, ORGANISE_ALWAYS);
    workers.push(rescuer);
    const done = await waitForJobStatus(pool, job.id, ['succeeded', 'failed', 'duplicate'], 60_000);
    expect(done, rescuer.output()).toMatchObject({ status: 'succeeded', duplicateOf: null, attempts: 2, rowsIngested: ROWS, rowsTotal: ROWS });
    expect(await pendingOf(pool, job.id)).toEqual([]);
    expect(await inClusterOrder(pool, LAST)).toBe(true);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM store.trips');
    expect(rows[0].n).toBe(ROWS + 1);
    await rescuer.stop();
  });
});
