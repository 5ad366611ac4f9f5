// The statuses and stages of an ingestion job: one contract for the engine, the job store, the
// worker, Socket.IO payloads and the browser (type-only and constants, safe to import anywhere).

export const FINAL_STATUSES = ['succeeded', 'failed', 'duplicate'] as const;
/** How an ingestion ended. */
export type FinalStatus = (typeof FINAL_STATUSES)[number];
/** A succeeded ingestion being deleted (delete-ingestion.ts), then deleted: its rows are gone, the job row stays. */
export type DeletionStatus = 'deleting' | 'deleted';
export type JobStatus = 'queued' | 'running' | FinalStatus | DeletionStatus;
export type JobStage = 'queued' | 'parsing' | 'merging' | 'clustering' | 'deleting' | 'done';

/** True for a status after which nothing more happens to the job. */
export function isFinalStatus(status: string): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** True once the job's current work is over: an ingestion ended, or a deletion finished. */
export const isSettledStatus = (status: string): boolean => isFinalStatus(status) || status === 'deleted';

/** Only a succeeded ingestion can be deleted (again, while its deletion is unfinished). */
export const isDeletable = (status: string): boolean => status === 'succeeded' || status === 'deleting';
