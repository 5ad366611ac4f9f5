// District-sized polygons for the query benchmark: irregular blobs of about 50 vertices, 2-8 km
// across, centred on actual trip points (origin only) or on both ends of one trip (origin
// polygon -> destination polygon). A blob is star-shaped around its centre (angles strictly
// increasing, radius always positive), so it never crosses itself and always validates.
// The brute force reads the trips in the polygons' extents with plain SQL and tests every
// point with the exact point-in-polygon of lib/geo/polygon.ts (the exactness tests' reference).
import type pg from 'pg';
import { extentOf, pointInShape, type Position, type Ring, type Shape } from '../geo/polygon';
import { rng } from '../ingest/synthetic';
import type { WeekCounts } from './brute-force';

const M_PER_DEGREE = 111_320;

export interface PolygonGeometry { type: 'Polygon'; coordinates: Ring[] }

/** `n` random trips (both ends), reproducible for one store. */
export async function sampleTrips(db: pg.Client, n: number, total: number): Promise<{ o: Position; d: Position }[]> {
  const percent = Math.min(100, (100 * n * 4) / Math.max(1, total));
  const { rows } = await db.query<{ ol: number; oa: number; dl: number; da: number }>(
    `SELECT origin_lon AS ol, origin_lat AS oa, dest_lon AS dl, dest_lat AS da FROM store.trips TABLESAMPLE BERNOULLI ($1) REPEATABLE (11)
     ORDER BY md5(origin_lon::text) LIMIT $2`, [percent, n]);
  return rows.map((r) => ({ o: [r.ol, r.oa], d: [r.dl, r.da] }));
}

/** A blob of 44-56 vertices, 2-8 km across, around `centre`. */
export function districtPolygon([lon, lat]: Position, random: () => number): PolygonGeometry {
  const n = 44 + Math.floor(random() * 13);
  const radiusM = (2_000 + random() * 6_000) / 2;
  // A few low harmonics make the outline irregular; amplitudes sum below 0.6, so r > 0.
  const harmonics = [2, 3, 5, 7].map((k) => ({ k, a: random() * 0.15, phase: random() * 2 * Math.PI }));
  const mPerLon = M_PER_DEGREE * Math.max(0.05, Math.cos((lat * Math.PI) / 180));
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * (i + 0.3 * random())) / n;
    const r = radiusM * (1 + harmonics.reduce((s, h) => s + h.a * Math.sin(h.k * t + h.phase), 0)) * (0.85 + 0.3 * random());
    ring.push([lon + (r * Math.cos(t)) / mPerLon, lat + (r * Math.sin(t)) / M_PER_DEGREE]);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

export function districtPolygons(n: number, centres: Position[], seed: number): PolygonGeometry[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => districtPolygon(centres[Math.floor(random() * centres.length)], random));
}

/**
 * Trips per week whose origin lies in `origin` (and destination in `destination`, when given):
 * the trips in the extents from SQL, each end then tested exactly in TypeScript.
 */
export async function brutePolygons(db: pg.Client, origin: PolygonGeometry, destination: PolygonGeometry | null, from: string, to: string): Promise<{ counts: WeekCounts; ms: number }> {
  const shape = (g: PolygonGeometry): Shape => [g.coordinates];
  const o = shape(origin), d = destination && shape(destination);
  const oe = extentOf(o), de = d && extentOf(d);
  const params: unknown[] = [oe.minLon, oe.maxLon, oe.minLat, oe.maxLat, from, to];
  let where = 'origin_lon BETWEEN $1 AND $2 AND origin_lat BETWEEN $3 AND $4';
  if (de) {
    params.push(de.minLon, de.maxLon, de.minLat, de.maxLat);
    where += ' AND dest_lon BETWEEN $7 AND $8 AND dest_lat BETWEEN $9 AND $10';
  }
  const t0 = performance.now();
  const { rows } = await db.query<{ week: string; ol: number; oa: number; dl: number; da: number }>(
    `SELECT date_trunc('week', started_at)::date::text AS week, origin_lon AS ol, origin_lat AS oa, dest_lon AS dl, dest_lat AS da
     FROM store.trips WHERE ${where} AND started_at >= $5::date AND started_at < $6::date`, params);
  const counts: WeekCounts = new Map();
  for (const r of rows) {
    if (!pointInShape(o, [r.ol, r.oa]) || (d && !pointInShape(d, [r.dl, r.da]))) continue;
    counts.set(r.week, (counts.get(r.week) ?? 0) + 1);
  }
  return { counts, ms: performance.now() - t0 };
}
