// Deleting one ingestion as a job: the request marks the job `deleting` and enqueues the work in
// one transaction (202 at once); a worker runs it (lib/ingest/delete-ingestion.ts), publishing
// progress per trips partition like a load, and the last transaction marks the job `deleted`.
// A deletion cut short (worker killed) is finished by the queue's retry.
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { deleteIngestionData } from '../ingest/delete-ingestion';
import { isDeletable } from '../ingest/job-status';
import { log } from '../log';
import { progressFromRow, type PublishProgress } from './job-progress';
import { getJob, type JobRow } from './job-store';
import { enqueueDeletion } from './queue';

export async function requestDeletion(pool: pg.Pool, boss: PgBoss, jobId: number): Promise<JobRow> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ status: string }>('SELECT status FROM ingestion_jobs WHERE id = $1 FOR UPDATE', [jobId]);
    if (!rows.length) throw new NotFoundError(`no ingestion job ${jobId}`);
    if (!isDeletable(rows[0].status)) throw new ConflictError(`job ${jobId} is ${rows[0].status}: only a succeeded ingestion can be deleted`);
    await client.query(`UPDATE ingestion_jobs SET status = 'deleting', stage = 'deleting', error = NULL, started_at = now(), finished_at = NULL
      WHERE id = $1`, [jobId]);
    await enqueueDeletion(boss, jobId, client);
    return (await getJob(client, jobId))!;
  });
}

/** Runs a requested deletion to the end (or does nothing if the job is not being deleted). */
export async function runDeletionJob(pool: pg.Pool, publish: PublishProgress, jobId: number): Promise<JobRow | null> {
  const job = await getJob(pool, jobId);
  if (!job || job.status !== 'deleting') return job;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  await publish({ ...progressFromRow(job, 0), partitionsDone: 0 });
  const result = await deleteIngestionData(pool, jobId, {
    onPartition: (done, total) => publish({ ...progressFromRow(job, seconds()), partitionsDone: done, partitionsTotal: total }),
    finish: async (client) => {
      await client.query(`UPDATE ingestion_jobs SET status = 'deleted', stage = 'done', finished_at = now() WHERE id = $1`, [jobId]);
    },
  });
  log.info({ jobId, ...result }, `ingestion ${jobId} deleted: ${result.trips} trips from ${result.partitions} partitions`);
  const final = (await getJob(pool, jobId))!;
  await publish({ ...progressFromRow(final), partitionsDone: result.partitions, partitionsTotal: result.partitions });
  return final;
}
