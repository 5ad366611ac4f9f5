// Runs the ingestion engine the way the CLI does, for tests.
import { DEFAULT_BUCKET_MINUTES, DEFAULT_CELL_PRECISION } from '../geo/grid-defaults';
import { ingestFile, type IngestOptions } from '../ingest/ingest-file';
import { jobBook } from '../jobs/job-store';
import { ingestOwned } from '../jobs/own-ingestion';

export const ingest = (databaseUrl: string, filePath: string, extra: Partial<IngestOptions> = {}) => {
  const opts = { databaseUrl, filePath, jobs: jobBook, cellPrecision: DEFAULT_CELL_PRECISION, bucketMinutes: DEFAULT_BUCKET_MINUTES, ...extra };
  // a job of its own holds its lock while it runs (as the CLI's do); a given job is the caller's
  return extra.jobId ? ingestFile({ ...opts, jobId: extra.jobId }) : ingestOwned(opts);
};
