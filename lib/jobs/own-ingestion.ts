// An ingestion run in this process, without the queue (the CLI): the job is made here and its
// lock (job-lock.ts) held while it runs, so that if the process dies (even kill -9) PostgreSQL
// frees the lock and abandoned-jobs.ts settles the job, instead of it saying `running` forever.
import fs from 'node:fs';
import path from 'node:path';
import { getPool } from '../db/pool';
import { ingestFile, type IngestOptions, type IngestResult } from '../ingest/ingest-file';
import { JobLock } from './job-lock';
import { CLI_SOURCE } from './sources';

/** `fileName`: shown to people (default: the file's base name); `source`: ingestion_jobs.source (default 'cli'). */
export async function ingestOwned(opts: Omit<IngestOptions, 'jobId'> & { fileName?: string; source?: string }): Promise<IngestResult> {
  const job = await opts.jobs.createJob(getPool(opts.databaseUrl), {
    fileName: opts.fileName ?? path.basename(opts.filePath), storagePath: opts.filePath,
    sizeBytes: fs.statSync(opts.filePath).size, sha256: opts.sha256, source: opts.source ?? CLI_SOURCE,
  });
  const lock = await JobLock.acquire(opts.databaseUrl, job.id);
  try {
    return await ingestFile({ ...opts, jobId: job.id });
  } finally {
    await lock.release();
  }
}
