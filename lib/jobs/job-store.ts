// Ingestion job bookkeeping outside the ingestion transaction (so progress is visible while it
// runs and a failure is recorded after a rollback). Success is recorded inside the transaction.
// Implements the engine's JobBook (lib/ingest/job-book.ts) as `jobBook`.
import type pg from 'pg';
import type { JobBook } from '../ingest/job-book';
import type { FinalStatus, JobStage, JobStatus } from '../ingest/job-status';

export interface JobRow {
  id: number;
  fileName: string;
  storagePath: string;
  sha256: string | null;
  sizeBytes: number;
  status: JobStatus;
  stage: JobStage;
  source: string;
  bytesDone: number;
  rowsTotal: number;
  rowsIngested: number;
  rowsRejected: number;
  extraColumns: string[];
  error: string | null;
  duplicateOf: number | null;
  attempts: number;
  /** wall time from start to finished, clustering included */
  seconds: number | null;
  /** wall time from start until the rows were committed (queryable) */
  queryableSeconds: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** the primary's WAL position when the job finished: a replica past it has the job's rows */
  finishLsn: string | null;
}

const COLUMNS = `id, file_name AS "fileName", storage_path AS "storagePath", sha256, size_bytes AS "sizeBytes",
  status, stage, source, bytes_done AS "bytesDone", rows_total AS "rowsTotal", rows_ingested AS "rowsIngested",
  rows_rejected AS "rowsRejected", extra_columns AS "extraColumns", error, duplicate_of AS "duplicateOf", attempts,
  seconds, queryable_seconds AS "queryableSeconds", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
  finish_lsn AS "finishLsn"`;

type Db = pg.Pool | pg.PoolClient;

export async function createJob(
  db: Db,
  job: { fileName: string; storagePath: string; sizeBytes: number; sha256?: string | null; source: string },
): Promise<JobRow> {
  const { rows } = await db.query<JobRow>(
    `INSERT INTO ingestion_jobs (file_name, storage_path, size_bytes, sha256, source)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [job.fileName, job.storagePath, job.sizeBytes, job.sha256 ?? null, job.source],
  );
  return rows[0];
}

export async function getJob(db: Db, id: number): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(`SELECT ${COLUMNS} FROM ingestion_jobs WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listJobs(db: Db, limit = 50): Promise<JobRow[]> {
  const { rows } = await db.query<JobRow>(`SELECT ${COLUMNS} FROM ingestion_jobs ORDER BY id DESC LIMIT $1`, [limit]);
  return rows;
}

/** Starts an attempt: counters reset, since a previous attempt's rows were rolled back. */
export async function markRunning(db: Db, id: number): Promise<void> {
  await db.query(
    `UPDATE ingestion_jobs SET status = 'running', stage = 'parsing', attempts = attempts + 1, started_at = now(),
       finished_at = NULL, error = NULL, bytes_done = 0, rows_total = 0, rows_ingested = 0, rows_rejected = 0,
       queryable_seconds = NULL
     WHERE id = $1`,
    [id],
  );
}

/**
 * Inside the load's transaction: the rows are in and counted, the job keeps running (its
 * clustering is left). A retry finds this committed state and only finishes the clustering.
 */
export async function recordLoaded(
  client: pg.PoolClient,
  id: number,
  l: { rowsTotal: number; rowsIngested: number; rowsRejected: number; bytesDone: number; extraColumns: string[]; queryableSeconds: number },
): Promise<void> {
  await client.query(
    `UPDATE ingestion_jobs SET stage = 'clustering', rows_total = $2, rows_ingested = $3, rows_rejected = $4,
       bytes_done = $5, extra_columns = $6, queryable_seconds = $7
     WHERE id = $1`,
    [id, l.rowsTotal, l.rowsIngested, l.rowsRejected, l.bytesDone, l.extraColumns, l.queryableSeconds],
  );
}

/** Starts an attempt of a job whose load already committed (counters kept): only clustering is left. */
export async function markResumed(db: Db, id: number): Promise<void> {
  await db.query(
    `UPDATE ingestion_jobs SET status = 'running', stage = 'clustering', attempts = attempts + 1, started_at = now(),
       finished_at = NULL, error = NULL
     WHERE id = $1`,
    [id],
  );
}

export async function recordProgress(
  db: Db,
  id: number,
  p: { stage: JobStage; bytesDone: number; rowsTotal: number; rowsIngested: number; rowsRejected: number; sha256?: string },
): Promise<void> {
  await db.query(
    `UPDATE ingestion_jobs SET stage = $2, bytes_done = $3, rows_total = $4, rows_ingested = $5, rows_rejected = $6,
       sha256 = coalesce($7, sha256)
     WHERE id = $1 AND status = 'running'`,
    [id, p.stage, p.bytesDone, p.rowsTotal, p.rowsIngested, p.rowsRejected, p.sha256 ?? null],
  );
}

export async function finishJob(
  db: Db,
  id: number,
  f: {
    status: FinalStatus;
    rowsTotal: number;
    rowsIngested: number;
    rowsRejected: number;
    bytesDone: number;
    extraColumns: string[];
    seconds: number;
    queryableSeconds?: number | null;
    error?: string | null;
    duplicateOf?: number | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE ingestion_jobs SET status = $2, stage = 'done', rows_total = $3, rows_ingested = $4, rows_rejected = $5,
       bytes_done = $6, extra_columns = $7, seconds = $8, error = $9, duplicate_of = $10, finished_at = now(),
       queryable_seconds = $11, finish_lsn = pg_current_wal_lsn()::text
     WHERE id = $1`,
    [id, f.status, f.rowsTotal, f.rowsIngested, f.rowsRejected, f.bytesDone, f.extraColumns, f.seconds,
     f.error ?? null, f.duplicateOf ?? null, f.queryableSeconds ?? null],
  );
}

export interface RejectRow {
  line: number;
  reason: string;
  raw: string;
}

export async function listRejects(db: Db, jobId: number, limit: number, afterLine = 0): Promise<RejectRow[]> {
  const { rows } = await db.query<RejectRow>(
    'SELECT line, reason, raw FROM rejected_rows WHERE job_id = $1 AND line > $2 ORDER BY line LIMIT $3',
    [jobId, afterLine, limit],
  );
  return rows;
}

/** The job bookkeeping handed to the ingestion engine. */
export const jobBook: JobBook = { createJob, getJob, listRejects, markRunning, markResumed, recordLoaded, recordProgress, finishJob };
