// Stored uploads -> one queued ingestion job each (job rows and queue entries in one
// transaction); on any failure the stored files are deleted again.
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { progressFromRow, type PublishProgress } from '../jobs/job-progress';
import { createJob, type JobRow } from '../jobs/job-store';
import { enqueueIngestion } from '../jobs/queue';
import { UPLOAD_SOURCE } from '../jobs/sources';
import type { StoredUpload } from './receive';
import type { FileStorage } from './storage';

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
  publish?: PublishProgress,
): Promise<QueuedJob[]> {
  try {
    const rows = await withTransaction(pool, async (client) => {
      const created: JobRow[] = [];
      for (const u of uploads) {
        const job = await createJob(client, {
          fileName: u.fileName, storagePath: storage.locate(u.key), sizeBytes: u.bytes, sha256: u.sha256, source: UPLOAD_SOURCE,
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
