// Every read endpoint's counts against brute-force SQL over the raw trips, on generated data,
// for many random boxes (tiny, cell-aligned, straddling cell edges, several regions, empty)
// and windows. Equal, not close.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { columnWest, fineGridOf, latToY, lonToX, makeGrid, rowSouth } from '../geo/cells';
import pg from 'pg';
import { endPool, getPool } from '../db/pool';
import { DEFAULT_ORGANISE } from '../env/ingest-defaults';
import { rng } from '../ingest/synthetic';
import { generateCsv, SAMPLE_CSV, tempDir, writeCsv } from '../testing/fixtures';
import { readStoreSettings } from '../ingest/store-settings';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { BLOCK_INDEXED_SQL } from './block-indexed';
import { insights } from './insights';
import { listRegions } from './regions';
import { similarTripsQuery, weeklyAverageQuery, type BBox } from './schemas';
import { similarTrips } from './similar-trips';
import { regionsMostlyInside, weeklyAverage, type Match } from './weekly-average';

let db: TestDatabase;
const pool = () => getPool(db.url);
const INDEX_ALL = { ...DEFAULT_ORGANISE, indexRows: 0 };
const g = makeGrid(6);
const g7 = fineGridOf(g);
const random = rng(2024);

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  const dir = tempDir();
  // Two files (two ingestions, so aggregates hold partial sums) plus the sample. The first and
  // the edge trips index every partition they write (BRIN on the origin, destination blocks),
  // however small, so both kinds of partition are read.
  await ingest(db.url, generateCsv(dir, 'a.csv', 25_000, { seed: 11, regions: 4 }), { organise: INDEX_ALL });
  await ingest(db.url, generateCsv(dir, 'b.csv', 15_000, { seed: 12, regions: 5, start: '2018-02-15' }));
  await ingest(db.url, SAMPLE_CSV);
  await ingest(db.url, writeCsv(dir, 'edges.csv', edgePointsCsv()), { organise: INDEX_ALL });
});

const CITIES = [[14.44, 50.07], [7.68, 45.07], [9.99, 53.55], [13.4, 52.52], [16.37, 48.21]];
const EDGE_SPAN = 15;

/** Trips whose ends lie exactly on cell edges and corners: the hardest case for exactness. */
function edgePointsCsv(): string {
  const lines = ['region,origin_coord,destination_coord,datetime,datasource'];
  CITIES.forEach(([lon, lat], c) => {
    // Edges of the finer grid, which include every store-cell edge.
    const x0 = lonToX(g7, lon), y0 = latToY(g7, lat);
    for (let i = 0; i < EDGE_SPAN * 4; i++) {
      for (let j = 0; j < EDGE_SPAN * 4; j += 5) {
        const o = `POINT (${columnWest(g7, x0 + i)} ${rowSouth(g7, y0 + j)})`;
        const d = `POINT (${columnWest(g7, x0 + j)} ${rowSouth(g7, y0 + i)})`;
        lines.push(`Edge${c},${o},${d},2018-01-${String(1 + ((i + j) % 28)).padStart(2, '0')} ${String((i * 3) % 24).padStart(2, '0')}:00:00,edge_src`);
      }
    }
  });
  return lines.join('\n') + '\n';
}
afterAll(async () => db?.drop());

const COLS = { origin: ['origin_lon', 'origin_lat'], destination: ['dest_lon', 'dest_lat'] } as const;
const inBox = (end: 'origin' | 'destination') =>
  `${COLS[end][0]} BETWEEN $1 AND $3 AND ${COLS[end][1]} BETWEEN $2 AND $4`;

async function bruteWeekly(box: BBox, match: Match, from: string, to: string): Promise<Map<string, number>> {
  const where = match === 'both' ? `${inBox('origin')} AND ${inBox('destination')}` : inBox(match);
  const { rows } = await pool().query(
    `SELECT date_trunc('week', started_at)::date::text AS week, count(*)::int8 AS n FROM store.trips
     WHERE ${where} AND started_at >= $5::date AND started_at < $6::date GROUP BY 1`,
    [box.minLon, box.minLat, box.maxLon, box.maxLat, from, to]);
  return new Map(rows.map((r) => [r.week, Number(r.n)]));
}

