// The statuses and stages of an ingestion job: one contract for the engine, the job store, the
// worker, Socket.IO payloads and the browser (type-only and constants, safe to import anywhere).

export const FINAL_STATUSES = ['succeeded', 'failed', 'duplicate'] as const;
/** How an ingestion ended. */
export type FinalStatus = (typeof FINAL_STATUSES)[number];
export type JobStatus = 'queued' | 'running' | FinalStatus;
export type JobStage = 'queued' | 'parsing' | 'merging' | 'clustering' | 'done';

/** True for a status after which nothing more happens to the job. */
export function isFinalStatus(status: string): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}
