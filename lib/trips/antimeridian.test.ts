// Boxes across the antimeridian (west > east, RFC 7946 section 5.2) and boxes in the southern
// hemisphere, against brute-force SQL over raw trips: trips around Fiji and Chukotka with ends
// on both sides, exactly at 180 and -180, on cell edges and on box edges. Equal, not close.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { columnWest, fineGridOf, latToY, lonToX, makeGrid, rowSouth } from '../geo/cells';
import { getPool } from '../db/pool';
import { rng } from '../ingest/synthetic';
import { SAMPLE_CSV, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { similarTripsQuery, weeklyAverageQuery, type BBox } from './schemas';
import { similarTrips } from './similar-trips';
import { weeklyAverage, type Match } from './weekly-average';

let db: TestDatabase;
const pool = () => getPool(db.url);
const g = makeGrid(6);
const g7 = fineGridOf(g);
const random = rng(7946);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

// Longitudes where trips lie and boxes end: the antimeridian itself, cell edges next to it
// (store and fine grid) and round values.
const EDGE_LONS = [
  180, -180, 179, 178.5, -179, -178.5, 179.99999, -179.99999,
  columnWest(g, g.nx - 1), columnWest(g, g.nx - 3), columnWest(g, 1), columnWest(g, 2),
  columnWest(g7, g7.nx - 1), columnWest(g7, g7.nx - 5), columnWest(g7, 1), columnWest(g7, 7),
];
const REGIONS = [
  { name: 'Fiji', south: -19.5, north: -15.5 }, // southern hemisphere
  { name: 'Chukotka', south: 64, north: 67 },
];
const edgeLats = (r: (typeof REGIONS)[number]) => {
  const y = latToY(g, (r.south + r.north) / 2), y7 = latToY(g7, (r.south + r.north) / 2);
  return [r.south + 1, r.north - 1, rowSouth(g, y), rowSouth(g, y + 1), rowSouth(g7, y7 - 3), rowSouth(g7, y7 + 2)];
};

function randomLon(): number {
  const r = random();
  if (r < 0.25) return pick(EDGE_LONS);
  return r < 0.65 ? 177 + random() * 3 : -180 + random() * 2; // 177..180 and -180..-178
}

function randomLat(region: (typeof REGIONS)[number]): number {
  return random() < 0.25 ? pick(edgeLats(region)) : region.south + random() * (region.north - region.south);
}

/** Trips near the antimeridian; about a third start on one side and end on the other. */
function antimeridianCsv(rows: number): string {
  const lines = ['region,origin_coord,destination_coord,datetime,datasource'];
  for (let i = 0; i < rows; i++) {
    const region = pick(REGIONS);
    const [olon, dlon] = [randomLon(), randomLon()];
    const day = new Date(Date.UTC(2018, 0, 1) + Math.floor(random() * 70) * 86_400_000).toISOString().slice(0, 10);
    const time = `${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00`;
    lines.push(`${region.name},POINT (${olon} ${randomLat(region)}),POINT (${dlon} ${randomLat(region)}),${day} ${time},fiji_src`);
  }
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  const dir = tempDir();
  await ingest(db.url, writeCsv(dir, 'a.csv', antimeridianCsv(6000)));
  await ingest(db.url, writeCsv(dir, 'b.csv', antimeridianCsv(3000))); // aggregates hold partial sums
  await ingest(db.url, SAMPLE_CSV); // trips elsewhere, which no box here may count
});
afterAll(async () => db?.drop());

/** The box test in SQL, written independently: longitudes wrap when west > east. */
function inBoxSql(lon: string, lat: string, box: BBox): string {
  const lons = box.minLon > box.maxLon ? `(${lon} >= $1 OR ${lon} <= $3)` : `${lon} BETWEEN $1 AND $3`;
  return `${lons} AND ${lat} BETWEEN $2 AND $4`;
}

