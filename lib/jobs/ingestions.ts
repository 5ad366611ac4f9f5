// The ingestion job API behind /api/ingestions: upload -> stored files -> job rows + queue
// entries (one transaction), recent jobs, one job with its first rejects, the reject report.
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { notFound } from '../http/api-error';
import { progressFromRow } from '../realtime/events';
import type { Publish } from '../realtime/publish';
import type { FileStorage } from '../uploads/storage';
import type { StoredUpload } from '../uploads/receive';
import type PgBoss from 'pg-boss';
import { createJob, getJob, listJobs, listRejects, type JobRow, type RejectRow } from './job-store';
import { enqueueIngestion } from './queue';

export { UPLOAD_SOURCE } from './sources';
import { UPLOAD_SOURCE } from './sources';
export const FIRST_REJECTS = 100;

export interface QueuedJob {
  id: number;
  file: string;
  status: JobRow['status'];
}

/** Creates a queued job per stored upload and enqueues it, all or nothing. */
export async function queueUploads(
  pool: pg.Pool,
  boss: PgBoss,
  storage: FileStorage,
  uploads: StoredUpload[],
  publish?: Publish,
): Promise<QueuedJob[]> {
  try {
    const rows = await withTransaction(pool, async (client) => {
      const created: JobRow[] = [];
      for (const u of uploads) {
        const job = await createJob(client, {
          fileName: u.fileName, storagePath: await storage.localPath(u.key), sizeBytes: u.bytes, sha256: u.sha256, source: UPLOAD_SOURCE,
        });
        await enqueueIngestion(boss, job.id, client);
        created.push(job);
      }
      return created;
    });
    for (const row of rows) await publish?.(progressFromRow(row));
    return rows.map((r) => ({ id: r.id, file: r.fileName, status: r.status }));
  } catch (err) {
    await Promise.all(uploads.map((u) => storage.delete(u.key).catch(() => {})));
    throw err;
  }
}

export const recentJobs = (pool: pg.Pool, limit = 50) => listJobs(pool, limit);

export async function jobWithRejects(pool: pg.Pool, id: number): Promise<{ job: JobRow; rejects: RejectRow[] }> {
  const job = await getJob(pool, id);
  if (!job) throw notFound(`no ingestion job ${id}`);
  return { job, rejects: await listRejects(pool, id, FIRST_REJECTS) };
}

const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The full reject report as CSV (line,reason,raw), streamed page by page from the database. */
export async function rejectReport(pool: pg.Pool, id: number): Promise<ReadableStream<Uint8Array>> {
  if (!(await getJob(pool, id))) throw notFound(`no ingestion job ${id}`);
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
