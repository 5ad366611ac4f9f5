// Reading ingestion jobs for /api/ingestions: recent jobs, one job with its first rejects, the
// reject report. (Uploads become jobs in lib/uploads/queue-uploads.ts.)
import type pg from 'pg';
import { replicaState, type ReplicaState } from '../db/replica';
import { NotFoundError } from '../errors/domain-errors';
import { getJob, listJobs, listRejects, type JobRow, type RejectRow } from './job-store';

export const FIRST_REJECTS = 100;

export const recentJobs = (pool: pg.Pool, limit = 50) => listJobs(pool, limit);

export interface JobDetail {
  job: JobRow;
  rejects: RejectRow[];
  /**
   * With a read replica configured: whether it has replayed the finished job (the read API then
   * answers with its rows). null without a replica or while the job is not finished.
   */
  replica: ReplicaState | null;
}

/** `replica`: the read API's pool when it is a replica (DATABASE_READ_URL). */
export async function jobWithRejects(pool: pg.Pool, id: number, replica?: pg.Pool): Promise<JobDetail> {
  const job = await getJob(pool, id);
  if (!job) throw new NotFoundError(`no ingestion job ${id}`);
  const rejects = await listRejects(pool, id, FIRST_REJECTS);
  return { job, rejects, replica: replica && job.finishLsn ? await replicaState(replica, job.finishLsn) : null };
}

const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The full reject report as CSV (line,reason,raw), streamed page by page from the database. */
export async function rejectReport(pool: pg.Pool, id: number): Promise<ReadableStream<Uint8Array>> {
  if (!(await getJob(pool, id))) throw new NotFoundError(`no ingestion job ${id}`);
  const encoder = new TextEncoder();
  let after = 0;
  let header = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(encoder.encode('line,reason,raw\n'));
        return;
      }
      const page = await listRejects(pool, id, 5000, after);
      if (!page.length) return controller.close();
      after = page[page.length - 1].line;
      controller.enqueue(encoder.encode(page.map((r) => `${r.line},${csvField(r.reason)},${csvField(r.raw)}\n`).join('')));
    },
  });
}
