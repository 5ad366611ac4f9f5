// Ownership of a running ingestion: the worker running job N holds the session-level advisory
// lock (JOB_LOCK_NS, N) on a dedicated connection. If the worker dies (even kill -9), PostgreSQL
// closes that connection and frees the lock, so a free lock on a `running` job means "its worker
// is gone": recovery.ts re-queues it within seconds instead of waiting for pg-boss's expiry.
import pg from 'pg';
import { log, type Logger } from '../log';

/** First key of the two-int advisory lock space used for job ownership ("TA" + 1). */
export const JOB_LOCK_NS = 0x5441_0001;

export class JobLock {
  private constructor(private readonly client: pg.Client, readonly jobId: number) {}

  /** Waits until the lock of `jobId` is ours (another live worker may still hold it). */
  static async acquire(databaseUrl: string, jobId: number, signal?: AbortSignal, jobLog: Logger = log.child({ jobId }), pollMs = 1000): Promise<JobLock> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: `trip-atlas-job-lock-${jobId}` });
    client.on('error', (err) => jobLog.error({ err }, 'job lock connection error'));
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [JOB_LOCK_NS, jobId]);
        if (rows[0].got) return new JobLock(client, jobId);
        if (signal?.aborted) throw new Error(`stopped while waiting for the lock of job ${jobId}`);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
  }

  async release(): Promise<void> {
    await this.client.query('SELECT pg_advisory_unlock($1, $2)', [JOB_LOCK_NS, this.jobId]).catch(() => {});
    await this.client.end().catch(() => {});
  }
}

/** True when nobody holds the lock of `jobId` (checked and let go at once, on `client`'s session). */
export async function isLockFree(client: pg.PoolClient, jobId: number): Promise<boolean> {
  const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [JOB_LOCK_NS, jobId]);
  if (rows[0].got) await client.query('SELECT pg_advisory_unlock($1, $2)', [JOB_LOCK_NS, jobId]);
  return rows[0].got;
}
