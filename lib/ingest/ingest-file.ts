// The ingestion engine: CSV file -> validated, normalised trips -> COPY into the partitioned
// store, with trip_groups and cell aggregates, in ONE transaction per file. A crash at any point
// rolls everything back (no partial rows); the file's SHA-256 in `ingested_files`, written in
// the same transaction, makes a second ingestion of the same content a no-op. The job is finished
// only once the partitions are clustered too; an attempt that finds its own load committed (the
// previous one died while clustering) only finishes the clustering.
import fs from 'node:fs';
import type pg from 'pg';
import { getPool, withTransaction } from '../db/pool';
import { log as rootLog, type Logger } from '../log';
import type { IngestJob, JobBook } from './job-book';
import type { FinalStatus, JobStage } from './job-status';
import type { Aggregates } from './aggregates';
import { inlineReader, threadReader } from './reader-source';
import { HeaderError } from './header';
import { DEFAULT_CHUNK_ROWS } from '../env/ingest-defaults';
import { DEFAULT_ORGANISE, finishPendingClustering, partitionsToCluster, recordPendingClustering, type OrganisePolicy, type PartitionKey } from './cluster';
import { analysePartitions, recordIngestionWeeks } from './ingestion-weeks';
import { buildRollupsInLoad } from './similar-rollup';
import { ensureStoreSettings, type StoreSettings } from './store-settings';
import { TripSink } from './trip-sink';
import { storedNames } from './names';
import { MAX_DATASOURCES, MAX_REGIONS } from './trip-names';

/** Files from this size on are parsed in a worker thread (starting one costs ~0.3 s). */
const THREAD_MIN_BYTES = 16 * 1024 ** 2;
const PROGRESS_MS = 250;
const PERSIST_MS = 1000;
const MAX_REPORTED_REJECTS = 100;

export interface IngestProgress {
  jobId: number;
  file: string;
  status: 'running' | FinalStatus;
  stage: JobStage;
  bytesDone: number;
  bytesTotal: number;
  rowsDone: number;
  rowsRejected: number;
  rowsPerSecond: number;
  seconds: number;
  /** once the rows are committed: seconds until then (`seconds` goes on through clustering) */
  queryableSeconds?: number;
}

/** Where the file had got to once the rows of one reader message are all written. */
interface WrittenMark {
  rowsIngested: number;
  rowsTotal: number;
  rowsRejected: number;
  bytes: number;
}

export interface IngestResult {
  jobId: number;
  file: string;
  status: FinalStatus;
  rowsTotal: number;
  rowsIngested: number;
  rowsRejected: number;
  rejects: { line: number; reason: string }[];
  seconds: number;
  /** seconds until the rows were committed (queryable); the rest was clustering */
  queryableSeconds?: number;
  extraColumns: string[];
  duplicateOf?: number;
  error?: string;
}

export interface IngestOptions {
  databaseUrl: string;
  /** where the job's progress and outcome are recorded (lib/jobs/job-store.ts's jobBook) */
  jobs: JobBook;
  filePath: string;
  /** the job to run: a queued one (uploads, inbox) or one made by lib/jobs/own-ingestion.ts */
  jobId: number;
  /** known content hash (uploads hash on the way in); otherwise computed */
  sha256?: string;
  chunkSize?: number;
  /** rows the in-memory aggregates hold before writing them out as partial rows (default KEYS_PER_SPILL; tests) */
  spillRows?: number;
  /** when a partition's runs are rewritten in one map order (default DEFAULT_ORGANISE) */
  organise?: OrganisePolicy;
  cellPrecision: number;
  bucketMinutes: number;
  onProgress?: (p: IngestProgress) => void;
  /** parse in a worker thread (default: for files of 16 MB and more) */
  thread?: boolean;
  /** regions and datasources the store may hold (default MAX_REGIONS, MAX_DATASOURCES; tests use a few) */
  maxNames?: { regions: number; datasources: number };
  /** rewrite the touched partitions in map order after the load (default true; false leaves them pending for maintenance) */
  cluster?: boolean;
  /**
   * rebuild the similar-trips rollups of the regions the load changed in its transaction, so
   * they commit together (the worker's uploads, a one-file CLI load without maintenance); default
   * false: they stay stale, read from the weeks, until maintenance (the CLI's loads otherwise)
   */
  rollups?: boolean;
  /** the job's logger (default: the root logger with the job id) */
  log?: Logger;
}

class DuplicateFileError extends Error {
  constructor(readonly jobId: number) {
    super(`this file's content was already ingested by job ${jobId}; nothing changed`);
  }
}

