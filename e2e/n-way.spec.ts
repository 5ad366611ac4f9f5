// Stateless web servers and workers, N-way: two web servers (server.ts on two free ports) and two
// workers on one database, uploads in S3-compatible storage (a local S3 server started here).
// Protects: uploads through either web server land in the object store and are run by either
// worker (both take some: the work is shared); a Socket.IO client on EITHER web server sees the
// live progress of EVERY job, whichever worker runs it (the workers only NOTIFY PostgreSQL, each
// web server LISTENs and relays); objects are deleted after success; both servers answer alike.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { freePort } from '../lib/db/embedded';
import { migrate } from '../lib/db/migrate';
import { closePools, getPool } from '../lib/db/pool';
import { createDatabase, dropDatabase, scratchName } from '../lib/db/scratch-database';
import { generateCsv } from '../lib/testing/fixtures';
import { startTestS3, type TestS3 } from '../lib/testing/s3-server';
import { spawnWorker, waitFor, type WorkerProcess } from '../lib/testing/worker-process';
import type { JobProgress } from '../lib/realtime/events';

const ROOT = path.resolve(import.meta.dirname, '..');
const TOKEN = 'n-way-admin-token-0123456789';
const FILES = 6;

test.skip(!process.env.DATABASE_URL, 'needs a PostgreSQL server in DATABASE_URL (the two web servers and two workers share one database)');

interface WebServer { base: string; child: ChildProcess; output: () => string }

async function startWeb(env: NodeJS.ProcessEnv): Promise<WebServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, PORT: String(port), HOSTNAME: '127.0.0.1', NODE_ENV: 'production' },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`web server on ${port}: ${out}`, async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok, 120_000, 250);
  return { base, child, output: () => out };
}

/** Ids of the jobs a worker's JSON log says it finished with success ("<file>: succeeded"). */
function succeededJobs(output: string): number[] {
  const ids: number[] = [];
  for (const line of output.split('\n')) {
    let entry: { jobId?: number; msg?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // not a log line
    }
    if (entry.jobId && /: succeeded$/.test(entry.msg ?? '')) ids.push(entry.jobId);
  }
  return ids;
}

test('two web servers and two workers share uploads in S3, jobs and live progress', async () => {
  test.setTimeout(300_000);
  const server = process.env.DATABASE_URL!;
  const name = scratchName('trip_atlas_nway');
  const url = await createDatabase(server, name);
  await migrate(url);
  const s3: TestS3 = await startTestS3();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-nway-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env, ...s3.env, DATABASE_URL: url, ADMIN_TOKEN: TOKEN, ADMIN_PASSWORD: 'n-way-password',
    STORAGE_URL: `s3://${s3.bucket}/uploads`, INBOX_DIR: path.join(dir, 'inbox'), NEXT_TELEMETRY_DISABLED: '1', MAINTENANCE_CRON: 'off',
    LOG_FORMAT: 'json', // the workers' job lines are parsed below
  };
  delete env.MAP_STYLE_URL;
  const webs: WebServer[] = [];
  const workers: WorkerProcess[] = [];
  const sockets: Socket[] = [];
  try {
    webs.push(await startWeb(env), await startWeb(env));
    workers.push(spawnWorker(url, env as Record<string, string>), spawnWorker(url, env as Record<string, string>));

    // one all-jobs subscriber per web server, connected before any upload: whatever it sees was relayed live
    const seen = webs.map(() => new Map<number, JobProgress[]>());
    for (const [i, web] of webs.entries()) {
      const socket = io(web.base, { auth: { token: TOKEN }, transports: ['websocket'] });
      sockets.push(socket);
      socket.on('job:progress', (p: JobProgress) => seen[i].set(p.jobId, [...(seen[i].get(p.jobId) ?? []), p]));
      await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
      socket.emit('jobs:subscribe', {});
    }

    // uploads alternate between the two web servers
    const jobIds: number[] = [];
    for (let f = 0; f < FILES; f++) {
      const file = generateCsv(dir, `part-${f}.csv`, 40_000, { seed: 100 + f });
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(file)], { type: 'text/csv' }), `part-${f}.csv`);
      const res = await fetch(`${webs[f % 2].base}/api/ingestions`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, await res.clone().text()).toBe(202);
      jobIds.push(...((await res.json()) as { jobs: { id: number }[] }).jobs.map((j) => j.id));
    }
    expect(jobIds).toHaveLength(FILES);

    const pool = getPool(url);
    const final = await waitFor('every job to finish', async () => {
      const { rows } = await pool.query<{ id: number; status: string; storage_path: string }>(
        `SELECT id, status, storage_path FROM ingestion_jobs WHERE id = ANY($1) AND status IN ('succeeded', 'failed', 'duplicate')`, [jobIds]);
      return rows.length === FILES ? rows : null;
    }, 240_000, 250);
    expect(final.map((r) => r.status), workers.map((w) => w.output()).join('\n')).toEqual(Array(FILES).fill('succeeded'));
    expect(final.every((r) => r.storage_path.startsWith(`s3://${s3.bucket}/uploads/`))).toBe(true);

    // every web server relayed the progress of every job: running updates and the final state
    for (const [i, byJob] of seen.entries()) {
      await waitFor(`web server ${i} to relay every final status`, async () =>
        jobIds.every((id) => byJob.get(id)?.some((p) => p.status === 'succeeded')), 30_000, 100);
      for (const id of jobIds) expect(byJob.get(id)!.some((p) => p.status === 'running'), `server ${i}, job ${id}`).toBe(true);
    }

    // both workers ran jobs: the work was shared
    const ranBy = workers.map((w) => succeededJobs(w.output()).filter((id) => jobIds.includes(id)));
    expect(ranBy[0].length + ranBy[1].length, workers.map((w) => w.output()).join('\n')).toBe(FILES);
    expect(ranBy[0].length).toBeGreaterThan(0);
    expect(ranBy[1].length).toBeGreaterThan(0);

    // the objects are gone after success, and both servers answer the same
    await waitFor('the ingested objects to be deleted', async () => (await s3.keys()).length === 0, 30_000, 200);
    const [a, b] = await Promise.all(webs.map(async (w) => (await fetch(`${w.base}/api/regions`)).json()));
    expect(a).toEqual(b);
    expect((a as { regions: { trips: number }[] }).regions.reduce((n, r) => n + r.trips, 0)).toBe(FILES * 40_000);
  } finally {
    sockets.forEach((s) => s.close());
    await Promise.all(workers.map((w) => w.stop()));
    for (const w of webs) w.child.kill('SIGTERM');
    await Promise.all(webs.map((w) => new Promise((r) => (w.child.exitCode !== null ? r(null) : w.child.once('exit', r)))));
    await closePools();
    await s3.stop();
    await dropDatabase(server, name);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
