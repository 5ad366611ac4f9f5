// The ingestion engine: CSV file -> validated, normalised trips -> COPY into the partitioned
// store, with trip_groups and cell aggregates, in ONE transaction per file. A crash at any point
// rolls everything back (no partial rows); the file's SHA-256 in `ingested_files`, written in
// the same transaction, makes a second ingestion of the same content a no-op.
import { isAscii } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import type pg from 'pg';
import { getPool } from '../db/pool';
import { latToY, lonToX, morton } from '../geo/cells';
import { dayToIsoDate, weekStartDay } from '../geo/wall-time';
import { createJob, finishJob, getJob, markRunning, recordProgress, type JobStage } from '../jobs/job-store';
import { Aggregates } from './aggregates';
import { copyEscape, copyText, joinLines } from './copy-text';
import { HeaderError, readHeader, type HeaderMap } from './header';
import { NameIds } from './names';
import { normaliseRow } from './normalise-row';
import { ensurePartitions } from './partitions';
import { ensureStoreSettings, type StoreSettings } from './store-settings';
import { MAX_BATCH_ROWS, TripBatch } from './trip-batch';

export const DEFAULT_CHUNK_SIZE = 200_000;
const PROGRESS_MS = 250;
const PERSIST_MS = 1000;
export const MAX_REPORTED_REJECTS = 100;

export interface IngestProgress {
  jobId: number;
  file: string;
  status: 'running' | 'succeeded' | 'failed' | 'duplicate';
  stage: JobStage;
  bytesDone: number;
  bytesTotal: number;
  rowsDone: number;
  rowsRejected: number;
  rowsPerSecond: number;
  seconds: number;
}

export interface IngestResult {
  jobId: number;
  file: string;
  status: 'succeeded' | 'failed' | 'duplicate';
  rowsTotal: number;
  rowsIngested: number;
  rowsRejected: number;
  rejects: { line: number; reason: string }[];
  seconds: number;
  extraColumns: string[];
  duplicateOf?: number;
  error?: string;
}

export interface IngestOptions {
  databaseUrl: string;
  filePath: string;
  /** name shown to people (defaults to the file's base name) */
  fileName?: string;
  /** an existing queued job (uploads, inbox); otherwise one is created */
  jobId?: number;
  /** known content hash (uploads hash on the way in); otherwise computed */
  sha256?: string;
  source?: string;
  chunkSize?: number;
  cellPrecision: number;
  bucketMinutes: number;
  onProgress?: (p: IngestProgress) => void;
}

class DuplicateFileError extends Error {
  constructor(readonly jobId: number) {
    super(`this file's content was already ingested by job ${jobId}; nothing changed`);
  }
}

export async function ingestFile(opts: IngestOptions): Promise<IngestResult> {
  const pool = getPool(opts.databaseUrl);
  const fileName = opts.fileName ?? path.basename(opts.filePath);
  const bytesTotal = fs.statSync(opts.filePath).size;
  const job = opts.jobId
    ? await getJob(pool, opts.jobId)
    : await createJob(pool, { fileName, storagePath: opts.filePath, sizeBytes: bytesTotal, source: opts.source ?? 'cli' });
  if (!job) throw new Error(`job ${opts.jobId} not found`);
  await markRunning(pool, job.id);
  const run = new IngestRun(pool, job.id, fileName, opts, bytesTotal);
  return run.execute();
}

class IngestRun {
  private readonly started = performance.now();
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

  constructor(
    private readonly pool: pg.Pool,
    private readonly jobId: number,
    private readonly fileName: string,
    private readonly opts: IngestOptions,
    private readonly bytesTotal: number,
  ) {}

  async execute(): Promise<IngestResult> {
    try {
      // Uploads arrive with their hash; otherwise it is computed while parsing (one read pass).
      const known = this.opts.sha256;
      if (known) {
        const previous = await findIngested(this.pool, known);
        if (previous !== null) throw new DuplicateFileError(previous);
        await this.persist(known);
      }
      this.stage = 'parsing';
      const settings = await ensureStoreSettings(this.pool, { precision: this.opts.cellPrecision, bucketMinutes: this.opts.bucketMinutes });
      await this.loadInTransaction(known, settings);
      return await this.finish('succeeded');
    } catch (err) {
      await this.persisting;
      if (err instanceof DuplicateFileError) return this.finish('duplicate', err.message, err.jobId);
      const message = err instanceof HeaderError ? err.message : `ingestion failed: ${(err as Error).message}`;
      this.rowsIngested = 0;
      return this.finish('failed', message);
    }
  }

