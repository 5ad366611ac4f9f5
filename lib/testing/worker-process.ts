// Test helpers for the ingestion worker: spawn the real worker process (npm run worker) against a
// test database, write synthetic CSV files, and wait on job rows.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { CSV_HEADER, tripLineGenerator } from '../ingest/synthetic';
import { getJob, type JobRow } from '../jobs/job-store';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export function spawnWorker(databaseUrl: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/ingest.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, JOB_RECOVERY_SECONDS: '1', QUEUE_POLL_SECONDS: '0.5', INBOX_POLL_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    output: () => out,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export async function writeSyntheticCsv(file: string, rows: number, seed = 7): Promise<void> {
  const next = tripLineGenerator({ seed, regions: 4, start: '2018-05-01', days: 60, hotspots: 20, spread: 0.05 });
  const out = fs.createWriteStream(file);
  out.write(CSV_HEADER + '\n');
  for (let done = 0; done < rows; ) {
    const n = Math.min(10_000, rows - done);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(next());
    done += n;
    if (!out.write(lines.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const waitForJobStatus = (pool: pg.Pool, id: number, statuses: string[], timeoutMs?: number): Promise<JobRow> =>
  waitFor(`job ${id} to be ${statuses.join('/')}`, async () => {
    const job = await getJob(pool, id);
    return job && statuses.includes(job.status) ? job : null;
  }, timeoutMs);