function randomBox(kind: number): BBox {
  const [clon, clat] = CITIES[Math.floor(random() * CITIES.length)];
  const lon = clon + (random() - 0.5) * 0.3;
  const lat = clat + (random() - 0.5) * 0.2;
  switch (kind % 6) {
    case 0: { // tiny, smaller than a cell
      const s = random() * 0.004;
      return { minLon: lon, minLat: lat, maxLon: lon + s, maxLat: lat + s / 2 };
    }
    case 1: { // aligned to cell edges, where the edge trips lie
      const x = lonToX(g, clon) + Math.floor(random() * 5), y = latToY(g, clat) + Math.floor(random() * 5);
      const w = Math.floor(random() * 10), h = Math.floor(random() * 10);
      return { minLon: columnWest(g, x), minLat: rowSouth(g, y), maxLon: columnWest(g, x + w), maxLat: rowSouth(g, y + h) };
    }
    case 2: { // edges a hair either side of fine cell edges, where the edge trips lie
      const x = lonToX(g7, clon) + Math.floor(random() * 9), y = latToY(g7, clat) + Math.floor(random() * 9), e = 1e-9;
      // at least a cell each way: a zero-width box's edges a hair inside would cross
      const w = 1 + Math.floor(random() * 39), h = 1 + Math.floor(random() * 39);
      return { minLon: columnWest(g7, x) - e, minLat: rowSouth(g7, y) + e, maxLon: columnWest(g7, x + w) + e, maxLat: rowSouth(g7, y + h) - e };
    }
    case 3: // covering several regions
      return { minLon: 5 + random() * 3, minLat: 44 + random() * 2, maxLon: 14 + random() * 4, maxLat: 51 + random() * 4 };
    case 4: // empty: in the sea
      return { minLon: -30, minLat: 30, maxLon: -29, maxLat: 31 };
    default: { // medium, random
      const w = random() * 0.2, h = random() * 0.15;
      return { minLon: lon - w, minLat: lat - h, maxLon: lon + w, maxLat: lat + h };
    }
  }
}

