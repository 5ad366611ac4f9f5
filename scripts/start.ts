// npm start: the simple deployment, web server and one ingestion worker together. The database is
// resolved once here (DATABASE_URL, or the embedded PostgreSQL started by this process) and
// handed to both children, which can also be started alone (npm run web / npm run worker).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolveDatabase } from '../lib/db/database-url';
import { loadWebEnv } from '../lib/env/web';

const env = loadWebEnv();
const db = await resolveDatabase(env.DATABASE_URL);
const childEnv = { ...process.env, DATABASE_URL: db.url };
const children: ChildProcess[] = ['server.ts', 'workers/ingest.ts'].map((entry) =>
  spawn(process.execPath, ['--import', 'tsx', entry], { stdio: 'inherit', env: childEnv }),
);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  })));
  await db.embedded?.stop();
  process.exit(code);
}
for (const c of children) c.on('exit', (code) => void stop(code ?? 1)); // one gone: stop the other
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
