// POST-side answers (areas) against brute force: every trip of the store read once and tested
// with the exact point-in-shape of lib/geo/polygon.ts. Random convex, concave (stars), holed
// and multi polygons, grid-aligned rectilinear polygons whose edges carry trips exactly, trips
// on vertices and on oblique edges, holes' boundaries, a southern-hemisphere city, and origin ->
// destination pairs mixing bbox, polygon and region, overlapping multipolygon parts (a trip
// counts once) and holes touching the outer ring. Equal, not close.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { columnWest, fineGridOf, latToY, lonToX, makeGrid, rowSouth } from '../geo/cells';
import { endPool, getPool } from '../db/pool';
import { boxShape, pointInShape, type Polygon, type Position, type Shape } from '../geo/polygon';
import { validateGeometry, type PolygonGeometry } from '../geo/polygon-validate';
import { DEFAULT_ORGANISE } from '../env/ingest-defaults';
import { rng } from '../ingest/synthetic';
import { generateCsv, tempDir, writeCsv } from '../testing/fixtures';
import { ingest } from '../testing/ingest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { areaWeeklyAverageBody, type AreaInput } from './area-schemas';
import { areaWeeklyAverage } from './area-weekly-average';

let db: TestDatabase;
const pool = () => getPool(db.url);
const g7 = fineGridOf(makeGrid(6));
const random = rng(4242);
const CITIES: Position[] = [[14.44, 50.07], [7.68, 45.07], [151.2, -33.87]];

interface Trip { o: Position; d: Position; week: string; region: string }
let trips: Trip[] = [];

/** A rectilinear polygon with a rectangular hole, vertices on fine-cell edges near a city. */
function gridPolygon([lon, lat]: Position, w: number, h: number): Polygon {
  const x = lonToX(g7, lon), y = latToY(g7, lat);
  const X = (i: number) => columnWest(g7, x + i), Y = (j: number) => rowSouth(g7, y + j);
  // An L shape (concave), with a hole in its foot; a diagonal cut gives one oblique edge.
  const outer: Position[] = [[X(0), Y(0)], [X(w), Y(0)], [X(w), Y(2)], [X(4), Y(h)], [X(0), Y(h)], [X(0), Y(0)]];
  const hole: Position[] = [[X(1), Y(1)], [X(3), Y(1)], [X(3), Y(3)], [X(1), Y(3)], [X(1), Y(1)]];
  return [outer, hole];
}
const DESIGNED = CITIES.map((c, i) => gridPolygon(c, 8 + 4 * i, 10 + 2 * i));

/** Trips exactly on the designed polygons' vertices, edge midpoints and edge quarter points. */
function boundaryTripsCsv(): string {
  const lines = ['region,origin_coord,destination_coord,datetime,datasource'];
  DESIGNED.forEach((polygon, c) => {
    const pts: Position[] = [];
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [a, b] = [ring[i], ring[i + 1]];
        for (const t of [0, 0.25, 0.5, 0.75]) pts.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
      }
    }
    pts.forEach((o, i) => {
      const d = pts[(i * 7 + 3) % pts.length];
      lines.push(`Edge${c},POINT (${o[0]} ${o[1]}),POINT (${d[0]} ${d[1]}),2018-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,edge_src`);
    });
  });
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  db = await createTestDatabase(inject('pgServerUrl'));
  const dir = tempDir();
  await ingest(db.url, generateCsv(dir, 'a.csv', 20_000, { seed: 21, regions: 3 }));
  // Sydney's and the edge trips' partitions get every index however small (BRIN, both ends'
  // blocks), so reads through the indexes and through whole partitions are both checked.
  const indexAll = { organise: { ...DEFAULT_ORGANISE, indexRows: 0 } };
  await ingest(db.url, writeCsv(dir, 'south.csv', southCsv()), indexAll);
  await ingest(db.url, writeCsv(dir, 'edges.csv', boundaryTripsCsv()), indexAll);
  const { rows } = await pool().query(`SELECT origin_lon, origin_lat, dest_lon, dest_lat, date_trunc('week', started_at)::date::text AS week, r.name AS region
    FROM store.trips t JOIN regions r ON r.id = t.region_id`);
  trips = rows.map((r) => ({ o: [r.origin_lon, r.origin_lat], d: [r.dest_lon, r.dest_lat], week: r.week, region: r.region }));
});
afterAll(async () => db?.drop());

