// Environment of the ingestion worker process (and the ingest CLI, which runs the same engine).
import path from 'node:path';
import { z } from 'zod';
import { commonEnv, parseEnv } from './common';
import { DEFAULT_CHUNK_ROWS, DEFAULT_ORGANISE, type OrganisePolicy } from './ingest-defaults';

export const workerEnvShape = {
  ...commonEnv,
  /**
   * Rows buffered before a COPY (the unit of sorting in map order): each batch writes one sorted
   * run to every partition it touches, so bigger batches mean fewer runs; ~60 bytes of memory a row.
   */
  INGESTION_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000_000).default(DEFAULT_CHUNK_ROWS),
  /** A partition whose loads wrote more sorted runs than this is rewritten in one map order (CLUSTER). */
  ORGANISE_MAX_RUNS: z.coerce.number().int().min(0).max(1000).default(DEFAULT_ORGANISE.maxRuns),
  /** When the worker runs store maintenance besides after loads (cron, the server's time zone); "off" for never. */
  MAINTENANCE_CRON: z.string().default('30 3 * * *'),
  /** Partitions with fewer rows than this are never rewritten (read whole, they cost about a millisecond). */
  ORGANISE_MIN_ROWS: z.coerce.number().int().min(0).default(DEFAULT_ORGANISE.minRows),
  /** Partitions with at least this many rows get their indexes: BRIN on the origin, B-tree on the destination block (smaller ones are read whole). */
  ORGANISE_INDEX_ROWS: z.coerce.number().int().min(0).default(DEFAULT_ORGANISE.indexRows),
  /** Jobs one worker process runs at the same time. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Folder watched for CSV files to ingest without the browser; done/ and failed/ sit inside it. */
  INBOX_DIR: z.string().default(path.join(process.cwd(), 'storage', 'inbox')),
  /** Seconds without a heartbeat after which a job whose worker died is retried. */
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).default(60 * 60 * 6),
  /** Retries of a job after its worker died or its attempt threw (failures of the file itself are final). */
  JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(5),
  /** How often (seconds) a worker looks for running jobs whose worker died (their advisory lock is free). */
  JOB_RECOVERY_SECONDS: z.coerce.number().min(0.5).max(3600).default(5),
  /** How often (seconds) the queue is polled for new jobs. */
  QUEUE_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  /** How often (seconds) the inbox is scanned; a file is taken once its size is unchanged for one scan. 0 disables the inbox. */
  INBOX_POLL_SECONDS: z.coerce.number().min(0).max(3600).default(2),
  /** Keep uploaded files after a successful or duplicate ingestion ("true"); by default they are deleted (failed ones are kept). */
  KEEP_UPLOADS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** On SIGTERM, seconds to let running jobs finish before exiting (unfinished ones are retried by the next worker). */
  WORKER_SHUTDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(30),
};

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;
export const loadWorkerEnv = (source: NodeJS.ProcessEnv = process.env) => parseEnv(workerEnvShape, source);

/** The organise policy the worker's settings ask for. */
export const organisePolicy = (env: WorkerEnv): OrganisePolicy =>
  ({ maxRuns: env.ORGANISE_MAX_RUNS, minRows: env.ORGANISE_MIN_ROWS, indexRows: env.ORGANISE_INDEX_ROWS });
