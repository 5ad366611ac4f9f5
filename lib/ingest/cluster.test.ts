// Clustering after a load: partitions a load grew are rewritten in map order; a small load into a
// big partition leaves it alone; partitions a load left unclustered stay recorded as pending until
// maintenance (finishPendingClustering) clusters them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPool } from '../db/pool';
import { generateCsv, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { clusterPartitions, finishPendingClustering, partitionsToCluster } from './cluster';

let db: TestDatabase;
const dir = tempDir();
beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
});
afterAll(async () => db?.drop());

/** True when the partition's rows lie in (latitude band, longitude) order on disk. */
async function inMapOrder(url: string, table: string): Promise<boolean> {
  const { rows } = await getPool(url).query<{ band: number; lon: number }>(
    `SELECT floor(origin_lat * 256) AS band, origin_lon AS lon FROM store.${table} ORDER BY ctid`);
  return rows.every((x, i) => i === 0 || rows[i - 1].band < x.band || (rows[i - 1].band === x.band && rows[i - 1].lon <= x.lon));
}

describe('clustering partitions after a load', () => {
  it('rewrites the partitions a load created in (latitude band, longitude) order', async () => {
    const r = await ingest(db.url, generateCsv(dir, 'big.csv', 20_000, { seed: 3, regions: 1, days: 7, start: '2018-01-01' }));
    expect(r.status).toBe('succeeded');
    const { rows } = await getPool(db.url).query<{ band: number; lon: number }>(
      `SELECT floor(origin_lat * 256) AS band, origin_lon AS lon FROM store.trips_r1_w20180101 ORDER BY ctid`);
    expect(rows.length).toBe(20_000);
    const inOrder = rows.every((x, i) => i === 0 || rows[i - 1].band < x.band || (rows[i - 1].band === x.band && rows[i - 1].lon <= x.lon));
    expect(inOrder).toBe(true);
  });

  it('two clusterings of the same partition at once both finish (no lock-upgrade deadlock)', async () => {
    const pool = getPool(db.url);
    const keys = [{ regionId: 1, week: '2018-01-01', rows: 20_000 }];
    for (let i = 0; i < 5; i++) await Promise.all([clusterPartitions(pool, keys), clusterPartitions(pool, keys)]);
  });

  it('leaves a big partition alone when a load adds only a few rows to it', async () => {
    const pool = getPool(db.url);
    const big = [{ regionId: 1, week: '2018-01-01', rows: 5 }];
    expect(await partitionsToCluster(pool, big)).toEqual([]);
    expect(await partitionsToCluster(pool, [{ ...big[0], rows: 20_000 }])).toHaveLength(1);
    const small = await ingest(db.url, writeCsv(dir, 'one.csv',
      'region,origin_coord,destination_coord,datetime,datasource\nPrague,POINT (14.4 50.1),POINT (14.5 50.0),2018-01-03 10:00:00,x\n'));
    expect(small.status).toBe('succeeded');
  });

  it('a load left unclustered is recorded as pending, and maintenance clusters it and clears the record', async () => {
    const pool = getPool(db.url);
    const r = await ingest(db.url, generateCsv(dir, 'later.csv', 8_000, { seed: 4, regions: 1, days: 14, start: '2019-01-07' }), { cluster: false });
    expect(r.status).toBe('succeeded');
    const pending = async () => (await pool.query<{ week: string; job_id: number }>(
      'SELECT week, job_id FROM store.pending_cluster ORDER BY week')).rows;
    expect(await pending()).toEqual([{ week: '2019-01-07', job_id: r.jobId }, { week: '2019-01-14', job_id: r.jobId }]);
    expect(await inMapOrder(db.url, 'trips_r1_w20190107')).toBe(false);

    expect(await finishPendingClustering(pool)).toEqual([{ regionId: 1, week: '2019-01-07' }, { regionId: 1, week: '2019-01-14' }]);
    expect(await inMapOrder(db.url, 'trips_r1_w20190107')).toBe(true);
    expect(await inMapOrder(db.url, 'trips_r1_w20190114')).toBe(true);
    expect(await pending()).toEqual([]);
    expect(await finishPendingClustering(pool)).toEqual([]); // nothing left to do
  });
});
