// Current state of jobs for a client that subscribes mid-job: read from the job rows.
import type pg from 'pg';
import { getJob, listJobs } from '../jobs/job-store';
import { progressFromRow, type JobProgress } from '../jobs/job-progress';

async function elapsed(db: pg.Pool, id: number): Promise<number | null> {
  const { rows } = await db.query<{ s: number | null }>(
    'SELECT EXTRACT(EPOCH FROM (localtimestamp - started_at))::float8 AS s FROM ingestion_jobs WHERE id = $1',
    [id],
  );
  return rows[0]?.s ?? null;
}

export async function jobSnapshot(db: pg.Pool, id: number): Promise<JobProgress | null> {
  const row = await getJob(db, id);
  return row ? progressFromRow(row, await elapsed(db, id)) : null;
}

/** Queued and running jobs among the most recent ones. */
export async function activeJobsSnapshot(db: pg.Pool, recent = 200): Promise<JobProgress[]> {
  const rows = (await listJobs(db, recent)).filter((r) => r.status === 'queued' || r.status === 'running');
  return Promise.all(rows.reverse().map(async (r) => progressFromRow(r, await elapsed(db, r.id))));
}
