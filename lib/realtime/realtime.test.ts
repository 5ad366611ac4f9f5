// Live progress over Socket.IO, end to end: a real worker process publishes through PostgreSQL
// NOTIFY, attachRealtime relays to rooms. Protects: the event contract the UI relies on
// (`jobs:subscribe` -> immediate `job:progress` snapshot, updates, a final event), that no polling
// is needed, and that sockets without admin credentials get an error and no data.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { createJob } from '../jobs/job-store';
import { enqueueIngestion, startQueue } from '../jobs/queue';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { spawnWorker, waitFor, writeSyntheticCsv, type WorkerProcess } from '../testing/worker-process';
import { attachRealtime, type Realtime } from './attach';
import { PROGRESS_EVENT, SUBSCRIBE_EVENT, type JobProgress } from './events';

const SAMPLE = path.resolve(import.meta.dirname, '../../data/sample-trips.csv');
const TOKEN = 'test-admin-token-0123456789';

let db: TestDatabase;
let server: http.Server;
let io: Server;
let realtime: Realtime;
let boss: PgBoss;
let url: string;
let worker: WorkerProcess | null = null;
const sockets: Socket[] = [];

beforeAll(async () => {
  process.env.ADMIN_TOKEN = TOKEN;
  delete process.env.ADMIN_PASSWORD;
  db = await createTestDatabase(inject('pgServerUrl'));
  server = http.createServer();
  io = new Server(server, { serveClient: false });
  realtime = await attachRealtime(io, db.url);
  await realtime.ready;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  boss = await startQueue(db.url, 'web');
});

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await worker?.stop();
  io?.close();
  await realtime?.close();
  await boss?.stop({ graceful: false });
  await db?.drop();
});

function client(auth?: { token: string }): Socket {
  const s = connect(url, { transports: ['websocket'], auth, reconnection: false });
  sockets.push(s);
  return s;
}

async function queueSample(): Promise<number> {
  const pool = getPool(db.url);
  const job = await createJob(pool, { fileName: 'sample-trips.csv', storagePath: SAMPLE, sizeBytes: 12839, source: 'upload' });
  await enqueueIngestion(boss, job.id);
  return job.id;
}

describe('job progress over Socket.IO', () => {
  it('refuses sockets without admin credentials: connect_error, no progress data', async () => {
    const s = client();
    const received: unknown[] = [];
    s.on(PROGRESS_EVENT, (p) => received.push(p));
    const err = await new Promise<Error>((resolve) => s.on('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
    const bad = client({ token: 'wrong-token-0123456789' });
    expect((await new Promise<Error>((resolve) => bad.on('connect_error', resolve))).message).toBe('unauthorized');
    expect(received).toEqual([]);
  });

  it('sends the current state on subscribe, then live updates to the final event, without polling', async () => {
    const id = await queueSample(); // queued, no worker yet
    const perJob = client({ token: TOKEN });
    const all = client({ token: TOKEN });
    const jobEvents: JobProgress[] = [];
    const allEvents: JobProgress[] = [];
    perJob.on(PROGRESS_EVENT, (p: JobProgress) => jobEvents.push(p));
    all.on(PROGRESS_EVENT, (p: JobProgress) => allEvents.push(p));
    perJob.emit(SUBSCRIBE_EVENT, { jobId: id });
    all.emit(SUBSCRIBE_EVENT, {});

    // mid-job joiners get the state at once
    await waitFor('snapshots', async () => jobEvents.length >= 1 && allEvents.length >= 1, 10_000, 20);
    expect(jobEvents[0]).toMatchObject({ jobId: id, status: 'queued', file: 'sample-trips.csv', rowsDone: 0 });
    expect(allEvents[0]).toMatchObject({ jobId: id, status: 'queued' });

    worker = spawnWorker(db.url);
    const final = await waitFor('the final event', async () => jobEvents.find((e) => e.status !== 'queued' && e.status !== 'running'), 60_000, 20);
    expect(final).toMatchObject({
      jobId: id, status: 'succeeded', stage: 'done', rowsDone: 100, rowsIngested: 100, rowsRejected: 0,
      bytesDone: 12839, bytesTotal: 12839,
    });
    for (const key of ['rowsPerSecond', 'seconds'] as const) expect(typeof final[key]).toBe('number');
    await waitFor('the final event in the all-jobs room', async () => allEvents.some((e) => e.jobId === id && e.status === 'succeeded'), 10_000, 20);

    // a later subscriber to the finished job gets its final state at once
    const late = client({ token: TOKEN });
    const lateEvents: JobProgress[] = [];
    late.on(PROGRESS_EVENT, (p: JobProgress) => lateEvents.push(p));
    late.emit(SUBSCRIBE_EVENT, { jobId: id });
    await waitFor('late snapshot', async () => lateEvents.length >= 1, 10_000, 20);
    expect(lateEvents[0]).toMatchObject({ jobId: id, status: 'succeeded', rowsIngested: 100 });
  });

  it('streams throttled running updates (rows, bytes, rate) of a bigger file, in order, to completion', async () => {
    const file = path.join(os.tmpdir(), `trip-atlas-rt-${process.pid}.csv`);
    await writeSyntheticCsv(file, 300_000, 11);
    const pool = getPool(db.url);
    const job = await createJob(pool, { fileName: 'big.csv', storagePath: file, sizeBytes: fs.statSync(file).size, source: 'upload' });
    const s = client({ token: TOKEN });
    const events: JobProgress[] = [];
    s.on(PROGRESS_EVENT, (p: JobProgress) => events.push(p));
    s.emit(SUBSCRIBE_EVENT, { jobId: job.id });
    await waitFor('snapshot', async () => events.length >= 1, 10_000, 20);
    await enqueueIngestion(boss, job.id);
    const final = await waitFor('final', async () => events.find((e) => e.status === 'succeeded' || e.status === 'failed'), 90_000, 50);
    fs.rmSync(file, { force: true });
    expect(final).toMatchObject({ status: 'succeeded', rowsIngested: 300_000 });
    const running = events.filter((e) => e.status === 'running');
    expect(running.length).toBeGreaterThan(1);
    expect(running.some((e) => e.stage === 'parsing' && e.rowsDone > 0 && e.bytesDone > 0 && e.rowsPerSecond > 0)).toBe(true);
    const rows = running.filter((e) => e.stage === 'parsing').map((e) => e.rowsDone);
    expect(rows).toEqual([...rows].sort((a, b) => a - b)); // in order
    // throttled to one per 250 ms, plus the forced ones at stage changes (parsing, merging,
    // clustering) and slack for a loaded machine delivering late
    const secs = running.map((e) => e.seconds);
    const span = Math.max(...secs) - Math.min(...secs);
    expect(running.length).toBeLessThanOrEqual(Math.ceil(span * 5) + 6);
  });
});