export async function ingestFile(opts: IngestOptions): Promise<IngestResult> {
  const pool = getPool(opts.databaseUrl);
  const bytesTotal = fs.statSync(opts.filePath).size;
  const { jobs } = opts;
  const job = await jobs.getJob(pool, opts.jobId);
  if (!job) throw new Error(`job ${opts.jobId} not found`);
  const run = new IngestRun(pool, job.id, job.fileName, opts, bytesTotal);
  if (await loadCommitted(pool, job.id)) {
    await jobs.markResumed(pool, job.id);
    return run.resume(job);
  }
  await jobs.markRunning(pool, job.id);
  return run.execute();
}

class IngestRun {
  private started = performance.now();
  private stage: JobStage = 'parsing';
  private bytesDone = 0;
  private rowsTotal = 0;
  private rowsIngested = 0;
  private rowsRejected = 0;
  private extraColumns: string[] = [];
  private firstRejects: { line: number; reason: string }[] = [];
  private lastEmit = 0;
  private lastPersist = 0;
  private persisting: Promise<void> = Promise.resolve();
  private queryableSeconds: number | undefined;
  /** the partitions the committed load wrote */
  private touched: PartitionKey[] = [];
  private readonly log: Logger;

  constructor(
    private readonly pool: pg.Pool,
    private readonly jobId: number,
    private readonly fileName: string,
    private readonly opts: IngestOptions,
    private readonly bytesTotal: number,
  ) {
    this.log = opts.log ?? rootLog.child({ jobId });
  }

  async execute(): Promise<IngestResult> {
    const ended = await this.load();
    if (ended) return ended;
    // Committed: errors from here on propagate (the job is retried, and the retry resumes).
    // Organised first (and analysed there): the statistics then cover the new indexes' keys too.
    const organised = this.opts.cluster !== false ? await this.cluster() : new Set<string>();
    const rest = this.touched.filter((k) => !organised.has(`${k.regionId}|${k.week}`));
    await analysePartitions(this.pool, rest, (this.opts.organise ?? DEFAULT_ORGANISE).indexRows);
    this.log.debug(`analysed at ${this.elapsed()} s`);
    return this.finish('succeeded');
  }

  /** The attempt after one that died once its load had committed: finishes the clustering. */
  async resume(job: IngestJob): Promise<IngestResult> {
    this.rowsTotal = job.rowsTotal;
    this.rowsIngested = job.rowsIngested;
    this.rowsRejected = job.rowsRejected;
    this.extraColumns = job.extraColumns;
    this.firstRejects = (await this.opts.jobs.listRejects(this.pool, this.jobId, MAX_REPORTED_REJECTS)).map(({ line, reason }) => ({ line, reason }));
    // the job's time includes the committed attempt's load (this attempt's waiting in the queue is not counted)
    this.queryableSeconds = job.queryableSeconds ?? 0;
    this.started -= this.queryableSeconds * 1000;
    this.bytesDone = this.bytesTotal;
    await this.cluster();
    return this.finish('succeeded');
  }

  /** Loads the file in one transaction; returns the result when the job ended without a load. */
  private async load(): Promise<IngestResult | null> {
    try {
      // Uploads arrive with their hash; otherwise it is computed while parsing (one read pass).
      const known = this.opts.sha256;
      if (known) {
        const previous = await findIngested(this.pool, known);
        if (previous !== null) throw new DuplicateFileError(previous);
        await this.persist(known);
      }
      const settings = await ensureStoreSettings(this.pool, { precision: this.opts.cellPrecision, bucketMinutes: this.opts.bucketMinutes });
      await this.loadInTransaction(known, settings);
      return null;
    } catch (err) {
      await this.persisting;
      if (err instanceof DuplicateFileError) return this.finish('duplicate', err.message, err.jobId);
      const message = err instanceof HeaderError ? err.message : `ingestion failed: ${(err as Error).message}`;
      this.rowsIngested = 0;
      return this.finish('failed', message);
    }
  }

  /**
   * Committed data is exact already; clustering only makes box edges cheaper to read. If it
   * fails, the partitions stay pending for maintenance (finishPendingClustering).
   */
  private async cluster(): Promise<Set<string>> {
    this.stage = 'clustering';
    this.progress(this.bytesTotal, true);
    try {
      const done = await finishPendingClustering(this.pool, { jobId: this.jobId, onProgress: () => this.progress(this.bytesTotal) });
      this.log.debug(`clustered and analysed ${done.length} partitions at ${this.elapsed()} s`);
      return new Set(done.map((k) => `${k.regionId}|${k.week}`));
    } catch (err) {
      this.log.error({ err }, 'clustering failed (answers stay exact, edges slower)');
      return new Set();
    }
  }

