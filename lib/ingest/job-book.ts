// The job bookkeeping the ingestion engine needs, as an interface: the engine records its job's
// progress and outcome through it and never imports the job layer (lib/jobs/job-store.ts
// implements it; the queue processor in lib/jobs hands it in).
import type pg from 'pg';
import type { FinalStatus, JobStage } from './job-status';

type Db = pg.Pool | pg.PoolClient;

/** What the engine reads back from a job record. */
export interface IngestJob {
  id: number;
  /** name shown to people */
  fileName: string;
  rowsTotal: number;
  rowsIngested: number;
  rowsRejected: number;
  extraColumns: string[];
  queryableSeconds: number | null;
}

export interface JobCounts {
  rowsTotal: number;
  rowsIngested: number;
  rowsRejected: number;
  bytesDone: number;
}

export interface JobBook {
  createJob(db: Db, job: { fileName: string; storagePath: string; sizeBytes: number; sha256?: string | null; source: string }): Promise<IngestJob>;
  getJob(db: Db, id: number): Promise<IngestJob | null>;
  listRejects(db: Db, jobId: number, limit: number): Promise<{ line: number; reason: string }[]>;
  /** starts an attempt from scratch (counters reset) */
  markRunning(db: Db, id: number): Promise<void>;
  /** starts an attempt whose load already committed (only clustering is left) */
  markResumed(db: Db, id: number): Promise<void>;
  /** inside the load's transaction: the rows are in and counted */
  recordLoaded(client: pg.PoolClient, id: number, l: JobCounts & { extraColumns: string[]; queryableSeconds: number }): Promise<void>;
  recordProgress(db: Db, id: number, p: JobCounts & { stage: JobStage; sha256?: string }): Promise<void>;
  finishJob(db: Db, id: number, f: JobCounts & {
    status: FinalStatus; extraColumns: string[]; seconds: number; queryableSeconds?: number | null; error?: string | null; duplicateOf?: number | null;
  }): Promise<void>;
}
