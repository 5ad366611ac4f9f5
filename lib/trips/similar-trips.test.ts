// Similar-trip ranking against brute force over raw trips: only groups of two or more trips,
// largest first, equal sizes in the order of the md5 of their key (stable, not geographic).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { latToY, lonToX, makeGrid } from '../geo/cells';
import { getPool } from '../db/pool';
import { generateCsv, SAMPLE_CSV, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { runMaintenance } from '../ingest/maintain';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { similarTripsQuery } from './schemas';
import { MIN_GROUP_TRIPS, similarTrips } from './similar-trips';

let db: TestDatabase;
const pool = () => getPool(db.url);
const g = makeGrid(6);

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  const dir = tempDir();
  await ingest(db.url, generateCsv(dir, 'a.csv', 6_000, { seed: 5, regions: 3 }));
  await ingest(db.url, SAMPLE_CSV);
  // A lone region whose trips are all different: no group of two.
  await ingest(db.url, writeCsv(dir, 'lone.csv', 'region,origin_coord,destination_coord,datetime,datasource\n'
    + 'Lonely,POINT (-60 -30),POINT (-60.5 -30.5),2018-01-02 10:00:00,x\nLonely,POINT (-61 -31),POINT (-61.5 -31.5),2018-01-03 11:00:00,x\n'));
});
afterAll(async () => db?.drop());

async function bruteRanking(q: ReturnType<typeof similarTripsQuery.parse>, from: string, to: string, precision: number, bucketMinutes: number) {
  const p = makeGrid(precision);
  const [sx, sy] = [g.xBits - p.xBits, g.yBits - p.yBits];
  const { rows } = await pool().query(
    `SELECT t.region_id, r.name AS region, t.origin_lon, t.origin_lat, t.dest_lon, t.dest_lat,
            extract(hour FROM started_at)::int * 60 + extract(minute FROM started_at)::int AS minute
     FROM store.trips t JOIN regions r ON r.id = t.region_id
     WHERE started_at >= $1::date AND started_at < $2::date AND ($3::text IS NULL OR lower(r.name) = lower($3))`,
    [from, to, q.region ?? null]);
  const groups = new Map<string, { region: string; key: string; trips: number; cells: number[]; bucket: number }>();
  for (const t of rows) {
    const ox = lonToX(g, t.origin_lon), oy = latToY(g, t.origin_lat);
    if (q.bbox && !(ox >= lonToX(g, q.bbox.minLon) && ox <= lonToX(g, q.bbox.maxLon) && oy >= latToY(g, q.bbox.minLat) && oy <= latToY(g, q.bbox.maxLat))) continue;
    const cells = [ox >> sx, oy >> sy, lonToX(g, t.dest_lon) >> sx, latToY(g, t.dest_lat) >> sy];
    const bucket = Math.floor(t.minute / bucketMinutes);
    const key = [t.region_id, ...cells, bucket].join(',');
    const grp = groups.get(key) ?? { region: t.region, key, trips: 0, cells, bucket };
    grp.trips++;
    groups.set(key, grp);
  }
  const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');
  return [...groups.values()]
    .filter((x) => x.trips >= MIN_GROUP_TRIPS)
    .sort((a, b) => b.trips - a.trips || md5(a.key).localeCompare(md5(b.key)))
    .slice(0, q.limit)
    .map((x) => ({ region: x.region, cells: x.cells, bucket: x.bucket, trips: x.trips }));
}

const CASES = [
  {}, { precision: '5' }, { precision: '4', bucketMinutes: '180' }, { region: 'Prague', precision: '5' },
  { bbox: '14.3,49.95,14.6,50.2', precision: '5', limit: '7' }, { from: '2018-01-15', to: '2018-02-20', precision: '5', limit: '12' },
  // the store's own precision and bucket over the whole store: the rollup when current
  { limit: '50' }, { region: 'Prague' }, { bbox: '14.3,49.95,14.6,50.2', limit: '9' }, { bbox: '-180,-90,180,90', limit: '40' },
  { from: '2010-01-04', to: '2026-01-05', limit: '25' },
];

