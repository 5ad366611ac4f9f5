// Where a job's file came from (ingestion_jobs.source). 'cli' is the ingest script's.
export const UPLOAD_SOURCE = 'upload';
export const INBOX_SOURCE = 'inbox';
