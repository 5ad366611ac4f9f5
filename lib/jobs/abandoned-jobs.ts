// Jobs of ingestions run without the queue (the CLI, npm start's sample: own-ingestion.ts) whose process died: they
// still say queued or running, and nobody holds their lock. A load that had committed is whole
// (its organising is left to maintenance): the job is marked succeeded with the counts recorded
// at commit. Otherwise nothing of it was kept (one transaction): it is marked failed. Queue jobs
// are recovery.ts's (retried there); a job younger than the grace may not have taken its lock yet.
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { log } from '../log';
import { loadCommitted } from '../ingest/ingest-file';
import { isLockFree } from './job-lock';
import { progressFromRow, type PublishProgress } from './job-progress';
import { getJob } from './job-store';
import { OWN_PROCESS_SOURCES } from './sources';

export const ABANDONED_GRACE_SECONDS = 30;

export const INTERRUPTED = 'interrupted: the process loading this file ended before its load committed; nothing of it was kept';

/** Settles the abandoned jobs (each published, when given a publisher); returns their ids. */
export async function settleAbandonedJobs(
  pool: pg.Pool, { publish, graceSeconds = ABANDONED_GRACE_SECONDS }: { publish?: PublishProgress; graceSeconds?: number } = {},
): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    `SELECT id FROM ingestion_jobs WHERE source = ANY($1::text[]) AND status IN ('queued', 'running')
       AND created_at < now() - make_interval(secs => $2) ORDER BY id`, [OWN_PROCESS_SOURCES, graceSeconds]);
  const settled: number[] = [];
  for (const { id } of rows) {
    const status = await withTransaction(pool, (client) => settle(client, id));
    if (!status) continue;
    settled.push(id);
    log.info({ jobId: id, status }, `the process of this ingestion ended; job settled as ${status}`);
    const row = await getJob(pool, id);
    if (row && publish) await publish(progressFromRow(row));
  }
  return settled;
}

/** With the job row locked: leaves a live job alone (null), else marks it succeeded or failed. */
async function settle(client: pg.PoolClient, id: number): Promise<'succeeded' | 'failed' | null> {
  const still = await client.query(
    `SELECT 1 FROM ingestion_jobs WHERE id = $1 AND status IN ('queued', 'running') FOR UPDATE SKIP LOCKED`, [id]);
  if (!still.rowCount || !(await isLockFree(client, id))) return null;
  if (await loadCommitted(client, id)) {
    await client.query(
      `UPDATE ingestion_jobs SET status = 'succeeded', stage = 'done', error = NULL, finished_at = now(),
         seconds = coalesce(queryable_seconds, extract(epoch FROM now() - started_at)), finish_lsn = pg_current_wal_lsn()::text
       WHERE id = $1`, [id]);
    return 'succeeded';
  }
  await client.query(
    `UPDATE ingestion_jobs SET status = 'failed', stage = 'done', error = $2, rows_ingested = 0, finished_at = now(),
       seconds = extract(epoch FROM now() - coalesce(started_at, created_at)), finish_lsn = pg_current_wal_lsn()::text
     WHERE id = $1`, [id, INTERRUPTED]);
  return 'failed';
}
