// The Socket.IO contract between the web server and the browser (the UI relies on it exactly):
//   client -> server  'jobs:subscribe'  { jobId?: number }   (no jobId: all jobs)
//   server -> client  'job:progress'    JobProgress          (current state at once, then every
//                                                             update, and a final one on completion)
//   server -> client  'jobs:error'      { code, message }    (bad subscribe payload, etc.)
// The connection itself needs admin credentials in the handshake (session cookie, or
// `auth: { token }` / `Authorization: Bearer`); without them the client gets `connect_error`
// with message 'unauthorized' and no data.
import type { JobRow, JobStage, JobStatus } from '../jobs/job-store';

export const SUBSCRIBE_EVENT = 'jobs:subscribe';
export const PROGRESS_EVENT = 'job:progress';
export const ERROR_EVENT = 'jobs:error';
export const ALL_JOBS_ROOM = 'jobs';
export const jobRoom = (jobId: number) => `job:${jobId}`;

/** PostgreSQL NOTIFY channel the workers publish progress on. */
export const PROGRESS_CHANNEL = 'trip_atlas_job_progress';

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
  error?: string;
}

/** The progress payload of a job row; `elapsedSeconds` is the running time of a running job. */
export function progressFromRow(row: JobRow, elapsedSeconds?: number | null): JobProgress {
  const running = row.status === 'running';
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