  private loadInTransaction(knownSha: string | undefined, settings: StoreSettings): Promise<void> {
    return withTransaction(this.pool, async (client) => {
      if (knownSha) await claimContent(client, knownSha);
      const { aggregates, sha, touched, sink } = await this.parseAndCopy(client, settings, !knownSha);
      this.log.debug(`parsed and copied at ${this.elapsed()} s`);
      if (!knownSha) {
        await this.persist(sha);
        await claimContent(client, sha); // a duplicate found only now rolls the whole load back
      }
      this.stage = 'merging';
      this.progress(this.bytesTotal, true);
      await aggregates.merge(client);
      this.log.debug(`aggregates merged at ${this.elapsed()} s`);
      await recordPendingClustering(client, this.jobId, await partitionsToCluster(client, touched, this.opts.organise ?? DEFAULT_ORGANISE));
      await recordIngestionWeeks(client, this.jobId, touched);
      if (this.opts.rollups) {
        // still the 'merging' stage: the rollups are aggregates too
        const built = await buildRollupsInLoad(client, touched.map((k) => k.regionId));
        this.log.debug(`rolled up ${built.length} regions at ${this.elapsed()} s`);
      }
      await sink.attachStaged(); // last: other loads' new partitions wait for this commit
      await client.query('INSERT INTO ingested_files (sha256, job_id) VALUES ($1, $2)', [knownSha ?? sha, this.jobId]);
      await this.persisting; // no progress write may race the counts below
      this.queryableSeconds = (performance.now() - this.started) / 1000;
      await this.opts.jobs.recordLoaded(client, this.jobId, { ...this.summary('succeeded'), queryableSeconds: this.queryableSeconds });
      this.touched = touched; // analysed once committed
    });
  }

  /**
   * Parses the file in a worker thread (csv-reader.ts) and, here, turns its columns into
   * aggregates and binary COPY batches. Returns the aggregates and the content hash.
   */
  private async parseAndCopy(client: pg.PoolClient, settings: StoreSettings, hashContent: boolean): Promise<{ aggregates: Aggregates; sha: string; touched: PartitionKey[]; sink: TripSink }> {
    const chunkSize = this.opts.chunkSize ?? DEFAULT_CHUNK_ROWS;
    const sink = new TripSink(this.pool, client, this.jobId, settings, chunkSize, this.opts.spillRows);
    const known = await storedNames(this.pool);
    const max = this.opts.maxNames ?? { regions: MAX_REGIONS, datasources: MAX_DATASOURCES };
    const names = { regions: { known: known.regions, max: max.regions }, datasources: { known: known.datasources, max: max.datasources } };
    const input = { filePath: this.opts.filePath, hashContent, rowsPerMessage: Math.min(chunkSize, 50_000), names };
    const reader = (this.opts.thread ?? this.bytesTotal >= THREAD_MIN_BYTES) ? threadReader(input) : inlineReader(input);
    const marks: WrittenMark[] = [];
    let rejected = 0;
    let takeMs = 0;
    sink.onWritten = () => this.showWritten(marks, sink.rowsWritten);
    try {
      for await (const msg of reader.messages) {
        if (msg.type === 'header') {
          this.extraColumns = msg.extraColumns;
        } else if (msg.type === 'rows') {
          const t0 = performance.now();
          await sink.take(msg);
          takeMs += performance.now() - t0;
          reader.ack();
          for (const r of msg.rejects) {
            rejected++;
            if (this.firstRejects.length < MAX_REPORTED_REJECTS) this.firstRejects.push({ line: r.line, reason: r.reason });
          }
          marks.push({ rowsIngested: sink.rowsIngested, rowsTotal: msg.rowsTotal, rowsRejected: rejected, bytes: msg.bytesRead });
          this.showWritten(marks, sink.rowsWritten);
        } else if (msg.type === 'done') {
          this.log.debug(`file read at ${this.elapsed()} s (${(takeMs / 1000).toFixed(2)} s of it in the sink)`);
          await sink.finish();
          this.rowsTotal = msg.rowsTotal;
          this.rowsIngested = sink.rowsIngested;
          this.rowsRejected = rejected;
          return { aggregates: sink.aggregates, sha: msg.sha ?? '', touched: [...sink.touched.values()], sink };
        } else {
          throw msg.headerError ? new HeaderError(msg.message) : new Error(msg.message);
        }
      }
      throw new Error('CSV reader ended without finishing');
    } finally {
      await reader.close();
    }
  }

