// The recovery sweep (recovery.ts), driven directly. Protects:
// - a job that finished but whose pg-boss completion has not landed yet (its lock already
//   free) is completed in the queue, never re-queued, and its row stays final (seen: a
//   succeeded job logged "its worker died; re-queued for retry" with 4 uploads at once);
// - a running job whose lock is free (its worker died) is still failed into pg-boss's retry;
// - on its last attempt, a job whose load had committed (it died while clustering) ends
//   succeeded with its rows, not failed with rows in the store.
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { SAMPLE_CSV, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createJob, getJob, markRunning } from './job-store';
import { INGEST_QUEUE, QUEUE_SCHEMA, enqueueIngestion, startQueue } from './queue';
import { LOCK_GRACE_SECONDS, recoverDeadJobs } from './recovery';

let db: TestDatabase;
let boss: PgBoss;
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  boss = await startQueue(db.url, 'worker', { retryLimit: 3, expireInSeconds: 600 });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await db?.drop();
});

/** A queued job whose entry a worker fetched (active) longer ago than the lock grace. */
async function fetchedJob(): Promise<{ jobId: number; entryId: string }> {
  const pool = getPool(db.url);
  const job = await createJob(pool, { fileName: 'sample.csv', storagePath: SAMPLE_CSV, sizeBytes: 1, source: 'upload' });
  const entryId = await enqueueIngestion(boss, job.id);
  const [fetched] = (await boss.fetch(INGEST_QUEUE)) ?? [];
  expect(fetched?.id).toBe(entryId);
  await pool.query(`UPDATE ${QUEUE_SCHEMA}.job SET started_on = now() - make_interval(secs => $2) WHERE id = $1`,
    [entryId, LOCK_GRACE_SECONDS + 10]);
  return { jobId: job.id, entryId };
}

const entryState = async (entryId: string) =>
  (await getPool(db.url).query<{ state: string }>(`SELECT state FROM ${QUEUE_SCHEMA}.job WHERE id = $1`, [entryId])).rows[0].state;

describe('recovery sweep', () => {
  it('completes, and does not re-queue, a finished job whose pg-boss completion is delayed', async () => {
    const { jobId, entryId } = await fetchedJob();
    // the worker ran it to the end and let go of its lock; pg-boss has not heard yet
    const r = await ingest(db.url, SAMPLE_CSV, { jobId });
    expect(r.status).toBe('succeeded');

    expect(await recoverDeadJobs(getPool(db.url), boss)).toEqual([]);
    expect(await entryState(entryId)).toBe('completed');
    const row = await getJob(getPool(db.url), jobId);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, rowsIngested: 100, error: null });
    // the late completion of the worker finds nothing left to do
    await boss.complete(INGEST_QUEUE, entryId);
    expect(await entryState(entryId)).toBe('completed');
  });

  it('still re-queues a running job whose worker died (lock free)', async () => {
    const { jobId, entryId } = await fetchedJob();
    await markRunning(getPool(db.url), jobId);
    expect(await recoverDeadJobs(getPool(db.url), boss)).toEqual([jobId]);
    expect(await entryState(entryId)).toBe('retry');
    expect((await getJob(getPool(db.url), jobId))?.status).toBe('queued');
  });

  it('ends a job that died after its load committed, with no retries left, as succeeded', async () => {
    const pool = getPool(db.url);
    const { jobId, entryId } = await fetchedJob();
    const file = writeCsv(tempDir(), 'two.csv', 'region,origin_coord,destination_coord,datetime,datasource\n'
      + 'Prague,POINT (14.4 50.1),POINT (14.5 50.0),2018-01-16 10:00:00,x\nPrague,POINT (14.4 50.1),POINT (14.5 50.0),2018-01-17 10:00:00,x\n');
    const r = await ingest(db.url, file, { jobId, cluster: false });
    expect(r.status).toBe('succeeded');
    // as left by a worker killed while clustering: committed, still running
    await pool.query(`UPDATE ingestion_jobs SET status = 'running', stage = 'clustering' WHERE id = $1`, [jobId]);
    await pool.query(`UPDATE ${QUEUE_SCHEMA}.job SET retry_count = retry_limit WHERE id = $1`, [entryId]);
    expect(await recoverDeadJobs(pool, boss)).toEqual([jobId]);
    expect(await getJob(pool, jobId)).toMatchObject({ status: 'succeeded', stage: 'done', rowsIngested: 2 });
  });
});
