// The ingestion worker process (npm run worker). Resolves the database like server.ts, then runs
// queued ingestion jobs, recovers jobs of dead workers and watches the inbox until SIGTERM/SIGINT.
import { closePools } from '../lib/db/pool';
import { resolveDatabase } from '../lib/db/database-url';
import { loadWorkerEnv } from '../lib/env/worker';
import { log } from '../lib/log';
import { startWorker } from './start-worker';
import { exitOnFatal } from '../lib/process/fatal';

exitOnFatal('worker');
const env = loadWorkerEnv();
const db = await resolveDatabase(env.DATABASE_URL, env.STORE_LAYOUT);
const worker = await startWorker(env, db.url);
console.log(`[worker] ready (pid ${process.pid}, concurrency ${env.WORKER_CONCURRENCY}, inbox ${env.INBOX_POLL_SECONDS > 0 ? env.INBOX_DIR : 'off'})`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, `finishing running jobs (up to ${env.WORKER_SHUTDOWN_SECONDS} s)`);
  try {
    const abandoned = await worker.stop();
    // Abandoned jobs: exit now, their open transactions roll back when the connections drop, and
    // the next worker retries them (waiting for the pools would let them run to the end).
    if (abandoned.length) log.warn({ jobIds: abandoned }, 'gave up on running jobs; they will be retried');
    else await closePools();
    await db.embedded?.stop();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
