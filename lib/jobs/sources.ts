// Where a job's file came from (ingestion_jobs.source).
/** The ingest script's (and any ingestion run in its own process without the queue: ingestOwned). */
export const CLI_SOURCE = 'cli';
/** npm start's load of the sample data. */
export const SAMPLE_SOURCE = 'sample';
/** Jobs run in their own process, not through the queue (own-ingestion.ts): abandoned-jobs.ts settles them. */
export const OWN_PROCESS_SOURCES = [CLI_SOURCE, SAMPLE_SOURCE];
export const UPLOAD_SOURCE = 'upload';
export const INBOX_SOURCE = 'inbox';
