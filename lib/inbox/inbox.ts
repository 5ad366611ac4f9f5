// The inbox: CSV files dropped into INBOX_DIR are ingested without the browser. A file is taken
// once its size and mtime stop changing between two scans; it is claimed by an atomic rename
// into .processing/<uuid>/ (so of several workers only one takes it), gets a job and a queue
// entry in one transaction, and after ingestion moves to done/ (succeeded, duplicate) or failed/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { log } from '../log';
import { progressFromRow, type PublishProgress } from '../jobs/job-progress';
import { createJob, type JobRow } from '../jobs/job-store';
import { enqueueIngestion } from '../jobs/queue';
import { INBOX_SOURCE } from '../jobs/sources';

export class Inbox {
  readonly processing: string;
  readonly done: string;
  readonly failed: string;
  private seen = new Map<string, string>();
  private scanning = false;

  constructor(readonly dir: string, private readonly pool: pg.Pool, private readonly boss: PgBoss, private readonly publish: PublishProgress) {
    this.dir = path.resolve(dir);
    this.processing = path.join(this.dir, '.processing');
    this.done = path.join(this.dir, 'done');
    this.failed = path.join(this.dir, 'failed');
  }

  async init(): Promise<void> {
    for (const d of [this.dir, this.processing, this.done, this.failed]) await fs.promises.mkdir(d, { recursive: true });
    await this.recoverOrphans();
  }

  /** One pass: claims every CSV whose size and mtime are unchanged since the previous pass. */
  async scan(): Promise<JobRow[]> {
    if (this.scanning) return [];
    this.scanning = true;
    try {
      const jobs: JobRow[] = [];
      const names = await fs.promises.readdir(this.dir);
      const present = new Set<string>();
      for (const name of names) {
        if (!/\.csv$/i.test(name) || name.startsWith('.')) continue;
        const full = path.join(this.dir, name);
        const st = await fs.promises.stat(full).catch(() => null);
        if (!st?.isFile()) continue;
        present.add(name);
        const signature = `${st.size}:${st.mtimeMs}`;
        const previous = this.seen.get(name);
        this.seen.set(name, signature);
        if (previous !== signature || st.size === 0) continue; // still growing (or empty so far)
        const job = await this.claim(name, st.size);
        this.seen.delete(name);
        if (job) jobs.push(job);
      }
      for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
      return jobs;
    } finally {
      this.scanning = false;
    }
  }

  private async claim(name: string, size: number): Promise<JobRow | null> {
    const folder = path.join(this.processing, crypto.randomUUID());
    await fs.promises.mkdir(folder);
    const target = path.join(folder, name);
    try {
      await fs.promises.rename(path.join(this.dir, name), target);
    } catch {
      await fs.promises.rmdir(folder).catch(() => {});
      return null; // another worker took it
    }
    return this.enqueue(target, name, size);
  }

  private async enqueue(storagePath: string, fileName: string, size: number): Promise<JobRow> {
    const job = await withTransaction(this.pool, async (client) => {
      const row = await createJob(client, { fileName, storagePath, sizeBytes: size, source: INBOX_SOURCE });
      await enqueueIngestion(this.boss, row.id, client);
      return row;
    });
    log.info({ jobId: job.id, file: fileName }, 'inbox file queued');
    await this.publish(progressFromRow(job));
    return job;
  }

  /** Claimed files without a job (the worker died between rename and enqueue) get one now. */
  private async recoverOrphans(): Promise<void> {
    for (const folder of await fs.promises.readdir(this.processing)) {
      const dir = path.join(this.processing, folder);
      for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
        const full = path.join(dir, name);
        const { rowCount } = await this.pool.query('SELECT 1 FROM ingestion_jobs WHERE storage_path = $1', [full]);
        if (!rowCount) await this.enqueue(full, name, (await fs.promises.stat(full)).size);
      }
    }
  }

  /** Moves a finished inbox job's file to done/ or failed/ (never overwriting an earlier file). */
  async settle(job: JobRow): Promise<string | null> {
    if (job.source !== INBOX_SOURCE || !job.storagePath.startsWith(this.processing + path.sep)) return null;
    if (!fs.existsSync(job.storagePath)) return null;
    const dest = job.status === 'failed' ? this.failed : this.done;
    await fs.promises.mkdir(dest, { recursive: true });
    let target = path.join(dest, job.fileName);
    if (fs.existsSync(target)) {
      const ext = path.extname(job.fileName);
      target = path.join(dest, `${path.basename(job.fileName, ext)}.job${job.id}${ext}`);
    }
    await fs.promises.rename(job.storagePath, target);
    await this.pool.query('UPDATE ingestion_jobs SET storage_path = $2 WHERE id = $1', [job.id, target]);
    await fs.promises.rmdir(path.dirname(job.storagePath)).catch(() => {});
    log.info({ jobId: job.id, file: job.fileName, status: job.status, movedTo: path.relative(this.dir, target) }, 'inbox file settled');
    return target;
  }
}
