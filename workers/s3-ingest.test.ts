// The real worker process ingesting uploads kept in S3-compatible storage (STORAGE_URL=s3://...,
// a local S3 server started by the test). Protects: an upload stored as an object is ingested by
// the worker (through its temporary copy) with every row, the object is deleted after success,
// and a job whose object is gone fails with "the stored file is missing".
import crypto from 'node:crypto';
import fs from 'node:fs';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../lib/db/pool';
import { enqueueIngestion, startQueue } from '../lib/jobs/queue';
import { createJob } from '../lib/jobs/job-store';
import { SAMPLE_CSV } from '../lib/testing/fixtures';
import { startTestS3, type TestS3 } from '../lib/testing/s3-server';
import { createTestDatabase, type TestDatabase } from '../lib/testing/test-database';
import { spawnWorker, waitFor, waitForJobStatus, type WorkerProcess } from '../lib/testing/worker-process';
import { queueUploads } from '../lib/uploads/queue-uploads';
import { s3ClientFromEnv, S3Storage } from '../lib/uploads/s3-storage';

let db: TestDatabase;
let s3: TestS3;
let boss: PgBoss;
let worker: WorkerProcess;
let storage: S3Storage;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  s3 = await startTestS3();
  storage = new S3Storage(s3.bucket, 'uploads', s3ClientFromEnv(s3.env));
  boss = await startQueue(db.url, 'web');
  worker = spawnWorker(db.url, { ...s3.env, STORAGE_URL: `s3://${s3.bucket}/uploads` });
});

afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false });
  await s3?.stop();
  await db?.drop();
});

describe('worker with S3 storage', () => {
  it('ingests an upload from the object store and deletes the object after success', async () => {
    const key = 'job-a/sample-trips.csv';
    const { bytes } = await storage.put(key, fs.createReadStream(SAMPLE_CSV));
    const [job] = await queueUploads(getPool(db.url), boss, storage, [{ key, fileName: 'sample-trips.csv', bytes, sha256: crypto.createHash('sha256').update(fs.readFileSync(SAMPLE_CSV)).digest('hex') }]);
    const done = await waitForJobStatus(getPool(db.url), job.id, ['succeeded', 'failed', 'duplicate']);
    expect(done.status, worker.output()).toBe('succeeded');
    expect(done.storagePath).toBe(`s3://${s3.bucket}/uploads/${key}`);
    expect(done.rowsIngested).toBe(100);
    expect((await getPool(db.url).query('SELECT count(*)::int AS n FROM store.trips')).rows[0].n).toBe(100);
    // deleted once the job is final (after its status is written): wait for it, bounded
    await waitFor('the ingested object to be deleted', async () => (await s3.keys()).length === 0, 30_000, 100);
  });

  it('fails a job whose object is gone', async () => {
    const pool = getPool(db.url);
    const job = await createJob(pool, { fileName: 'gone.csv', storagePath: `s3://${s3.bucket}/uploads/nowhere/gone.csv`, sizeBytes: 10, source: 'upload' });
    await enqueueIngestion(boss, job.id);
    const done = await waitForJobStatus(pool, job.id, ['succeeded', 'failed', 'duplicate']);
    expect([done.status, done.error]).toEqual(['failed', 'the stored file is missing']);
  });
});
