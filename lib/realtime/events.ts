// The Socket.IO contract between the web server and the browser (both import these names):
//   client -> server  'jobs:subscribe'  SubscribePayload      (no jobId: all jobs)
//   server -> client  'job:progress'    JobProgress           (current state at once, then every
//                                                             update, and a final one on completion)
//   server -> client  'jobs:error'      ErrorPayload          (bad subscribe payload, etc.)
// The connection itself needs admin credentials in the handshake (session cookie, or
// `auth: { token }` / `Authorization: Bearer`); without them the client gets `connect_error`
// with message 'unauthorized' and no data.
import type { JobProgress } from '../jobs/job-progress';

export type { JobProgress };

export const SUBSCRIBE_EVENT = 'jobs:subscribe';
export const PROGRESS_EVENT = 'job:progress';
export const ERROR_EVENT = 'jobs:error';
export const ALL_JOBS_ROOM = 'jobs';
export const jobRoom = (jobId: number) => `job:${jobId}`;

export interface SubscribePayload {
  jobId?: number;
}

export interface ErrorPayload {
  code: string;
  message: string;
}

/** PostgreSQL NOTIFY channel the workers publish progress on. */
export const PROGRESS_CHANNEL = 'trip_atlas_job_progress';
