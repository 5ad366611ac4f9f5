// Recovery of jobs whose worker died. pg-boss only notices through expiry (hours for big files);
// instead every worker looks every few seconds for active queue entries whose job lock is free
// (job-lock.ts): their owner is gone, so the entry is failed into pg-boss's retry path at once and
// the ingestion job shows `queued` again. The check and the fail happen in one transaction with
// the queue row locked, so two sweepers never both act, and an entry re-fetched meanwhile (new
// started_on) is left alone. A free lock on an active entry whose job row is already final is
// not a dead worker but a finished job whose completion has not reached pg-boss yet (or never
// will, if its worker died right then): that entry is completed, never retried.
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { log } from '../log';
import { progressFromRow, type PublishProgress } from './job-progress';
import { getJob } from './job-store';
import { isLockFree } from './job-lock';
import { INGEST_QUEUE, QUEUE_SCHEMA, inTransaction } from './queue';

/** Seconds a freshly fetched entry gets to take its lock before a free lock counts as "owner dead". */
export const LOCK_GRACE_SECONDS = 5;

export async function recoverDeadJobs(pool: pg.Pool, boss: PgBoss, publish?: PublishProgress): Promise<number[]> {
  const { rows } = await pool.query<{ id: string; job_id: number; last: boolean }>(
    `SELECT id, (data->>'jobId')::int AS job_id, retry_count >= retry_limit AS last FROM ${QUEUE_SCHEMA}.job
     WHERE name = $1 AND state = 'active' AND started_on < now() - make_interval(secs => $2)`,
    [INGEST_QUEUE, LOCK_GRACE_SECONDS],
  );
  const recovered: number[] = [];
  for (const entry of rows) {
    const jobLog = log.child({ jobId: entry.job_id });
    try {
      const outcome = await withTransaction(pool, (client) => recoverEntry(client, boss, entry));
      if (outcome === 'completed') jobLog.info('already finished; its queue entry is completed');
      if (outcome === 'requeued') {
        recovered.push(entry.job_id);
        jobLog.info('its worker died; re-queued for retry');
      }
    } catch (err) {
      jobLog.error({ err }, 'recovery failed');
    }
    const row = await getJob(pool, entry.job_id);
    if (row && publish) await publish(progressFromRow(row));
  }
  return recovered;
}

/** In one transaction with the queue row locked: leaves a live entry alone, completes or fails a dead one. */
async function recoverEntry(
  client: pg.PoolClient,
  boss: PgBoss,
  entry: { id: string; job_id: number; last: boolean },
): Promise<'alive' | 'completed' | 'requeued'> {
  const still = await client.query(
    `SELECT 1 FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND id = $2 AND state = 'active'
       AND started_on < now() - make_interval(secs => $3) FOR UPDATE SKIP LOCKED`,
    [INGEST_QUEUE, entry.id, LOCK_GRACE_SECONDS],
  );
  if (!still.rowCount || !(await isLockFree(client, entry.job_id))) return 'alive';
  if (await isFinished(client, entry.job_id)) {
    await boss.complete(INGEST_QUEUE, entry.id, { recoveredAs: 'already finished' }, { db: inTransaction(client) });
    return 'completed';
  }
  await client.query(
    entry.last
      // a load that committed stays in the store: the job succeeded, maintenance clusters the rest
      ? `UPDATE ingestion_jobs j SET stage = 'done', finished_at = now(), finish_lsn = pg_current_wal_lsn()::text,
           status = CASE WHEN c.committed THEN 'succeeded' ELSE 'failed' END,
           rows_ingested = CASE WHEN c.committed THEN j.rows_ingested ELSE 0 END,
           seconds = CASE WHEN c.committed THEN j.queryable_seconds ELSE j.seconds END,
           error = CASE WHEN c.committed THEN 'the worker stopped while clustering and no retries are left; maintenance finishes it'
             ELSE 'the worker running this job stopped, and no retries are left' END
         FROM (SELECT EXISTS (SELECT 1 FROM ingested_files WHERE job_id = $1) AS committed) c
         WHERE j.id = $1 AND j.status IN ('queued', 'running')`
      : `UPDATE ingestion_jobs SET status = 'queued', stage = 'queued',
           error = 'the worker running this job stopped; it will be retried'
         WHERE id = $1 AND status IN ('queued', 'running')`,
    [entry.job_id],
  );
  await boss.fail(INGEST_QUEUE, entry.id, { message: 'worker died (job lock free)' }, { db: inTransaction(client) });
  return 'requeued';
}

/** True when the job row is final (or gone): nothing is left to retry. */
async function isFinished(client: pg.PoolClient, jobId: number): Promise<boolean> {
  const { rows } = await client.query<{ status: string }>('SELECT status FROM ingestion_jobs WHERE id = $1', [jobId]);
  // (a job being deleted or deleted finished its ingestion)
  return !rows.length || (rows[0].status !== 'queued' && rows[0].status !== 'running');
}
