-- The primary's WAL position when a job finished (pg_current_wal_lsn()), so the admin page can
-- tell when a read replica has replayed the job's rows.
ALTER TABLE "ingestion_jobs" ADD COLUMN "finish_lsn" TEXT;
