// The ingestion worker: WORKER_CONCURRENCY pg-boss consumers of the ingest queue, the dead-job
// recovery sweep, and the inbox watcher. This is where the adapters (progress publisher, inbox,
// upload storage) are wired to the job layer: each queue consumer is a thin processor that
// hands the message to runIngestionJob (lib/jobs/run-job.ts), which never sees the queue. stop() lets running jobs finish for
// WORKER_SHUTDOWN_SECONDS; unfinished ones go back to the queue (their transaction rolls back
// when this process exits).
import fs from 'node:fs';
import type PgBoss from 'pg-boss';
import { getPool } from '../lib/db/pool';
import { organisePolicy, type WorkerEnv } from '../lib/env/worker';
import { runMaintenance } from '../lib/ingest/maintain';
import { retentionCutoff, todayUtc } from '../lib/ingest/retention';
import { log } from '../lib/log';
import { Inbox } from '../lib/inbox/inbox';
import { recoverDeadJobs } from '../lib/jobs/recovery';
import { settleAbandonedJobs } from '../lib/jobs/abandoned-jobs';
import { runDeletionJob } from '../lib/jobs/deletions';
import { DELETE_QUEUE, INGEST_QUEUE, MAINTAIN_QUEUE, requestMaintenance, startQueue, type IngestMessage } from '../lib/jobs/queue';
import { requeue, runIngestionJob, type RunContext } from '../lib/jobs/run-job';
import { UPLOAD_SOURCE } from '../lib/jobs/sources';
import { createPublisher } from '../lib/realtime/publish';
import type { FileStorage } from '../lib/uploads/storage';
import { storageFromEnv } from '../lib/uploads/storage-url';

export interface Worker {
  boss: PgBoss;
  /** Stops taking jobs, lets running ones finish within the grace period; returns the ids of those it gave up on. */
  stop: () => Promise<number[]>;
}

export async function startWorker(env: WorkerEnv, databaseUrl: string): Promise<Worker> {
  const pool = getPool(databaseUrl);
  const publish = createPublisher(pool);
  const boss = await startQueue(databaseUrl, 'worker', { retryLimit: env.JOB_RETRY_LIMIT, expireInSeconds: env.JOB_EXPIRE_SECONDS });
  const abort = new AbortController();
  const running = new Set<number>();
  const inbox = env.INBOX_POLL_SECONDS > 0 ? new Inbox(env.INBOX_DIR, pool, boss, publish) : null;
  const uploads = storageFromEnv(env);
  const ctx: RunContext = {
    databaseUrl, pool, publish, signal: abort.signal, chunkSize: env.INGESTION_CHUNK_SIZE,
    organise: organisePolicy(env),
    cellPrecision: env.GROUP_CELL_PRECISION, bucketMinutes: env.GROUP_BUCKET_MINUTES,
    localFile: (storagePath) => fetchLocal(uploads, storagePath),
    onFinished: async (job) => {
      await inbox?.settle(job).catch((err) => log.error({ err, jobId: job.id }, 'could not settle the inbox file'));
      if (job.source === UPLOAD_SOURCE && job.status !== 'failed' && !env.KEEP_UPLOADS) await removeUpload(uploads, job.storagePath);
      // each load appends partial aggregates and sorted runs: merge and organise them soon after
      if (job.status === 'succeeded') await requestMaintenance(boss).catch((err) => log.error({ err }, 'could not request maintenance'));
    },
  };

  const recover = async () => {
    await recoverDeadJobs(pool, boss, publish).catch((err) => log.error({ err }, 'recovery sweep failed'));
    // and ingestions of the CLI whose process died
    await settleAbandonedJobs(pool, { publish }).catch((err) => log.error({ err }, 'abandoned-jobs sweep failed'));
  };
  await recover(); // jobs left running by a worker that died while none was watching
  const timers = [setInterval(recover, env.JOB_RECOVERY_SECONDS * 1000)];

  for (let i = 0; i < env.WORKER_CONCURRENCY; i++) {
    await boss.work<IngestMessage>(INGEST_QUEUE, { pollingIntervalSeconds: env.QUEUE_POLL_SECONDS, batchSize: 1 }, async ([job]) => {
      const { jobId } = job.data;
      running.add(jobId);
      try {
        // completed here, before the job lock is released (pg-boss's own completion then finds nothing to do)
        await runIngestionJob(ctx, jobId, () => boss.complete(INGEST_QUEUE, job.id));
      } finally {
        running.delete(jobId);
      }
    });
  }

  await boss.work<IngestMessage>(DELETE_QUEUE, { pollingIntervalSeconds: env.QUEUE_POLL_SECONDS, batchSize: 1 }, async ([job]) => {
    const done = await runDeletionJob(pool, publish, job.data.jobId);
    // the deleted trips' regions read similar trips from the weeks until their rollup is rebuilt
    if (done?.status === 'deleted') await requestMaintenance(boss).catch((err) => log.error({ err }, 'could not request maintenance'));
  });

  await boss.work(MAINTAIN_QUEUE, { pollingIntervalSeconds: env.QUEUE_POLL_SECONDS, batchSize: 1 }, async () => {
    const r = await runMaintenance(pool, { dropBefore: env.RETENTION_WEEKS ? retentionCutoff(env.RETENTION_WEEKS, todayUtc()) : undefined });
    log.info({ runId: r.runId, compaction: r.compaction, organised: r.organised, seconds: r.seconds },
      `maintenance run ${r.runId}: compacted ${r.compaction.regionWeeks} region-weeks, organised ${r.organised} partitions in ${r.seconds.toFixed(1)} s`);
  });
  if (env.MAINTENANCE_CRON !== 'off') await boss.schedule(MAINTAIN_QUEUE, env.MAINTENANCE_CRON);

  if (inbox) {
    await inbox.init();
    const scan = () => inbox.scan().catch((err) => log.error({ err }, 'inbox scan failed'));
    timers.push(setInterval(scan, env.INBOX_POLL_SECONDS * 1000));
  }

  return {
    boss,
    stop: async () => {
      timers.forEach(clearInterval);
      abort.abort();
      // waits for running jobs up to the timeout, then hands the unfinished ones back to the queue
      await boss.stop({ graceful: true, wait: true, close: true, timeout: env.WORKER_SHUTDOWN_SECONDS * 1000 });
      const abandoned = [...running];
      for (const jobId of abandoned) await requeue(pool, jobId, 'the worker was stopped; the job will be retried');
      return abandoned;
    },
  };
}

/** A job's file: from upload storage, or a local path as is (inbox and CLI files). */
async function fetchLocal(storage: FileStorage, storagePath: string) {
  const key = storage.keyOf(storagePath);
  if (key !== null) return storage.fetchLocal(key);
  return fs.existsSync(storagePath) ? { path: storagePath, release: async () => {} } : null;
}

/** Deletes an ingested upload from storage (only files of the upload storage). */
async function removeUpload(storage: FileStorage, storagePath: string): Promise<void> {
  const key = storage.keyOf(storagePath);
  if (key === null) return;
  await storage.delete(key).catch((err) => log.error({ err, storagePath }, 'could not delete the ingested upload'));
}
