// Runs the ingestion engine the way the CLI does, for tests.
import { DEFAULT_BUCKET_MINUTES, DEFAULT_CELL_PRECISION } from '../geo/grid-defaults';
import { ingestFile, type IngestOptions } from '../ingest/ingest-file';
import { jobBook } from '../jobs/job-store';

export const ingest = (databaseUrl: string, filePath: string, extra: Partial<IngestOptions> = {}) =>
  ingestFile({ databaseUrl, filePath, jobs: jobBook, cellPrecision: DEFAULT_CELL_PRECISION, bucketMinutes: DEFAULT_BUCKET_MINUTES, ...extra });