  private async loadInTransaction(knownSha: string | undefined, settings: StoreSettings): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (knownSha) await claimContent(client, knownSha);
      const { aggregates, sha } = await this.parseAndCopy(client, settings, !knownSha);
      debug(`parsed and copied at ${this.elapsed()} s`);
      if (!knownSha) {
        await this.persist(sha);
        await claimContent(client, sha); // a duplicate found only now rolls the whole load back
      }
      this.stage = 'merging';
      this.progress(this.bytesTotal, true);
      await aggregates.merge(client);
      debug(`aggregates merged at ${this.elapsed()} s`);
      await client.query('INSERT INTO ingested_files (sha256, job_id) VALUES ($1, $2)', [knownSha ?? sha, this.jobId]);
      await this.persisting; // no progress write may race the final status below
      await finishJob(client, this.jobId, this.summary('succeeded'));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Streams the file through papaparse; returns the aggregates of every accepted row. */
  private parseAndCopy(client: pg.PoolClient, settings: StoreSettings, hashContent: boolean): Promise<{ aggregates: Aggregates; sha: string }> {
    const { grid, bucketMinutes } = settings;
    const regions = new NameIds(this.pool, 'regions');
    const datasources = new NameIds(this.pool, 'datasources');
    const aggregates = new Aggregates(1440 / bucketMinutes);
    const weekOfDay = new Map<number, [number, string]>();
    let header: HeaderMap | null = null;
    let line = 1; // line number of the next record
    let batch = new TripBatch();
    let rejects: string[] = [];
    let pending: Promise<void> = Promise.resolve();
    const chunkSize = Math.min(this.opts.chunkSize ?? DEFAULT_CHUNK_SIZE, MAX_BATCH_ROWS);

    const writeBatch = async (b: TripBatch, r: string[]) => {
      await ensurePartitions(this.pool, b.partitions());
      await copyText(client,
        'COPY store.trips (origin_lon, origin_lat, dest_lon, dest_lat, started_at, region_id, datasource_id) FROM STDIN (FORMAT binary)',
        b.copyChunks());
      if (r.length) await copyText(client, 'COPY rejected_rows (job_id, line, reason, raw) FROM STDIN', joinLines(r));
    };
    // COPY of batch N runs in PostgreSQL while Node parses batch N+1 (two cores, both busy).
    const flush = async () => {
      await pending;
      const [b, r] = [batch, rejects];
      batch = new TripBatch();
      rejects = [];
      pending = writeBatch(b, r);
      pending.catch(() => {}); // awaited (and rethrown) by the next flush
    };

    const rejectRow = (recordLine: number, reason: string, fields: string[]) => {
      this.rowsRejected++;
      if (this.firstRejects.length < MAX_REPORTED_REJECTS) this.firstRejects.push({ line: recordLine, reason });
      const raw = Papa.unparse([fields], { newline: '\n' });
      rejects.push(`${this.jobId}\t${recordLine}\t${copyEscape(reason)}\t${copyEscape(raw)}\n`);
    };

    const handleRows = async (rows: string[][]) => {
      if (!header) {
        const first = rows.findIndex((r) => !(r.length === 1 && r[0].trim() === ''));
        if (first === -1) {
          line += rows.length;
          return;
        }
        header = readHeader(rows[first]);
        this.extraColumns = header.extraColumns;
        line += first + 1 + newlines(rows[first]);
        rows = rows.slice(first + 1);
      }
      const h = header;
      await resolveNames(rows, h, regions, h.index.region);
      await resolveNames(rows, h, datasources, h.index.datasource);
      for (const fields of rows) {
        const recordLine = line;
        line += 1 + newlines(fields);
        if (fields.length === 1 && fields[0].trim() === '') continue; // blank line
        this.rowsTotal++;
        const trip = normaliseRow(fields, h);
        if (typeof trip === 'string') {
          rejectRow(recordLine, trip, fields);
          continue;
        }
        const regionId = regions.get(trip.region)!;
        const datasourceId = datasources.get(trip.datasource)!;
        let week = weekOfDay.get(trip.time.day);
        if (!week) {
          const monday = weekStartDay(trip.time.day);
          week = [monday, dayToIsoDate(monday)];
          weekOfDay.set(trip.time.day, week);
        }
        const { origin, dest } = trip;
        const ox = lonToX(grid, origin.lon);
        const oy = latToY(grid, origin.lat);
        const dx = lonToX(grid, dest.lon);
        const dy = latToY(grid, dest.lat);
        const cells = {
          regionId, datasourceId, weekDay: week[0], week: week[1], micros: trip.time.micros,
          bucket: Math.floor(trip.time.minuteOfDay / bucketMinutes), ox, oy, dx, dy,
          originLon: origin.lon, originLat: origin.lat, destLon: dest.lon, destLat: dest.lat,
        };
        if (!aggregates.add(cells)) {
          await pending; // the key space of the in-memory aggregates is full: write them out
          await aggregates.spill(client);
          aggregates.add(cells);
        }
        batch.add(origin.lon, origin.lat, dest.lon, dest.lat, trip.time.micros, regionId, datasourceId,
          week[1], week[0], morton(ox & 0x7fff, oy & 0x7fff));
        this.rowsIngested++;
        if (batch.length >= chunkSize) await flush();
      }
    };

    // The file is read as bytes: hashed (when needed) and decoded as latin1, which is ~5x faster
    // than UTF-8 decoding and keeps every byte. CSV syntax is ASCII, so fields split the same;
    // once a non-ASCII byte shows up, fields are re-decoded as UTF-8 (see utf8Fields).
    const hash = hashContent ? crypto.createHash('sha256') : null;
    let bytes = 0;
    let nonAscii = false;
    const raw = fs.createReadStream(this.opts.filePath, { highWaterMark: 1 << 20 });
    const text = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _enc, done) {
        hash?.update(chunk);
        if (bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3); // BOM
        bytes += chunk.length;
        if (!nonAscii && !isAscii(chunk)) nonAscii = true;
        done(null, chunk.toString('latin1'));
      },
    });

    return new Promise((resolve, reject) => {
      let failed = false;
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        raw.destroy();
        text.destroy();
        reject(err);
      };
      raw.on('error', fail);
      raw.pipe(text);
      Papa.parse<string[]>(text as unknown as File, {
        delimiter: ',',
        header: false,
        skipEmptyLines: false,
        chunk: (res, parser) => {
          parser.pause();
          handleRows(nonAscii ? res.data.map(utf8Fields) : res.data).then(
            () => {
              this.progress(raw.bytesRead);
              if (!failed) parser.resume();
            },
            (err) => {
              parser.abort();
              fail(err);
            },
          );
        },
        complete: () => {
          if (failed) return;
          (async () => {
            if (!header) throw new HeaderError('file is empty: no header and no rows');
            if (batch.length || rejects.length) await flush();
            await pending;
            return { aggregates, sha: hash ? hash.digest('hex') : '' };
          })().then(resolve, fail);
        },
        error: (err: Error) => fail(err),
      });
    });
  }

  private elapsed(): string {
    return ((performance.now() - this.started) / 1000).toFixed(2);
  }

  private summary(status: 'succeeded' | 'failed' | 'duplicate', error?: string, duplicateOf?: number) {
    return {
      status,
      rowsTotal: this.rowsTotal,
      rowsIngested: status === 'succeeded' ? this.rowsIngested : 0,
      rowsRejected: this.rowsRejected,
      bytesDone: this.bytesDone,
      extraColumns: this.extraColumns,
      seconds: (performance.now() - this.started) / 1000,
      error: error ?? null,
      duplicateOf: duplicateOf ?? null,
    };
  }

  private async finish(status: 'succeeded' | 'failed' | 'duplicate', error?: string, duplicateOf?: number): Promise<IngestResult> {
    const s = this.summary(status, error, duplicateOf);
    if (status !== 'succeeded') await finishJob(this.pool, this.jobId, s);
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
    this.persisting = this.persisting.then(() => recordProgress(this.pool, this.jobId, snapshot)).catch(() => {});
    return this.persisting;
  }

  private emit(status: IngestProgress['status']): void {
    const seconds = (performance.now() - this.started) / 1000;
    this.opts.onProgress?.({
      jobId: this.jobId, file: this.fileName, status, stage: this.stage,
      bytesDone: status === 'running' ? this.bytesDone : this.bytesTotal, bytesTotal: this.bytesTotal,
      rowsDone: this.rowsTotal, rowsRejected: this.rowsRejected,
      rowsPerSecond: seconds > 0 ? Math.round(this.rowsTotal / seconds) : 0, seconds,
    });
  }
}

