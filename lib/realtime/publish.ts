// Worker side of live progress: each update is a PostgreSQL NOTIFY on PROGRESS_CHANNEL, relayed
// by every web server (lib/realtime/relay.ts) to its Socket.IO rooms. Updates go out one after
// another (in order); a failed NOTIFY is logged and never fails the ingestion.
import type pg from 'pg';
import { PROGRESS_CHANNEL, type JobProgress } from './events';

export type Publish = (p: JobProgress) => Promise<void>;

export function createPublisher(pool: pg.Pool): Publish {
  let chain: Promise<void> = Promise.resolve();
  return (p) => {
    chain = chain
      .then(() => pool.query('SELECT pg_notify($1, $2)', [PROGRESS_CHANNEL, JSON.stringify(p)]))
      .then(() => {}, (err) => console.error(`[progress] notify failed for job ${p.jobId}: ${(err as Error).message}`));
    return chain;
  };
}
