// Worker side of live progress: each update is a PostgreSQL NOTIFY on PROGRESS_CHANNEL, relayed
// by every web server (lib/realtime/listen.ts) to its Socket.IO rooms. Updates go out one after
// another (in order); a failed NOTIFY is logged and never fails the ingestion.
import type pg from 'pg';
import type { PublishProgress } from '../jobs/job-progress';
import { log } from '../log';
import { PROGRESS_CHANNEL } from './events';

export function createPublisher(pool: pg.Pool): PublishProgress {
  let chain: Promise<void> = Promise.resolve();
  return (p) => {
    chain = chain
      .then(() => pool.query('SELECT pg_notify($1, $2)', [PROGRESS_CHANNEL, JSON.stringify(p)]))
      .then(() => {}, (err) => log.error({ err, jobId: p.jobId }, 'progress notify failed'));
    return chain;
  };
}