  /**
   * Progress shows rows whose COPY finished, and the bytes the reader had read when it sent the
   * last of them: the reader and the batch being filled run ahead of what is in the database.
   */
  private showWritten(marks: WrittenMark[], rowsWritten: number): void {
    let last: WrittenMark | undefined;
    while (marks.length && marks[0].rowsIngested <= rowsWritten) last = marks.shift();
    if (!last) return;
    this.rowsTotal = last.rowsTotal;
    this.rowsIngested = last.rowsIngested;
    this.rowsRejected = last.rowsRejected;
    this.progress(last.bytes);
  }

  private elapsed(): string {
    return ((performance.now() - this.started) / 1000).toFixed(2);
  }

  private summary(status: FinalStatus, error?: string, duplicateOf?: number) {
    return {
      status,
      rowsTotal: this.rowsTotal,
      rowsIngested: status === 'succeeded' ? this.rowsIngested : 0,
      rowsRejected: this.rowsRejected,
      bytesDone: this.bytesDone,
      extraColumns: this.extraColumns,
      seconds: (performance.now() - this.started) / 1000,
      queryableSeconds: this.queryableSeconds ?? null,
      error: error ?? null,
      duplicateOf: duplicateOf ?? null,
    };
  }

  private async finish(status: FinalStatus, error?: string, duplicateOf?: number): Promise<IngestResult> {
    await this.persisting; // no progress write may race the final status
    const s = this.summary(status, error, duplicateOf);
    await this.opts.jobs.finishJob(this.pool, this.jobId, s);
    this.stage = 'done';
    this.emit(status);
    return {
      jobId: this.jobId,
      file: this.fileName,
      status,
      rowsTotal: s.rowsTotal,
      rowsIngested: s.rowsIngested,
      rowsRejected: s.rowsRejected,
      rejects: this.firstRejects,
      seconds: Math.round(s.seconds * 1000) / 1000,
      ...(this.queryableSeconds !== undefined ? { queryableSeconds: Math.round(this.queryableSeconds * 1000) / 1000 } : {}),
      extraColumns: this.extraColumns,
      ...(duplicateOf !== undefined ? { duplicateOf } : {}),
      ...(error ? { error } : {}),
    };
  }

  /** Throttled: notifies the listener a few times a second and the job row about once a second. */
  private progress(bytesDone: number, force = false): void {
    this.bytesDone = bytesDone;
    const now = performance.now();
    if (force || now - this.lastEmit >= PROGRESS_MS) {
      this.lastEmit = now;
      this.emit('running');
    }
    if (force || now - this.lastPersist >= PERSIST_MS) {
      this.lastPersist = now;
      void this.persist();
    }
  }

  private persist(sha256?: string): Promise<void> {
    const snapshot = {
      stage: this.stage, bytesDone: this.bytesDone, rowsTotal: this.rowsTotal,
      rowsIngested: this.rowsIngested, rowsRejected: this.rowsRejected, sha256,
    };
    this.persisting = this.persisting.then(() => this.opts.jobs.recordProgress(this.pool, this.jobId, snapshot)).catch(() => {});
    return this.persisting;
  }

  private emit(status: IngestProgress['status']): void {
    const seconds = (performance.now() - this.started) / 1000;
    this.opts.onProgress?.({
      jobId: this.jobId, file: this.fileName, status, stage: this.stage,
      bytesDone: status === 'running' ? this.bytesDone : this.bytesTotal, bytesTotal: this.bytesTotal,
      rowsDone: this.rowsTotal, rowsRejected: this.rowsRejected,
      rowsPerSecond: seconds > 0 ? Math.round(this.rowsTotal / seconds) : 0, seconds,
      ...(this.queryableSeconds !== undefined ? { queryableSeconds: this.queryableSeconds } : {}),
    });
  }
}

/** Serialises ingestions of the same content and refuses content that is already in the store. */
async function claimContent(client: pg.PoolClient, sha: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`file:${sha}`]);
  const previous = await findIngested(client, sha);
  if (previous !== null) throw new DuplicateFileError(previous);
}

/** True once the job's load has committed (its file is recorded as ingested): an attempt that died after it left only organising. */
export async function loadCommitted(pool: pg.Pool | pg.PoolClient, jobId: number): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM ingested_files WHERE job_id = $1', [jobId]);
  return !!rowCount;
}

async function findIngested(db: pg.Pool | pg.PoolClient, sha: string): Promise<number | null> {
  const { rows } = await db.query<{ job_id: number }>('SELECT job_id FROM ingested_files WHERE sha256 = $1', [sha]);
  return rows[0]?.job_id ?? null;
}
