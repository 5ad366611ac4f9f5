// Environment of the ingestion worker process (and the ingest CLI, which runs the same engine).
import path from 'node:path';
import { z } from 'zod';
import { commonEnv, parseEnv } from './common';

export const workerEnvShape = {
  ...commonEnv,
  /** Rows per COPY batch (also the unit of sorting before COPY). */
  INGESTION_CHUNK_SIZE: z.coerce.number().int().min(1).max(5_000_000).default(200_000),
  /** Jobs one worker process runs at the same time. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Folder watched for CSV files to ingest without the browser; done/ and failed/ sit inside it. */
  INBOX_DIR: z.string().default(path.join(process.cwd(), 'storage', 'inbox')),
  /** Seconds without a heartbeat after which a job whose worker died is retried. */
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).default(60 * 60 * 6),
};

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;
export const loadWorkerEnv = (source: NodeJS.ProcessEnv = process.env) => parseEnv(workerEnvShape, source);
