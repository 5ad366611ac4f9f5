// The progress of one ingestion job as the browser sees it (the Socket.IO `job:progress`
// payload), made from a job row, and the port the job layer publishes it through (the realtime
// adapter implements it with PostgreSQL NOTIFY).
import type { JobStage, JobStatus } from '../ingest/job-status';
import type { JobRow } from './job-store';

export interface JobProgress {
  jobId: number;
  file: string;
  status: JobStatus;
  stage: JobStage;
  bytesDone: number;
  bytesTotal: number;
  rowsDone: number;
  rowsIngested: number;
  rowsRejected: number;
  rowsPerSecond: number;
  /** wall time so far; once finished, from start to truly finished (clustering included) */
  seconds: number;
  /** once the rows are committed: seconds until they were queryable */
  queryableSeconds?: number;
  /** while deleting: trips partitions done of those the ingestion wrote */
  partitionsDone?: number;
  partitionsTotal?: number;
  error?: string;
}

/** Sends a progress update to whoever watches (in order; never fails the job). */
export type PublishProgress = (p: JobProgress) => Promise<void>;

/** The progress payload of a job row; `elapsedSeconds` is the running time of a running job. */
export function progressFromRow(row: JobRow, elapsedSeconds?: number | null): JobProgress {
  const running = row.status === 'running' || row.status === 'deleting';
  const seconds = running ? Math.max(0, elapsedSeconds ?? 0) : (row.seconds ?? 0);
  return {
    jobId: row.id,
    file: row.fileName,
    status: row.status,
    stage: row.stage,
    bytesDone: Number(row.bytesDone),
    bytesTotal: Number(row.sizeBytes),
    rowsDone: row.rowsTotal,
    rowsIngested: row.rowsIngested,
    rowsRejected: row.rowsRejected,
    rowsPerSecond: seconds > 0 ? Math.round(row.rowsTotal / seconds) : 0,
    seconds,
    ...(row.queryableSeconds != null ? { queryableSeconds: row.queryableSeconds } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}