/** Every case against brute force; returns how many equal neighbours the answers held. */
async function expectAllExact(): Promise<number> {
  let ties = 0;
  for (const c of CASES) {
    const q = similarTripsQuery.parse({ limit: '30', ...c });
    const r = await similarTrips(q, pool());
    const p = makeGrid(r.precision);
    const got = r.groups.map((x) => ({
      region: x.region,
      cells: [lonToX(p, x.origin.center[0]), latToY(p, x.origin.center[1]), lonToX(p, x.destination.center[0]), latToY(p, x.destination.center[1])],
      bucket: (Number(x.bucket.start.slice(0, 2)) * 60 + Number(x.bucket.start.slice(3))) / r.bucketMinutes,
      trips: x.trips,
    }));
    const want = await bruteRanking(q, r.from, r.to, r.precision, r.bucketMinutes);
    expect(want.length, JSON.stringify(c)).toBeGreaterThan(0);
    expect(got, JSON.stringify(c)).toEqual(want);
    expect(Math.min(...got.map((x) => x.trips))).toBeGreaterThanOrEqual(2);
    ties += got.filter((x, i) => i > 0 && got[i - 1].trips === x.trips).length;
  }
  return ties;
}

const currentRollups = async () => (await pool().query<{ region_id: number }>(
  'SELECT region_id FROM store.trip_group_rollups WHERE built_version = version ORDER BY 1')).rows.map((r) => r.region_id);

describe('similar trips', () => {
  it('rank groups of two or more trips by size, ties by a hash of their key, exactly as brute force', async () => {
    expect(await currentRollups()).toEqual([]);
    // rows whose pairs hold one trip each store no counts (NULL): both kinds are read here
    const { rows: [kinds] } = await pool().query(
      'SELECT count(*) FILTER (WHERE trips IS NULL)::int AS ones, count(*) FILTER (WHERE trips IS NOT NULL)::int AS counted FROM store.trip_groups');
    expect(kinds.ones).toBeGreaterThan(0);
    expect(kinds.counted).toBeGreaterThan(0);
    expect(await expectAllExact(), 'the cases exercise the tie-break').toBeGreaterThan(5);
  });

  it('answer no groups where every trip is alone', async () => {
    const r = await similarTrips(similarTripsQuery.parse({ region: 'Lonely' }), pool());
    expect(r.groups).toEqual([]);
  });

  it('answer exactly from the rollups maintenance builds, and from the weeks for regions loaded since', async () => {
    const m = await runMaintenance(pool());
    expect(m.rolledUp).toBeGreaterThan(3);
    const regions = (await pool().query<{ id: number }>('SELECT DISTINCT region_id AS id FROM store.region_weeks ORDER BY 1')).rows.map((r) => r.id);
    expect(await currentRollups()).toEqual(regions);
    expect(await expectAllExact()).toBeGreaterThan(5);
    // A load into some regions: theirs are stale (read from the weeks), the others stay current.
    await ingest(db.url, generateCsv(tempDir(), 'b.csv', 3_000, { seed: 9, regions: 2 }));
    const current = await currentRollups();
    expect(current.length).toBeGreaterThan(0);
    expect(current.length).toBeLessThan(regions.length);
    expect(await expectAllExact()).toBeGreaterThan(5);
    expect((await runMaintenance(pool())).rolledUp).toBe(regions.length - current.length);
    expect(await expectAllExact()).toBeGreaterThan(5);
  });

  it('answer from rollups a load rebuilt in its own transaction (rollups: true): current at its commit, exact', async () => {
    await runMaintenance(pool());
    await ingest(db.url, generateCsv(tempDir(), 'c.csv', 3_000, { seed: 10, regions: 2 }), { rollups: true });
    const regions = (await pool().query<{ id: number }>('SELECT DISTINCT region_id AS id FROM store.region_weeks ORDER BY 1')).rows.map((r) => r.id);
    expect(await currentRollups()).toEqual(regions); // none left stale by the load
    expect(await expectAllExact()).toBeGreaterThan(5);
    expect((await runMaintenance(pool())).rolledUp).toBe(0);
  });

  it('read a current rollup, not the weeks (a changed rollup shows in the answer)', async () => {
    await runMaintenance(pool());
    const q = similarTripsQuery.parse({ region: 'Prague', limit: '1' });
    const before = await similarTrips(q, pool());
    await pool().query(
      `UPDATE store.trip_group_totals SET trips = trips + 1000
       WHERE region_id = (SELECT id FROM regions WHERE name = 'Prague') AND chunk = 0`);
    const after = await similarTrips(q, pool());
    expect(after.groups[0].trips).toBe(before.groups[0].trips + 1000);
    // a bump (what a load does) sends the region back to the weeks: exact again
    await pool().query(`UPDATE store.trip_group_rollups SET version = version + 1 WHERE region_id = (SELECT id FROM regions WHERE name = 'Prague')`);
    expect(await similarTrips(q, pool())).toEqual(before);
    await runMaintenance(pool());
    expect(await similarTrips(q, pool())).toEqual(before);
  });
});
