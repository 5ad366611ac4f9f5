// npm start: the simple case in one command. Resolves the database once (DATABASE_URL, or an
// embedded PostgreSQL with data in .data/postgres, started and stopped by this process),
// migrates it, loads the 100-row sample when the store is empty, builds the web app if needed,
// then runs the web server and one ingestion worker as children (each can also run alone:
// npm run web / npm run worker).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { buildIsCurrent, nextBuild } from '../lib/build/next-build';
import { resolveDatabase } from '../lib/db/database-url';
import { DESCRIPTION_VAR, describeDatabase } from '../lib/db/describe-database';
import { closePools, getPool } from '../lib/db/pool';
import { parseEnv } from '../lib/env/common';
import { webEnvShape } from '../lib/env/web';
import { workerEnvShape } from '../lib/env/worker';
import { ingestOwned } from '../lib/jobs/own-ingestion';
import { SAMPLE_SOURCE } from '../lib/jobs/sources';
import { jobBook } from '../lib/jobs/job-store';
import { exitOnFatal } from '../lib/process/fatal';

exitOnFatal('start');
// The web server's and the worker's settings too: a bad one stops us before anything starts.
const env = parseEnv({
  ...webEnvShape,
  ...workerEnvShape,
  /** Load data/sample-trips.csv when the store holds no trips ("false" to start empty). */
  LOAD_SAMPLE_DATA: z.enum(['true', 'false']).default('true'),
});
const root = process.cwd();

const db = await resolveDatabase(env.DATABASE_URL, env.STORE_LAYOUT);
console.log(`Database: ${describeDatabase(db)}`);
const { rows } = await getPool(db.url).query<{ n: number }>('SELECT count(*)::int AS n FROM store.region_weeks');
if (rows[0].n === 0 && env.LOAD_SAMPLE_DATA === 'true') {
  const sample = await ingestOwned({
    databaseUrl: db.url, filePath: path.join(root, 'data', 'sample-trips.csv'), source: SAMPLE_SOURCE, jobs: jobBook,
    cellPrecision: env.GROUP_CELL_PRECISION, bucketMinutes: env.GROUP_BUCKET_MINUTES,
  });
  console.log(`Loaded the sample data: ${sample.rowsIngested} trips (${sample.status}).`);
}
await closePools();
if (!buildIsCurrent(root)) {
  console.log('Building the web app (first start, or sources changed)...');
  nextBuild(root);
}

const childEnv = { ...process.env, DATABASE_URL: db.url, [DESCRIPTION_VAR]: describeDatabase(db), NEXT_TELEMETRY_DISABLED: '1' };
const children: ChildProcess[] = ['server.ts', path.join('workers', 'ingest.ts')].map((entry) =>
  spawn(process.execPath, ['--import', 'tsx', entry], { stdio: 'inherit', env: childEnv }),
);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
    setTimeout(() => c.kill('SIGKILL'), 30_000).unref();
  })));
  await db.embedded?.stop();
  process.exit(code);
}
for (const c of children) c.on('exit', (code) => void stop(code ?? 1)); // one gone: stop the other
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
