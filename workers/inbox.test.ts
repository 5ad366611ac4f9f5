// The inbox path of the real worker process. Protects: a CSV dropped into INBOX_DIR is taken only
// once it stops growing, ingested once, and moved to done/; the same content dropped again is a
// 'duplicate' (also done/, totals unchanged); a broken file ends in failed/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../lib/db/pool';
import { createTestDatabase, type TestDatabase } from '../lib/testing/test-database';
import { spawnWorker, waitFor, type WorkerProcess } from '../lib/testing/worker-process';

const SAMPLE = path.resolve(import.meta.dirname, '../data/sample-trips.csv');

let db: TestDatabase;
let inbox: string;
let worker: WorkerProcess;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-inbox-'));
  worker = spawnWorker(db.url, { INBOX_DIR: inbox, INBOX_POLL_SECONDS: '0.5' });
});

afterAll(async () => {
  await worker?.stop();
  await db?.drop();
  fs.rmSync(inbox, { recursive: true, force: true });
});

const jobs = async () =>
  (await getPool(db.url).query<{ file_name: string; status: string; rows_ingested: number; source: string }>(
    'SELECT file_name, status, rows_ingested, source FROM ingestion_jobs ORDER BY id',
  )).rows;

describe('inbox folder', () => {
  it('ingests a dropped file once it stops growing, then moves it to done/', async () => {
    // written in two steps: the first scan must not take a half-written file
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const target = path.join(inbox, 'drop.csv');
    fs.writeFileSync(target, text.slice(0, 3000));
    await new Promise((r) => setTimeout(r, 300));
    fs.appendFileSync(target, text.slice(3000));
    await waitFor('done/drop.csv', async () => fs.existsSync(path.join(inbox, 'done', 'drop.csv')), 30_000, 100, );
    expect(await jobs()).toEqual([{ file_name: 'drop.csv', status: 'succeeded', rows_ingested: 100, source: 'inbox' }]);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('recognises the same content dropped again (done/, duplicate) and sends a broken file to failed/', async () => {
    fs.copyFileSync(SAMPLE, path.join(inbox, 'again.csv'));
    fs.writeFileSync(path.join(inbox, 'broken.csv'), 'not,the,right,header\n1,2,3,4\n');
    fs.writeFileSync(path.join(inbox, 'notes.txt'), 'ignored');
    await waitFor('both files settled', async () =>
      fs.existsSync(path.join(inbox, 'done', 'again.csv')) && fs.existsSync(path.join(inbox, 'failed', 'broken.csv')), 30_000);
    const all = await jobs();
    expect(all.find((j) => j.file_name === 'again.csv')?.status).toBe('duplicate');
    expect(all.find((j) => j.file_name === 'broken.csv')?.status).toBe('failed');
    expect(all).toHaveLength(3);
    expect(fs.existsSync(path.join(inbox, 'notes.txt'))).toBe(true);
    const { rows } = await getPool(db.url).query('SELECT count(*)::int AS n FROM store.trips');
    expect(rows[0].n).toBe(100);
  });
});
