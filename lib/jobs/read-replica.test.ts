// Read replicas, on a real primary and a real streaming replica made by the test (initdb,
// pg_basebackup -R). Protects: with DATABASE_READ_URL the read API's pool is the replica while
// the app pool stays on the primary; a finished job records the primary's WAL position and the
// job API says the replica has not caught up while its replay lags, then that it has; once it
// has, every read answer from the replica equals the primary's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { appPool, readPool } from '../db/app-db';
import { withDatabase } from '../db/database-url';
import { migrate } from '../db/migrate';
import { closePools, getPool } from '../db/pool';
import { currentWalLsn, replicaState } from '../db/replica';
import { createDatabase } from '../db/scratch-database';
import { generateCsv, SAMPLE_CSV, tempDir } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { replicaClusterUnavailable, startReplicaCluster, type ReplicaCluster } from '../testing/replica-cluster';
import { waitFor } from '../testing/worker-process';
import { insights } from '../trips/insights';
import { listRegions } from '../trips/regions';
import { similarTripsQuery, weeklyAverageQuery } from '../trips/schemas';
import { similarTrips } from '../trips/similar-trips';
import { weeklyAverage } from '../trips/weekly-average';
import { jobWithRejects } from './ingestions';

const skipReason = replicaClusterUnavailable();
if (skipReason) console.warn(`read-replica tests skipped: ${skipReason}`);

let cluster: ReplicaCluster;
let primary: pg.Pool;
let replica: pg.Pool;
let urls: { primary: string; replica: string };

const caughtUpTo = async (lsn: string) => (await replicaState(replica, lsn)).caughtUp;

beforeAll(async () => {
  if (skipReason) return;
  cluster = await startReplicaCluster();
  const name = 'trip_atlas_replica_test';
  urls = { primary: await createDatabase(cluster.primaryUrl, name), replica: withDatabase(cluster.replicaUrl, name) };
  await migrate(urls.primary);
  primary = getPool(urls.primary);
  replica = getPool(urls.replica);
  const lsn = await currentWalLsn(primary);
  await waitFor('the replica to replay the migrations', async () => {
    try {
      return await caughtUpTo(lsn);
    } catch {
      return false; // the database is not on the replica yet
    }
  }, 60_000, 200);
}, 180_000);

afterAll(async () => {
  await closePools();
  cluster?.stop();
});

/** Every read answer the API gives for this store. */
async function answers(db: pg.Pool) {
  const regions = await listRegions(db);
  const out: unknown[] = [regions, await insights(db), await similarTrips(similarTripsQuery.parse({}), db)];
  for (const r of regions) {
    for (const match of ['origin', 'destination', 'both']) {
      out.push(await weeklyAverage(weeklyAverageQuery.parse({ region: r.name, match }), db));
      if (r.bbox) {
        const [w, s, e, n] = r.bbox;
        const box = [w, s, (w + e) / 2, (s + n) / 2].join(',');
        out.push(await weeklyAverage(weeklyAverageQuery.parse({ bbox: box, match }), db));
      }
    }
    out.push(await similarTrips(similarTripsQuery.parse({ region: r.name, limit: '20' }), db));
  }
  return out;
}

describe.skipIf(skipReason)('read replica', () => {
  it('DATABASE_READ_URL sends the read pool to the replica; the app pool stays on the primary', async () => {
    const saved = { main: process.env.DATABASE_URL, read: process.env.DATABASE_READ_URL };
    const inRecovery = async (p: pg.Pool) => (await p.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0].r;
    try {
      process.env.DATABASE_URL = urls.primary;
      process.env.DATABASE_READ_URL = urls.replica;
      expect(await inRecovery(readPool())).toBe(true);
      expect(await inRecovery(appPool())).toBe(false);
      delete process.env.DATABASE_READ_URL;
      expect(await inRecovery(readPool())).toBe(false);
    } finally {
      process.env.DATABASE_URL = saved.main;
      if (saved.read === undefined) delete process.env.DATABASE_READ_URL;
      else process.env.DATABASE_READ_URL = saved.read;
    }
  });

  it('says when the replica has replayed a finished job, and then answers like the primary', async () => {
    await replica.query('SELECT pg_wal_replay_pause()');
    const dir = tempDir('trip-atlas-replica-csv-');
    const first = await ingest(urls.primary, SAMPLE_CSV);
    const second = await ingest(urls.primary, generateCsv(dir, 'more.csv', 20_000));
    expect([first.status, second.status]).toEqual(['succeeded', 'succeeded']);

    const detail = await jobWithRejects(primary, second.jobId, replica);
    expect(detail.job.finishLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(detail.replica).toMatchObject({ caughtUp: false });
    expect(detail.replica!.lagBytes).toBeGreaterThan(0);
    expect(await listRegions(replica)).toEqual([]); // replay paused: the replica has none of it
    expect((await jobWithRejects(primary, second.jobId)).replica).toBeNull(); // no replica configured

    await replica.query('SELECT pg_wal_replay_resume()');
    const caught = await waitFor('the replica to catch up', async () => {
      const r = (await jobWithRejects(primary, second.jobId, replica)).replica;
      return r?.caughtUp ? r : null;
    }, 60_000, 200);
    expect(caught.lagBytes).toBe(0);

    const onPrimary = await answers(primary);
    expect((onPrimary[0] as unknown[]).length).toBeGreaterThan(1);
    expect(await answers(replica)).toEqual(onPrimary);
  });
});