/** Trips around Sydney (southern and eastern hemisphere), dense enough for whole cells. */
function southCsv(): string {
  const lines = ['region,origin_coord,destination_coord,datetime,datasource'];
  const r = rng(7);
  for (let i = 0; i < 6000; i++) {
    const p = () => `POINT (${151.2 + (r() - 0.5) * 0.12} ${-33.87 + (r() - 0.5) * 0.1})`;
    lines.push(`Sydney,${p()},${p()},2018-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')} 08:00:00,s`);
  }
  return lines.join('\n') + '\n';
}

function star(c: Position, n: number, radius: number, inner: number): Position[] {
  const ring: Position[] = [];
  const phase = random() * Math.PI;
  for (let i = 0; i < n; i++) {
    const a = phase + (2 * Math.PI * i) / n;
    const rr = radius * (inner + (1 - inner) * random());
    ring.push([c[0] + rr * Math.cos(a) * 1.5, c[1] + rr * Math.sin(a)]);
  }
  return [...ring, ring[0]];
}

function randomArea(i: number): AreaInput {
  const c = CITIES[i % CITIES.length];
  const centre: Position = [c[0] + (random() - 0.5) * 0.06, c[1] + (random() - 0.5) * 0.04];
  const radius = 0.005 + random() * 0.04;
  switch (i % 6) {
    case 0: return { polygon: { type: 'Polygon', coordinates: [star(centre, 5 + Math.floor(random() * 20), radius, 1)] } }; // convex-ish
    case 1: return { polygon: { type: 'Polygon', coordinates: [star(centre, 12 + Math.floor(random() * 40), radius, 0.35)] } }; // concave
    case 2: return { polygon: { type: 'Polygon', coordinates: [star(centre, 30, radius, 0.7), star(centre, 8, radius * 0.3, 1).reverse()] } }; // hole
    case 3: return { polygon: { type: 'MultiPolygon', coordinates: [[star(centre, 9, radius, 0.5)], [star([centre[0] + 0.08, centre[1]], 7, radius, 0.8)]] } };
    case 4: return { polygon: { type: 'Polygon', coordinates: DESIGNED[Math.floor(i / 6) % DESIGNED.length] } };
    default: return { bbox: [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius] };
  }
}

function shapeOf(a: AreaInput): Shape | null {
  if (a.bbox) return boxShape(...a.bbox);
  if (a.polygon) return validateGeometry(a.polygon as PolygonGeometry, 'test');
  return null;
}
const inArea = (a: AreaInput | undefined, p: Position, region: string) => {
  if (!a) return true;
  if (a.region) return region.toLowerCase() === a.region.toLowerCase();
  return pointInShape(shapeOf(a)!, p);
};

async function check(origin: AreaInput | undefined, destination: AreaInput | undefined, db: pg.Pool = pool()) {
  const body = areaWeeklyAverageBody.parse({ origin, destination });
  const r = await areaWeeklyAverage(body, db);
  const expected = new Map<string, number>();
  for (const t of trips) {
    if (inArea(origin, t.o, t.region) && inArea(destination, t.d, t.region)) expected.set(t.week, (expected.get(t.week) ?? 0) + 1);
  }
  const want = r.series.map((s) => ({ weekStart: s.weekStart, trips: expected.get(s.weekStart) ?? 0 }));
  expect(r.series, JSON.stringify({ origin, destination })).toEqual(want);
  expect(r.totalTrips).toBe([...expected.values()].reduce((a, b) => a + b, 0));
  return r;
}

