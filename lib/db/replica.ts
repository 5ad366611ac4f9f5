// Has a streaming replica replayed the primary's WAL up to a given position? Jobs record
// pg_current_wal_lsn() on the primary when they finish (ingestion_jobs.finish_lsn, taken after
// the load and its clustering committed), so a replica that replayed past it answers with them.
import type pg from 'pg';

export interface ReplicaState {
  /** the replica has replayed the WAL up to the position asked about */
  caughtUp: boolean;
  /** bytes of WAL still to replay (0 once caught up; null before the replica replayed anything) */
  lagBytes: number | null;
  /** where the replica's replay stands */
  replayLsn: string | null;
}

/** The primary's current WAL position (fails on a standby: only call it on the primary). */
export async function currentWalLsn(db: pg.Pool | pg.PoolClient): Promise<string> {
  const { rows } = await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  return rows[0].lsn;
}

/**
 * Where `replica` stands relative to `lsn`. A server that is not in recovery (DATABASE_READ_URL
 * pointing at a primary) has everything it committed, so it counts as caught up.
 */
export async function replicaState(replica: pg.Pool, lsn: string): Promise<ReplicaState> {
  const { rows } = await replica.query<{ standby: boolean; replay: string | null; lag: string | null }>(
    `SELECT pg_is_in_recovery() AS standby,
            pg_last_wal_replay_lsn()::text AS replay,
            pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::text AS lag`,
    [lsn],
  );
  const { standby, replay, lag } = rows[0];
  if (!standby) return { caughtUp: true, lagBytes: 0, replayLsn: null };
  if (replay === null || lag === null) return { caughtUp: false, lagBytes: null, replayLsn: null };
  const lagBytes = Math.max(0, Number(lag));
  return { caughtUp: lagBytes === 0, lagBytes, replayLsn: replay };
}
