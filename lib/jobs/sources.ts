// Where a job's file came from (ingestion_jobs.source).
/** The ingest script's (and any ingestion run in its own process without the queue: ingestOwned). */
export const CLI_SOURCE = 'cli';
export const UPLOAD_SOURCE = 'upload';
export const INBOX_SOURCE = 'inbox';