/** Takes the row's latin1-decoded fields back to the UTF-8 text they were. */
function utf8Fields(fields: string[]): string[] {
  return fields.map((f) => (/[\u0080-\u00ff]/.test(f) ? Buffer.from(f, 'latin1').toString('utf8') : f));
}

/** Serialises ingestions of the same content and refuses content that is already in the store. */
async function claimContent(client: pg.PoolClient, sha: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`file:${sha}`]);
  const previous = await findIngested(client, sha);
  if (previous !== null) throw new DuplicateFileError(previous);
}

/** Gives every name in this chunk an id (only unseen names cost anything). */
async function resolveNames(rows: string[][], h: HeaderMap, ids: NameIds, column: number): Promise<void> {
  const unseen: string[] = [];
  for (const r of rows) {
    if (r.length !== h.width) continue;
    const name = r[column].trim();
    if (name && ids.get(name) === undefined) unseen.push(name);
  }
  if (unseen.length) await ids.resolve(unseen);
}

const debug = (msg: string) => {
  if (process.env.TRIP_ATLAS_DEBUG) console.error(`[ingest] ${msg}`);
};

function newlines(fields: string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

async function findIngested(db: pg.Pool | pg.PoolClient, sha: string): Promise<number | null> {
  const { rows } = await db.query<{ job_id: number }>('SELECT job_id FROM ingested_files WHERE sha256 = $1', [sha]);
  return rows[0]?.job_id ?? null;
}