describe('area answers are exact', () => {
  it('the designed polygons count trips on vertices, axis-parallel and oblique edges and hole boundaries', async () => {
    for (const polygon of DESIGNED) {
      const r = await check({ polygon: { type: 'Polygon', coordinates: polygon } }, undefined);
      expect(r.totalTrips).toBeGreaterThanOrEqual(36); // every designed trip lies on the boundary: 9 edges x 4 points
      await check(undefined, { polygon: { type: 'Polygon', coordinates: polygon } });
    }
  });

  it('for random convex, concave, holed and multi polygons, origin only and destination only', async () => {
    for (let i = 0; i < 36; i++) await check(i % 2 ? randomArea(i) : undefined, i % 2 ? undefined : randomArea(i));
  });

  it('read through the block indexes (sequential scans off), origin only and destination only', async () => {
    // reads list block keys where organising indexed the partitions (Sydney's, the edge trips'; in
    // the week layout, every region's of those weeks)
    const { rows: flags } = await pool().query<{ name: string; flagged: boolean; indexed: boolean }>(
      `SELECT r.name, w.block_indexed AS flagged,
              to_regclass('store.' || store.trip_partition_name(w.region_id, w.week) || '_origin_block') IS NOT NULL AS indexed
       FROM store.region_weeks w JOIN regions r ON r.id = w.region_id`);
    for (const { name, flagged, indexed } of flags) {
      expect(flagged, name).toBe(indexed);
      if (/^(edge|sydney)/i.test(name)) expect(flagged, name).toBe(true);
    }
    const indexed = new pg.Pool({ connectionString: db.url, max: 3, options: '-c enable_seqscan=off -c jit=off' });
    try {
      for (let i = 0; i < 24; i++) await check(i % 2 ? randomArea(i) : undefined, i % 2 ? undefined : randomArea(i), indexed);
      for (const polygon of DESIGNED) await check({ polygon: { type: 'Polygon', coordinates: polygon } }, undefined, indexed);
    } finally {
      await endPool(indexed);
    }
  });

  it('from one area to another, mixing bbox, polygon and region', async () => {
    const regions: AreaInput[] = [{ region: 'sydney' }, { region: 'Edge0' }, { region: 'Prague' }];
    for (let i = 0; i < 24; i++) {
      const o = i % 5 === 0 ? regions[i % 3] : randomArea(i);
      const d = i % 7 === 0 ? regions[(i + 1) % 3] : randomArea(i + (i % 2 ? 0 : 6));
      await check(o, d);
    }
    await check({ region: 'Sydney' }, { region: 'sydney' });
    await check({ region: 'Sydney' }, { region: 'Prague' });
    await check({ polygon: { type: 'Polygon', coordinates: DESIGNED[0] } }, { polygon: { type: 'Polygon', coordinates: DESIGNED[0] } });
  });

  it('counts a trip once where multipolygon parts overlap, and respects holes touching the outer ring at a vertex', async () => {
    for (let i = 0; i < 6; i++) {
      const c = CITIES[i % CITIES.length];
      const centre: Position = [c[0] + (random() - 0.5) * 0.04, c[1] + (random() - 0.5) * 0.03];
      const a = star(centre, 20, 0.02, 0.6), b = star([centre[0] + 0.01, centre[1] + 0.005], 16, 0.02, 0.6);
      const overlapping: AreaInput = { polygon: { type: 'MultiPolygon', coordinates: [[a], [b], [a]] } };
      // A square with a triangular hole whose west vertex lies on the square's west edge.
      const [x, y] = centre, r = 0.015;
      const touching: AreaInput = { polygon: { type: 'Polygon', coordinates: [
        [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r], [x - r, y - r]],
        [[x - r, y], [x, y - r / 2], [x, y + r / 2], [x - r, y]],
      ] } };
      await check(overlapping, undefined);
      await check(undefined, touching);
      await check(overlapping, i % 2 ? touching : overlapping);
    }
  });

  it('echoes the areas and answers the GET shape', async () => {
    const origin = { bbox: [151.1, -33.95, 151.3, -33.8] as [number, number, number, number] };
    const r = await check(origin, undefined);
    expect(Object.keys(r)).toEqual(['areas', 'from', 'to', 'weeks', 'totalTrips', 'weeklyAverage', 'series']);
    expect(r.areas).toEqual({ origin });
    expect(r.totalTrips).toBeGreaterThan(1000);
  });
});