async function bruteWeekly(box: BBox, match: Match, from: string, to: string): Promise<Map<string, number>> {
  const o = inBoxSql('origin_lon', 'origin_lat', box), d = inBoxSql('dest_lon', 'dest_lat', box);
  const where = match === 'both' ? `${o} AND ${d}` : match === 'origin' ? o : d;
  const { rows } = await pool().query(
    `SELECT date_trunc('week', started_at)::date::text AS week, count(*)::int8 AS n FROM store.trips
     WHERE ${where} AND started_at >= $5::date AND started_at < $6::date GROUP BY 1`,
    [box.minLon, box.minLat, box.maxLon, box.maxLat, from, to]);
  return new Map(rows.map((r) => [r.week, Number(r.n)]));
}

function randomBox(i: number): BBox {
  const region = pick(REGIONS);
  const lat = () => (random() < 0.4 ? pick(edgeLats(region)) : region.south - 0.5 + random() * (region.north - region.south + 1));
  const [a, b] = [lat(), lat()].sort((x, y) => x - y);
  switch (i % 4) {
    case 0: // across, edges where trips lie
      return { minLon: pick(EDGE_LONS.filter((l) => l > 0)), maxLon: pick(EDGE_LONS.filter((l) => l < 0)), minLat: a, maxLat: b };
    case 1: // across, random edges
      return { minLon: 176 + random() * 4, maxLon: -180 + random() * 3, minLat: a, maxLat: b };
    case 2: // across, one part a line: west = 180 or east = -180
      return random() < 0.5 ? { minLon: 180, maxLon: -179 - random(), minLat: a, maxLat: b } : { minLon: 178 + random(), maxLon: -180, minLat: a, maxLat: b };
    default: { // not across, on one side (southern hemisphere for Fiji)
      const west = random() < 0.5;
      const [l0, l1] = west ? [-180, -180 + random() * 2] : [177 + random() * 2, 180];
      return { minLon: random() < 0.5 ? l0 : l0 + random() * 0.5, maxLon: l1, minLat: a, maxLat: b };
    }
  }
}

