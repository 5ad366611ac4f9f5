// Ingestions run without the queue (the CLI) whose process died: the sweep says how they ended.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { getPool } from '../db/pool';
import { generateCsv, SAMPLE_CSV, tempDir } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { INTERRUPTED, settleAbandonedJobs } from './abandoned-jobs';
import { JOB_LOCK_NS, JobLock } from './job-lock';
import { createJob, getJob, markRunning } from './job-store';

const ROOT = path.resolve(import.meta.dirname, '../..');
let db: TestDatabase;
const dir = tempDir();
const pool = () => getPool(db.url);
const trips = async () => Number((await pool().query('SELECT count(*) AS n FROM store.trips')).rows[0].n);
/** Some session holds the job's lock (an advisory lock on two int4 keys: classid, objid). */
const lockHeld = async (jobId: number) => Boolean((await pool().query(
  "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::oid AND objid = $2::oid AND objsubid = 2 AND granted",
  [JOB_LOCK_NS, jobId])).rowCount);

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

describe('abandoned ingestions', () => {
  it('a CLI load killed while loading is settled failed, and nothing of it is kept', async () => {
    const file = generateCsv(dir, 'big.csv', 300_000);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/ingest.ts'), file],
      { cwd: ROOT, stdio: 'ignore', env: { ...process.env, DATABASE_URL: db.url } });
    const exited = new Promise((r) => child.once('exit', r));
    // killed once its job is loading rows (it holds the job's lock then)
    for (let i = 0; ; i++) {
      const { rows } = await pool().query<{ n: number }>("SELECT rows_total AS n FROM ingestion_jobs WHERE status = 'running'");
      if (rows[0]?.n > 0) break;
      if (i > 600) throw new Error('the CLI never started loading');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await settleAbandonedJobs(pool(), { graceSeconds: 0 })).toEqual([]); // alive: it holds its job's lock
    const { rows: [running] } = await pool().query<{ id: number }>("SELECT id FROM ingestion_jobs WHERE status = 'running'");
    expect(await lockHeld(running.id)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    const [job] = (await pool().query<{ id: number; status: string }>('SELECT id, status FROM ingestion_jobs')).rows;
    expect(job.status).toBe('running');
    // the server frees the dead process's lock once it has seen that session's socket close
    await vi.waitFor(async () => expect(await lockHeld(job.id)).toBe(false), { timeout: 10_000, interval: 50 });
    expect(await settleAbandonedJobs(pool(), { graceSeconds: 0 })).toEqual([job.id]);
    expect(await getJob(pool(), job.id)).toMatchObject({ status: 'failed', stage: 'done', error: INTERRUPTED, rowsIngested: 0 });
    expect(await trips()).toBe(0);
    expect(await settleAbandonedJobs(pool(), { graceSeconds: 0 })).toEqual([]);
  });

  it('a load that committed before its process died is settled succeeded, with its counts', async () => {
    const r = await ingest(db.url, SAMPLE_CSV);
    // as if the process had died between the commit and the end of its organising
    await pool().query("UPDATE ingestion_jobs SET status = 'running', stage = 'clustering', finished_at = NULL, seconds = NULL WHERE id = $1", [r.jobId]);
    expect(await settleAbandonedJobs(pool(), { graceSeconds: 0 })).toEqual([r.jobId]);
    expect(await getJob(pool(), r.jobId)).toMatchObject({ status: 'succeeded', stage: 'done', rowsIngested: 100, error: null });
    expect(await trips()).toBe(100);
  });

  it('leaves alone a job whose lock is held, one younger than the grace, and queue jobs; settles npm start\'s sample load too', async () => {
    const make = async (source: string) => {
      const job = await createJob(pool(), { fileName: 'x.csv', storagePath: '/nowhere/x.csv', sizeBytes: 1, source });
      await markRunning(pool(), job.id);
      return job.id;
    };
    const [held, young, queued, sample] = [await make('cli'), await make('cli'), await make('upload'), await make('sample')];
    const lock = await JobLock.acquire(db.url, held);
    try {
      expect(await settleAbandonedJobs(pool(), { graceSeconds: 3600 })).toEqual([]);
      expect(await settleAbandonedJobs(pool(), { graceSeconds: 0 })).toEqual([young, sample]);
    } finally {
      await lock.release();
    }
    expect(await settleAbandonedJobs(pool(), { graceSeconds: 0 })).toEqual([held]);
    expect((await getJob(pool(), queued))?.status).toBe('running');
  });
});
