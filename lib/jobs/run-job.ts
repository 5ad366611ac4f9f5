// One queued ingestion job, run by a worker: take the job's lock (job-lock.ts), run the
// ingestion engine on the stored file, publish progress, settle inbox files. A job already
// finished by an earlier attempt (its worker died between commit and acknowledging the queue)
// is not run again: the engine's single transaction plus this check give exactly-once totals.
import fs from 'node:fs';
import type pg from 'pg';
import { log, type Logger } from '../log';
import { ingestFile } from '../ingest/ingest-file';
import type { OrganisePolicy } from '../ingest/cluster';
import { progressFromRow, type PublishProgress } from './job-progress';
import { finishJob, getJob, jobBook, type JobRow } from './job-store';
import { JobLock } from './job-lock';

export interface RunContext {
  databaseUrl: string;
  pool: pg.Pool;
  publish: PublishProgress;
  chunkSize: number;
  organise: OrganisePolicy;
  cellPrecision: number;
  bucketMinutes: number;
  signal?: AbortSignal;
  /**
   * The job's file on this machine (a temporary copy of an object in S3, released after the
   * load), null when it is gone. Default: storage_path is a local path.
   */
  localFile?: (storagePath: string) => Promise<{ path: string; release: () => Promise<void> } | null>;
  /** called with the finished job (inbox files move to done/ or failed/) */
  onFinished?: (job: JobRow) => Promise<void>;
}

/**
 * `acknowledge` completes the queue entry; it runs while the job lock is still held, so the
 * recovery sweep never sees a finished job's entry active with a free lock.
 */
export async function runIngestionJob(ctx: RunContext, jobId: number, acknowledge?: () => Promise<unknown>): Promise<JobRow | null> {
  const jobLog = log.child({ jobId });
  const lock = await JobLock.acquire(ctx.databaseUrl, jobId, ctx.signal, jobLog);
  try {
    const job = await getJob(ctx.pool, jobId);
    if (!job) {
      jobLog.warn('the job no longer exists; skipped');
      await acknowledge?.();
      return null;
    }
    // (a job being deleted or deleted is past its ingestion)
    if (job.status === 'queued' || job.status === 'running') await ingest(ctx, job, jobLog);
    const final = (await getJob(ctx.pool, jobId))!;
    await ctx.publish(progressFromRow(final));
    if (final.status !== 'queued' && final.status !== 'running') {
      await acknowledge?.();
      await ctx.onFinished?.(final);
    }
    return final;
  } finally {
    await lock.release();
  }
}

const localAsIs = async (storagePath: string) => (fs.existsSync(storagePath) ? { path: storagePath, release: async () => {} } : null);

async function ingest(ctx: RunContext, job: JobRow, jobLog: Logger): Promise<void> {
  const file = await (ctx.localFile ?? localAsIs)(job.storagePath);
  if (!file) {
    await finishJob(ctx.pool, job.id, {
      status: 'failed', rowsTotal: 0, rowsIngested: 0, rowsRejected: 0, bytesDone: 0, extraColumns: [], seconds: 0,
      error: 'the stored file is missing',
    });
    return;
  }
  try {
    const result = await ingestFile({
      databaseUrl: ctx.databaseUrl, jobs: jobBook, filePath: file.path, jobId: job.id,
      sha256: job.sha256 ?? undefined, chunkSize: ctx.chunkSize, organise: ctx.organise,
      cellPrecision: ctx.cellPrecision, bucketMinutes: ctx.bucketMinutes, log: jobLog,
      rollups: true, // an upload's similar trips are current the moment it commits
      onProgress: (p) => {
        if (p.status === 'running') void ctx.publish({ ...p, rowsIngested: p.rowsDone - p.rowsRejected });
      },
    });
    jobLog.info({ file: job.fileName, status: result.status, rowsIngested: result.rowsIngested, rowsRejected: result.rowsRejected,
      seconds: result.seconds, error: result.error }, `${job.fileName}: ${result.status}`);
  } catch (err) {
    // The engine itself threw (e.g. the database went away): back to queued, pg-boss retries.
    await requeue(ctx.pool, job.id, `attempt failed: ${(err as Error).message}; it will be retried`);
    const row = await getJob(ctx.pool, job.id).catch(() => null);
    if (row) await ctx.publish(progressFromRow(row));
    throw err;
  } finally {
    await file.release();
  }
}

/** A running job goes back to `queued` (its attempt will not finish in this process). */
export async function requeue(pool: pg.Pool, jobId: number, reason: string): Promise<void> {
  await pool.query(
    `UPDATE ingestion_jobs SET status = 'queued', stage = 'queued', error = $2 WHERE id = $1 AND status = 'running'`,
    [jobId, reason],
  ).catch(() => {});
}
