// Variables every process reads. Each process has its own module (web.ts, worker.ts) built on this.
import path from 'node:path';
import { z } from 'zod';
import { MAX_PRECISION } from '../geo/cells';
import { DEFAULT_BUCKET_MINUTES, DEFAULT_CELL_PRECISION } from '../geo/grid-defaults';
import { STORE_LAYOUTS } from '../db/store-layout';
import { StartupError } from '../process/fatal';

// Paths default relative to the project root (the working directory of every entry point).
const ROOT = process.cwd();

export const commonEnv = {
  /** PostgreSQL URL. Unset: an embedded PostgreSQL is started with data in .data/postgres. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder where uploaded files are stored (one sub-folder per job). */
  STORAGE_DIR: z.string().default(path.join(ROOT, 'storage')),
  /**
   * Where uploads are stored: `s3://bucket/prefix` (S3-compatible; endpoint and credentials from
   * AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION) or a local folder.
   * Unset: STORAGE_DIR. Web servers and workers must all reach it.
   */
  STORAGE_URL: z.string().min(1).optional(),
  /** Geohash precision of similar-trip cells and box aggregates (1-6), fixed by the first ingestion. */
  GROUP_CELL_PRECISION: z.coerce.number().int().min(1).max(MAX_PRECISION).default(DEFAULT_CELL_PRECISION),
  /** Time-of-day bucket of similar trips in minutes (divides 1440), fixed by the first ingestion. */
  GROUP_BUCKET_MINUTES: z.coerce.number().int().min(1).max(1440).refine((m) => 1440 % m === 0, 'must divide 1440').default(DEFAULT_BUCKET_MINUTES),
  /**
   * Partitioning of store.trips, fixed at the first start: `region-week` (region, then ISO week)
   * or `week` (ISO week only: the layout Citus distributes by region_id, see sql/citus/).
   */
  STORE_LAYOUT: z.enum(STORE_LAYOUTS).default('region-week'),
  /** ISO weeks kept: maintenance drops whole weeks that started more than this many weeks before the current one. Unset: keep everything. */
  RETENTION_WEEKS: z.coerce.number().int().min(1).max(100_000).optional(),
};

/** Parses process.env against a schema, failing with one line per bad variable. */
export function parseEnv<T extends z.ZodRawShape>(shape: T, source: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<T>> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `invalid setting ${i.path.join('.')}: ${i.message}`);
    throw new StartupError(lines.join('\n'));
  }
  return result.data;
}
