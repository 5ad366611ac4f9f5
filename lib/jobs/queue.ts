// The ingestion queue: pg-boss (schema `pgboss`) in the same PostgreSQL. Chosen over
// graphile-worker because it runs on Node 20 at v10, needs no extra process or migrations of our
// own, gives retries/expiry per queue, and lets us enqueue inside our own transaction (the
// `db` option), so a job row and its queue entry are created atomically.
import PgBoss from 'pg-boss';
import pg from 'pg';
import { log } from '../log';

export const QUEUE_SCHEMA = 'pgboss';
export const INGEST_QUEUE = 'ingest-file';
/** Store maintenance (lib/ingest/maintain.ts): 'stately', so at most one waits while one runs. */
export const MAINTAIN_QUEUE = 'maintain-store';
/** Deleting one ingestion (lib/jobs/deletions.ts). */
export const DELETE_QUEUE = 'delete-ingestion';

export interface IngestMessage {
  jobId: number;
}

export interface QueueSettings {
  retryLimit: number;
  /** pg-boss's own expiry of an active job (slow path; dead workers are normally caught by their free advisory lock) */
  expireInSeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { retryLimit: 5, expireInSeconds: 6 * 3600 };

const MAX_PG_BOSS_EXPIRY = 24 * 3600 - 1; // pg-boss v10 refuses expiry of a day or more

/**
 * Starts pg-boss on the database (installing its schema on first use) and makes sure the queue
 * exists. The web process only enqueues (no maintenance); workers also supervise and, with
 * `settings`, update the queue's retry and expiry settings.
 */
export async function startQueue(databaseUrl: string, role: 'web' | 'worker', settings?: QueueSettings): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: `trip-atlas-${role}-queue`,
    max: role === 'web' ? 2 : 4,
    supervise: role === 'worker',
    schedule: role === 'worker', // the nightly maintenance schedule
    migrate: true,
  });
  boss.on('error', (err) => log.error({ err, component: 'queue' }, 'queue error'));
  // Processes starting together on a fresh database raced in pg-boss's install and
  // create_queue (seen: 'deadlock detected'): one process at a time sets the queue up.
  await withSetupLock(databaseUrl, async () => {
    await boss.start();
    const s = settings ?? DEFAULT_QUEUE_SETTINGS;
    const options = { retryLimit: s.retryLimit, retryDelay: 1, expireInSeconds: Math.min(s.expireInSeconds, MAX_PG_BOSS_EXPIRY) };
    if (!(await boss.getQueue(INGEST_QUEUE))) {
      await boss.createQueue(INGEST_QUEUE, { name: INGEST_QUEUE, policy: 'standard', ...options });
    } else if (settings) {
      await boss.updateQueue(INGEST_QUEUE, { name: INGEST_QUEUE, policy: 'standard', ...options });
    }
    if (!(await boss.getQueue(DELETE_QUEUE))) {
      // a deletion is finished by running it again, so a dead worker's entry is simply retried
      await boss.createQueue(DELETE_QUEUE, { name: DELETE_QUEUE, policy: 'standard', retryLimit: 10, retryDelay: 5, expireInSeconds: 3600 });
    }
    if (!(await boss.getQueue(MAINTAIN_QUEUE))) {
      await boss.createQueue(MAINTAIN_QUEUE, { name: MAINTAIN_QUEUE, policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: MAX_PG_BOSS_EXPIRY });
    }
  }).catch(async (err) => {
    await boss.stop({ graceful: false }).catch(() => {});
    throw err;
  });
  return boss;
}

/** Advisory lock key (two ints, "TA" + 2) serialising queue setup across processes. */
const QUEUE_SETUP_LOCK = [0x5441_0002, 1] as const;

/** Runs `fn` holding the queue setup lock (a session lock on its own connection). */
async function withSetupLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'trip-atlas-queue-setup' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...QUEUE_SETUP_LOCK]);
    return await fn();
  } finally {
    await client.end().catch(() => {}); // ending the session frees the lock
  }
}

/** Asks for a maintenance run (a no-op while one is already waiting). */
export async function requestMaintenance(boss: PgBoss): Promise<void> {
  await boss.send(MAINTAIN_QUEUE, {});
}

/** pg-boss's `db` option for a client in an open transaction. */
export const inTransaction = (client: pg.PoolClient) => ({
  executeSql: (text: string, values: unknown[]) => client.query(text, values),
});

/** Enqueues the deletion of ingestion job `jobId`, inside `client`'s transaction. */
export async function enqueueDeletion(boss: PgBoss, jobId: number, client: pg.PoolClient): Promise<void> {
  const id = await boss.send(DELETE_QUEUE, { jobId } satisfies IngestMessage, { db: inTransaction(client) });
  if (!id) throw new Error(`the deletion of job ${jobId} was not enqueued`);
}

/** Enqueues ingestion job `jobId`; with `client`, inside that client's transaction. */
export async function enqueueIngestion(boss: PgBoss, jobId: number, client?: pg.PoolClient): Promise<string> {
  const id = await boss.send(INGEST_QUEUE, { jobId } satisfies IngestMessage, client ? { db: inTransaction(client) } : {});
  if (!id) throw new Error(`job ${jobId} was not enqueued`);
  return id;
}
