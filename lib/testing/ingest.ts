// Runs the ingestion engine the way the CLI does, for tests.
import { ingestFile, type IngestOptions } from '../ingest/ingest-file';

export const ingest = (databaseUrl: string, filePath: string, extra: Partial<IngestOptions> = {}) =>
  ingestFile({ databaseUrl, filePath, cellPrecision: 6, bucketMinutes: 60, ...extra });