function randomWindow(): { from?: string; to?: string } {
  const r = random();
  if (r < 0.4) return {};
  const day = (n: number) => new Date(Date.UTC(2018, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const a = Math.floor(random() * 80);
  const b = a + 1 + Math.floor(random() * 60);
  return { from: day(a), to: day(b) };
}

/**
 * The test pool, but after the first statement `after` matches a writer commits a version bump of
 * the region (its change counter moves, no trip changes: brute force still holds).
 */
function racingPool(regionId: number, after: (text: string) => boolean): { pool: pg.Pool; bumped: () => boolean } {
  let bumped = false;
  const racing = new Proxy(pool(), {
    get(target, prop) {
      if (prop === 'query') {
        return async (text: string, values?: unknown[]) => {
          const r = await target.query(text, values);
          if (!bumped && after(text)) {
            bumped = true;
            await target.query('UPDATE store.trip_group_rollups SET version = version + 1 WHERE region_id = $1', [regionId]);
          }
          return r;
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { pool: racing, bumped: () => bumped };
}

describe('weekly averages are exact', () => {
  it('for 120 random boxes, all three match modes and random windows', async () => {
    for (let i = 0; i < 120; i++) {
      const box = randomBox(i);
      const match = (['origin', 'destination', 'both'] as const)[i % 3];
      const w = randomWindow();
      const q = weeklyAverageQuery.parse({ bbox: `${box.minLon},${box.minLat},${box.maxLon},${box.maxLat}`, match, ...w });
      const r = await weeklyAverage(q, pool());
      const brute = await bruteWeekly(box, match, r.from, r.to);
      const expected = r.series.map((s) => ({ weekStart: s.weekStart, trips: brute.get(s.weekStart) ?? 0 }));
      expect(r.series, `box ${JSON.stringify(box)} ${match} ${JSON.stringify(w)}`).toEqual(expected);
      expect([...brute.values()].reduce((a, b) => a + b, 0)).toBe(r.totalTrips); // no trips outside the series
      expect(r.weeklyAverage).toBeCloseTo(r.totalTrips / r.weeks, 12);
    }
  });

  it('for destination boxes read through the destination block index (sequential scans off)', async () => {
    // the block path is taken: the first file's regions are mostly in partitions organising indexed
    const { rows } = await pool().query<{ listed: boolean }>(`SELECT ${BLOCK_INDEXED_SQL} AS listed FROM store.region_weeks GROUP BY region_id`);
    expect(rows.filter((r) => r.listed).length).toBeGreaterThanOrEqual(4);
    const indexed = new pg.Pool({ connectionString: db.url, max: 2, options: '-c enable_seqscan=off -c jit=off' });
    try {
      for (let i = 0; i < 60; i++) {
        const box = randomBox([0, 1, 2, 5][i % 4]);
        const q = weeklyAverageQuery.parse({ bbox: `${box.minLon},${box.minLat},${box.maxLon},${box.maxLat}`, match: 'destination' });
        const r = await weeklyAverage(q, indexed);
        const brute = await bruteWeekly(box, 'destination', r.from, r.to);
        expect(r.series, `box ${JSON.stringify(box)}`).toEqual(r.series.map((x) => ({ weekStart: x.weekStart, trips: brute.get(x.weekStart) ?? 0 })));
      }
    } finally {
      await endPool(indexed);
    }
  });

  it('for boxes holding whole regions (edges exactly on their extents) and part of another', async () => {
    const regions = (await listRegions(pool())).filter((r) => r.bbox);
    expect(regions.length).toBeGreaterThan(2);
    for (const [i, region] of regions.entries()) {
      const [w, s, e, n] = region.bbox!;
      const other = regions[(i + 1) % regions.length].bbox!;
      // the region exactly, shaved by a hair on each side in turn, and the region plus the
      // western half of the next one
      const hair = 1e-9;
      const boxes: BBox[] = [
        { minLon: w, minLat: s, maxLon: e, maxLat: n },
        { minLon: w + hair, minLat: s, maxLon: e, maxLat: n }, { minLon: w, minLat: s + hair, maxLon: e, maxLat: n },
        { minLon: w, minLat: s, maxLon: e - hair, maxLat: n }, { minLon: w, minLat: s, maxLon: e, maxLat: n - hair },
        { minLon: Math.min(w, other[0]), minLat: Math.min(s, other[1]), maxLon: Math.max(e, (other[0] + other[2]) / 2), maxLat: Math.max(n, other[3]) },
      ];
      for (const box of boxes) {
        for (const match of ['origin', 'destination', 'both'] as const) {
          const q = weeklyAverageQuery.parse({ bbox: `${box.minLon},${box.minLat},${box.maxLon},${box.maxLat}`, match });
          const r = await weeklyAverage(q, pool());
          const brute = await bruteWeekly(box, match, r.from, r.to);
          expect(r.series, `${region.name} ${JSON.stringify(box)} ${match}`).toEqual(r.series.map((x) => ({ weekStart: x.weekStart, trips: brute.get(x.weekStart) ?? 0 })));
        }
      }
    }
  });

  it('for match=both read either way: trips starting inside, or those ending inside less those of them starting outside', async () => {
    const regions = (await listRegions(pool())).filter((r) => r.bbox);
    // Boxes covering most of a region (its extent shrunk by a share, or by one fine cell, on
    // each side), where the outside way pays, and the random kinds (edges on cell edges, where
    // the edge trips lie; several regions; empty).
    const boxes: BBox[] = regions.flatMap((region) => {
      const [w, s, e, n] = region.bbox!;
      const shrunk = (f: number): BBox => ({ minLon: w + (e - w) * f, minLat: s + (n - s) * f, maxLon: e - (e - w) * f, maxLat: n - (n - s) * f });
      const x0 = lonToX(g7, w) + 1, y0 = latToY(g7, s) + 1, x1 = lonToX(g7, e), y1 = latToY(g7, n);
      return [shrunk(0.05), shrunk(0.2), { minLon: columnWest(g7, x0), minLat: rowSouth(g7, y0), maxLon: columnWest(g7, x1), maxLat: rowSouth(g7, y1) }];
    });
    // auto takes the outside way for some of them (each region's 5%-shrunk box, the big ones),
    // and only where the partitions have their origin BRIN: more regions once all have it
    const settings = (await readStoreSettings(pool()))!;
    const everything = { from: '2000-01-03', to: '2100-01-04', weeks: 0 };
    const chosen = () => Promise.all(regions.map(async (region, i) => {
      const extents = [{ regionId: region.id, minLon: region.bbox![0], minLat: region.bbox![1], maxLon: region.bbox![2], maxLat: region.bbox![3] }];
      return (await regionsMostlyInside(pool(), settings, extents, boxes[i * 3], everything)).size;
    }));
    const before = (await chosen()).filter((n) => n > 0).length;
    await pool().query('SELECT store.index_trip_partition(region_id, week) FROM store.region_weeks');
    const after = (await chosen()).filter((n) => n > 0).length;
    expect(after).toBeGreaterThan(before);
    for (let i = 0; i < 40; i++) boxes.push(randomBox([0, 1, 2, 3, 4, 5][i % 6]));
    for (const box of boxes) {
      const q = weeklyAverageQuery.parse({ bbox: `${box.minLon},${box.minLat},${box.maxLon},${box.maxLat}`, match: 'both' });
      for (const plan of ['outside', 'inside', 'auto'] as const) {
        const r = await weeklyAverage(q, pool(), plan);
        const brute = await bruteWeekly(box, 'both', r.from, r.to);
        expect(r.series, `${plan} ${JSON.stringify(box)}`).toEqual(r.series.map((x) => ({ weekStart: x.weekStart, trips: brute.get(x.weekStart) ?? 0 })));
      }
    }
  });

  it('for match=both read by partition name when a listed partition is no longer there by that name: read through the parent', async () => {
    const region = (await listRegions(pool())).filter((r) => r.bbox).sort((a, b) => b.trips - a.trips)[0];
    const [w, s, e, n] = region.bbox!;
    const box: BBox = { minLon: w + (e - w) * 0.3, minLat: s + (n - s) * 0.3, maxLon: e - (e - w) * 0.3, maxLat: n - (n - s) * 0.3 };
    const { rows: [{ name }] } = await pool().query<{ name: string }>(
      'SELECT store.trip_partition_name(region_id, week) AS name FROM store.region_weeks WHERE region_id = $1 AND trips > 0 ORDER BY trips DESC LIMIT 1', [region.id]);
    // as if retention had dropped it after the read listed it: the name is gone, the rows are
    // still in the parent (renamed, it stays attached), so brute force still holds
    await pool().query(`ALTER TABLE store."${name}" RENAME TO "${name}_moved"`);
    const sent = vi.spyOn(pg.Pool.prototype, 'query');
    try {
      const q = weeklyAverageQuery.parse({ bbox: `${box.minLon},${box.minLat},${box.maxLon},${box.maxLat}`, match: 'both' });
      const r = await weeklyAverage(q, pool(), 'inside');
      const brute = await bruteWeekly(box, 'both', r.from, r.to);
      expect(r.totalTrips).toBeGreaterThan(0);
      expect(r.series).toEqual(r.series.map((x) => ({ weekStart: x.weekStart, trips: brute.get(x.weekStart) ?? 0 })));
      const texts = sent.mock.calls.map((c) => String(c[0]));
      expect(texts.some((t) => t.includes(`store."${name}"`))).toBe(true); // named, failed
      expect(texts.some((t) => t.includes('FROM store.trips WHERE') && t.includes('dest_lon >='))).toBe(true); // then the parent
    } finally {
      sent.mockRestore();
      await pool().query(`ALTER TABLE store."${name}_moved" RENAME TO "${name}"`);
    }
  });

  it('for match=both read by partition name while a writer commits between the listing and the reads: read through the parent', async () => {
    const region = (await listRegions(pool())).filter((r) => r.bbox).sort((a, b) => b.trips - a.trips)[0];
    const [w, s, e, n] = region.bbox!;
    const box: BBox = { minLon: w + (e - w) * 0.3, minLat: s + (n - s) * 0.3, maxLon: e - (e - w) * 0.3, maxLat: n - (n - s) * 0.3 };
    // A pool whose listing of the window's partitions is followed by a writer's commit (a version
    // bump: no trip changes, so brute force still holds; a real load could add a partition the
    // listing missed).
    const racing = racingPool(region.id, (text) => text.includes('FROM store.region_weeks') && text.includes('array_agg(week::text'));
    const sent = vi.spyOn(pg.Pool.prototype, 'query');
    const q = weeklyAverageQuery.parse({ bbox: `${box.minLon},${box.minLat},${box.maxLon},${box.maxLat}`, match: 'both' });
    const r = await weeklyAverage(q, racing.pool, 'inside');
    const texts = sent.mock.calls.map((c) => String(c[0]));
    sent.mockRestore();
    await pool().query('UPDATE store.trip_group_rollups SET version = version - 1 WHERE region_id = $1', [region.id]);
    const brute = await bruteWeekly(box, 'both', r.from, r.to);
    expect(r.totalTrips).toBeGreaterThan(0);
    expect(r.series).toEqual(r.series.map((x) => ({ weekStart: x.weekStart, trips: brute.get(x.weekStart) ?? 0 })));
    expect(racing.bumped()).toBe(true);
    // the named reads ran, then, the counters having moved, the read through the parent
    const named = texts.findIndex((t) => /FROM store\."trips_/.test(t));
    expect(named).toBeGreaterThanOrEqual(0);
    expect(texts.slice(named + 1).some((t) => t.includes('FROM store.trips WHERE') && t.includes('dest_lon >='))).toBe(true);
  });

  it('for match=both read around the box while a writer commits among its reads: read the inside way instead', async () => {
    const region = (await listRegions(pool())).filter((r) => r.bbox).sort((a, b) => b.trips - a.trips)[0];
    const [w, s, e, n] = region.bbox!;
    const box: BBox = { minLon: w + (e - w) * 0.05, minLat: s + (n - s) * 0.05, maxLon: e - (e - w) * 0.05, maxLat: n - (n - s) * 0.05 };
    // A pool whose first read of the change counters is followed by a writer's commit (a version
    // bump of the region: its trips stay as they are, so brute force still holds). The raw reads
    // go through a pool beside it (no parallel workers), so statements are recorded from every pool.
    const racing = racingPool(region.id, (text) => text.includes('store.trip_group_rollups'));
    const sent = vi.spyOn(pg.Pool.prototype, 'query');
    const q = weeklyAverageQuery.parse({ bbox: `${box.minLon},${box.minLat},${box.maxLon},${box.maxLat}`, match: 'both' });
    const r = await weeklyAverage(q, racing.pool, 'outside');
    const texts = sent.mock.calls.map((c) => String(c[0]));
    sent.mockRestore();
    // the bump changed no trip: undo it, so the region's similar-trips rollup stays current for later tests
    await pool().query('UPDATE store.trip_group_rollups SET version = version - 1 WHERE region_id = $1', [region.id]);
    const brute = await bruteWeekly(box, 'both', r.from, r.to);
    expect(r.series).toEqual(r.series.map((x) => ({ weekStart: x.weekStart, trips: brute.get(x.weekStart) ?? 0 })));
    expect(racing.bumped()).toBe(true);
    // the read of trips starting outside the box ran, then, after the counters moved, the inside read
    const outsideRead = texts.findIndex((t) => t.includes('origin_lon < '));
    expect(outsideRead).toBeGreaterThanOrEqual(0);
    expect(texts.slice(outsideRead + 1).some((t) => /origin_lon >= .* AND \(dest_lon >= /s.test(t) && !t.includes('origin_lon < '))).toBe(true);
  });

  it('for every region, with the default window spanning the whole store', async () => {
    const { rows: [extent] } = await pool().query(
      `SELECT date_trunc('week', min(started_at))::date::text AS first, (date_trunc('week', max(started_at)) + interval '7 days')::date::text AS last FROM store.trips`);
    for (const region of await listRegions(pool())) {
      const r = await weeklyAverage(weeklyAverageQuery.parse({ region: region.name.toUpperCase() }), pool());
      expect([r.from, r.to]).toEqual([extent.first, extent.last]);
      const { rows } = await pool().query(
        `SELECT count(*)::int8 AS n FROM store.trips WHERE region_id = $1`, [region.id]);
      expect(r.totalTrips).toBe(Number(rows[0].n));
      expect(r.area).toEqual({ region: region.name });
    }
  });
});

describe('similar trips are exact', () => {
  it('group counts equal brute-force grouping of raw trips, by region, box, window, precision and bucket', async () => {
    const cases = [
      { region: 'Prague' }, { region: 'turin', from: '2018-01-15', to: '2018-02-20' },
      { bbox: '14.3,49.95,14.6,50.2', precision: '5' }, { bbox: '7.5,44.9,7.9,45.2', bucketMinutes: '180', from: '2018-02-01' },
      {}, { precision: '4', bucketMinutes: '360' },
    ];
    for (const c of cases) {
      const q = similarTripsQuery.parse({ ...c, limit: '25' });
      const r = await similarTrips(q, pool());
      expect(r.groups.length).toBeGreaterThan(0);
      const p = makeGrid(r.precision);
      const shiftX = g.xBits - p.xBits, shiftY = g.yBits - p.yBits;
      const { rows } = await pool().query(
        `SELECT t.origin_lon, t.origin_lat, t.dest_lon, t.dest_lat, extract(hour FROM started_at)::int * 60 + extract(minute FROM started_at)::int AS minute, r.name AS region
         FROM store.trips t JOIN regions r ON r.id = t.region_id
         WHERE started_at >= $1::date AND started_at < $2::date AND ($3::text IS NULL OR lower(r.name) = lower($3))`,
        [r.from, r.to, q.region ?? null]);
      const counts = new Map<string, number>();
      const box = q.bbox;
      for (const t of rows) {
        const ox = lonToX(g, t.origin_lon), oy = latToY(g, t.origin_lat);
        if (box && !(ox >= lonToX(g, box.minLon) && ox <= lonToX(g, box.maxLon) && oy >= latToY(g, box.minLat) && oy <= latToY(g, box.maxLat))) continue;
        const key = [t.region, ox >> shiftX, oy >> shiftY, lonToX(g, t.dest_lon) >> shiftX, latToY(g, t.dest_lat) >> shiftY,
          Math.floor(t.minute / r.bucketMinutes)].join('|');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const grp of r.groups) {
        const [ox, oy] = [lonToX(p, grp.origin.center[0]), latToY(p, grp.origin.center[1])];
        const [dx, dy] = [lonToX(p, grp.destination.center[0]), latToY(p, grp.destination.center[1])];
        const bucket = Number(grp.bucket.start.slice(0, 2)) * 60 / r.bucketMinutes;
        expect(grp.trips, JSON.stringify({ c, grp })).toBe(counts.get([grp.region, ox, oy, dx, dy, bucket].join('|')));
      }
      // sorted by size, and nothing bigger was left out
      const sizes = r.groups.map((x) => x.trips);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      const largestBrute = [...counts.values()].filter((n) => n >= 2).sort((a, b) => b - a).slice(0, sizes.length);
      expect(sizes).toEqual(largestBrute);
    }
  });
});

describe('regions and insights', () => {
  it('regions report counts, extents and time ranges equal to the raw trips', async () => {
    const { rows } = await pool().query(`SELECT r.name, count(*)::int8 AS n,
        least(min(origin_lon), min(dest_lon)) AS w, greatest(max(origin_lat), max(dest_lat)) AS n_lat,
        min(started_at)::text AS first, max(started_at)::text AS last
      FROM store.trips t JOIN regions r ON r.id = t.region_id GROUP BY r.name`);
    const regions = await listRegions(pool());
    expect(regions).toHaveLength(rows.length);
    for (const row of rows) {
      const reg = regions.find((x) => x.name === row.name)!;
      expect([reg.trips, reg.bbox![0], reg.bbox![3], reg.firstTrip, reg.lastTrip]).toEqual([Number(row.n), row.w, row.n_lat, row.first, row.last]);
    }
  });

  it('insight SQL over aggregates equals its brute-force twin over raw trips', async () => {
    const brute = (name: string, params: unknown[] = []) =>
      pool().query(fs.readFileSync(path.join('sql', 'brute-force', name), 'utf8'), params);
    const agg = (name: string, params: unknown[] = []) =>
      pool().query(fs.readFileSync(path.join('sql', 'insights', name), 'utf8'), params);
    const strip = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, region_trips: Number(r.region_trips), trips: Number(r.trips) }));
    expect(strip((await agg('latest-datasource-top-regions.sql')).rows)).toEqual(strip((await brute('latest-datasource-top-regions.sql')).rows));
    expect(strip((await agg('cheap-mobile-regions.sql', ['cheap_mobile'])).rows)).toEqual(strip((await brute('cheap-mobile-regions.sql', ['cheap_mobile'])).rows));
    const answer = await insights(pool());
    expect(answer.topRegions).toHaveLength(2);
  });
});