function randomWindow(): { from?: string; to?: string } {
  if (random() < 0.4) return {};
  const day = (n: number) => new Date(Date.UTC(2018, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const a = Math.floor(random() * 60);
  return { from: day(a), to: day(a + 1 + Math.floor(random() * 40)) };
}

const param = (b: BBox) => `${b.minLon},${b.minLat},${b.maxLon},${b.maxLat}`;

describe('boxes across the antimeridian', () => {
  it('the data has trips at exactly 180 and -180 and trips crossing it', async () => {
    const { rows: [r] } = await pool().query(`SELECT
        count(*) FILTER (WHERE origin_lon = 180 OR dest_lon = 180)::int AS at180,
        count(*) FILTER (WHERE origin_lon = -180 OR dest_lon = -180)::int AS at_minus180,
        count(*) FILTER (WHERE sign(origin_lon) <> sign(dest_lon))::int AS crossing
      FROM store.trips WHERE region_id IN (SELECT id FROM regions WHERE name IN ('Fiji', 'Chukotka'))`);
    expect(r.at180).toBeGreaterThan(50);
    expect(r.at_minus180).toBeGreaterThan(50);
    expect(r.crossing).toBeGreaterThan(1000);
  });

  it('weekly counts equal brute force for 96 random boxes, all match modes, random windows', async () => {
    let nonEmpty = 0;
    for (let i = 0; i < 96; i++) {
      const box = randomBox(i);
      const match = (['origin', 'destination', 'both'] as const)[i % 3];
      const w = randomWindow();
      const r = await weeklyAverage(weeklyAverageQuery.parse({ bbox: param(box), match, ...w }), pool());
      const brute = await bruteWeekly(box, match, r.from, r.to);
      const context = `box ${param(box)} ${match} ${JSON.stringify(w)}`;
      expect(r.series, context).toEqual(r.series.map((s) => ({ weekStart: s.weekStart, trips: brute.get(s.weekStart) ?? 0 })));
      expect([...brute.values()].reduce((x, y) => x + y, 0), context).toBe(r.totalTrips);
      expect(r.area).toEqual({ bbox: [box.minLon, box.minLat, box.maxLon, box.maxLat] }); // echoed as given
      if (r.totalTrips) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(60); // the boxes really meet the trips
  });

  it('a point exactly at 180 or -180 counts once, whichever part of the box holds it', async () => {
    const box = { minLon: 180, minLat: -19.5, maxLon: -180, maxLat: -15.5 }; // just the antimeridian
    for (const match of ['origin', 'destination', 'both'] as const) {
      const r = await weeklyAverage(weeklyAverageQuery.parse({ bbox: param(box), match }), pool());
      const brute = await bruteWeekly(box, match, r.from, r.to);
      expect(r.totalTrips).toBe([...brute.values()].reduce((x, y) => x + y, 0));
      if (match === 'origin') expect(r.totalTrips).toBeGreaterThan(0);
    }
  });

  it('similar trips in a box across the antimeridian: the groups whose origin cell meets either part', async () => {
    const boxes: BBox[] = [
      { minLon: 178.3, minLat: -19, maxLon: -179.2, maxLat: -16 },
      { minLon: columnWest(g, g.nx - 3), minLat: -18.5, maxLon: columnWest(g, 2), maxLat: -16 }, // on cell edges
      { minLon: 179.5, minLat: -19, maxLon: -179.5, maxLat: -16 },
      { minLon: 177.5, minLat: 64.5, maxLon: -178.5, maxLat: 66.5 },
    ];
    for (const box of boxes) {
      const r = await similarTrips(similarTripsQuery.parse({ bbox: param(box), limit: '40', precision: '5' }), pool());
      expect(r.groups.length, param(box)).toBeGreaterThan(0);
      const p = makeGrid(r.precision);
      const [sx, sy] = [g.xBits - p.xBits, g.yBits - p.yBits];
      const { rows } = await pool().query(
        `SELECT t.origin_lon, t.origin_lat, t.dest_lon, t.dest_lat, extract(hour FROM started_at)::int * 60 + extract(minute FROM started_at)::int AS minute, r.name AS region
         FROM store.trips t JOIN regions r ON r.id = t.region_id WHERE started_at >= $1::date AND started_at < $2::date`,
        [r.from, r.to]);
      // An origin cell meets the box when its column meets [west, 180] or [-180, east].
      const [x0, x1, y0, y1] = [lonToX(g, box.minLon), lonToX(g, box.maxLon), latToY(g, box.minLat), latToY(g, box.maxLat)];
      const counts = new Map<string, number>();
      const sides = new Set<number>();
      for (const t of rows) {
        const ox = lonToX(g, t.origin_lon), oy = latToY(g, t.origin_lat);
        if (!((ox >= x0 || ox <= x1) && oy >= y0 && oy <= y1)) continue;
        sides.add(Math.sign(t.origin_lon));
        const key = [t.region, ox >> sx, oy >> sy, lonToX(g, t.dest_lon) >> sx, latToY(g, t.dest_lat) >> sy, Math.floor(t.minute / r.bucketMinutes)].join('|');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const keyOf = (grp: (typeof r.groups)[number]) => [grp.region, lonToX(p, grp.origin.center[0]), latToY(p, grp.origin.center[1]),
        lonToX(p, grp.destination.center[0]), latToY(p, grp.destination.center[1]), Number(grp.bucket.start.slice(0, 2)) * 60 / r.bucketMinutes].join('|');
      for (const grp of r.groups) expect(grp.trips, JSON.stringify(grp)).toBe(counts.get(keyOf(grp)));
      expect(r.groups.map((x) => x.trips)).toEqual([...counts.values()].filter((n) => n >= 2).sort((a, b) => b - a).slice(0, r.groups.length));
      expect(sides.size, param(box)).toBe(2); // the box holds origins on both sides of the antimeridian
    }
  });
});
