// Brute-force answers straight from store.trips (no aggregates): the exactness reference and
// the latency baseline of the query benchmark. Weeks are ISO weeks (date_trunc('week') = Monday).
import type pg from 'pg';
import type { Box, Match } from './query-boxes';

const WHERE: Record<Match, string> = {
  origin: 'origin_lon BETWEEN $1 AND $3 AND origin_lat BETWEEN $2 AND $4',
  destination: 'dest_lon BETWEEN $1 AND $3 AND dest_lat BETWEEN $2 AND $4',
  both: 'origin_lon BETWEEN $1 AND $3 AND origin_lat BETWEEN $2 AND $4 AND dest_lon BETWEEN $1 AND $3 AND dest_lat BETWEEN $2 AND $4',
};

export type WeekCounts = Map<string, number>;

async function weekCounts(db: pg.Client, where: string, params: unknown[], from: string, to: string): Promise<{ counts: WeekCounts; ms: number }> {
  const n = params.length;
  const t0 = performance.now();
  const { rows } = await db.query<{ week: string; n: string }>(
    `SELECT date_trunc('week', started_at)::date::text AS week, count(*)::int8 AS n FROM store.trips
     WHERE ${where} AND started_at >= $${n + 1}::date AND started_at < $${n + 2}::date GROUP BY 1`, [...params, from, to]);
  return { counts: new Map(rows.map((r) => [r.week, Number(r.n)])), ms: performance.now() - t0 };
}

export function bruteBox(db: pg.Client, box: Box, match: Match, from: string, to: string) {
  return weekCounts(db, WHERE[match], box, from, to);
}

export function bruteRegion(db: pg.Client, regionName: string, from: string, to: string) {
  return weekCounts(db, 'region_id IN (SELECT id FROM regions WHERE lower(name) = lower($1))', [regionName], from, to);
}

/** True when the API's weekly series equals the brute-force counts, week by week and in total. */
export function sameCounts(series: { weekStart: string; trips: number }[], totalTrips: number, expected: WeekCounts): boolean {
  const sum = [...expected.values()].reduce((a, b) => a + b, 0);
  return sum === totalTrips && series.every((s) => (expected.get(s.weekStart) ?? 0) === s.trips);
}

export interface CellCount { west: number; south: number; east: number; north: number; trips: number }
export interface DensityGridSpec { dx: number; dy: number; nx: number; ny: number }

/**
 * Trips per cell of a grid, for every cell meeting the closed view, from raw trips: each trip's
 * column and row computed in SQL on their own (floor, then settled against the exact edges, the
 * last column/row also holding 180/90), a cell [west, east) meeting the view when west <= maxLon
 * and east > minLon (west > east: the view crosses the antimeridian). Independent of lib/trips.
 */
export async function bruteDensity(
  db: pg.Client | pg.Pool, g: DensityGridSpec, view: Box, side: 'origin' | 'destination', from: string, to: string,
): Promise<{ cells: CellCount[]; ms: number }> {
  const [lon, lat] = side === 'origin' ? ['origin_lon', 'origin_lat'] : ['dest_lon', 'dest_lat'];
  const cross = view[0] > view[2];
  const east = `(x = $nx - 1 OR -180 + (x + 1) * $dx > $minLon)`;
  const west = `-180 + x * $dx <= $maxLon`;
  const sql = `
    WITH t AS (
      SELECT ${lon} AS lon, ${lat} AS lat, floor((${lon} + 180) / $dx)::int AS fx, floor((${lat} + 90) / $dy)::int AS fy
      FROM store.trips WHERE started_at >= $from::date AND started_at < $to::date
    ), settled AS (
      SELECT least(greatest(CASE WHEN -180 + fx * $dx > lon THEN fx - 1 WHEN -180 + (fx + 1) * $dx <= lon THEN fx + 1 ELSE fx END, 0), $nx - 1) AS x,
             least(greatest(CASE WHEN -90 + fy * $dy > lat THEN fy - 1 WHEN -90 + (fy + 1) * $dy <= lat THEN fy + 1 ELSE fy END, 0), $ny - 1) AS y
      FROM t
    )
    SELECT -180 + x * $dx AS west, -90 + y * $dy AS south, -180 + (x + 1) * $dx AS east, -90 + (y + 1) * $dy AS north, count(*)::int8 AS trips
    FROM settled
    WHERE ${cross ? `(${east} OR ${west})` : `${east} AND ${west}`}
      AND -90 + y * $dy <= $maxLat AND (y = $ny - 1 OR -90 + (y + 1) * $dy > $minLat)
    GROUP BY x, y ORDER BY y, x`;
  const names = ['dx', 'dy', 'nx', 'ny', 'minLon', 'minLat', 'maxLon', 'maxLat', 'from', 'to'];
  const values = [g.dx, g.dy, g.nx, g.ny, ...view, from, to];
  const text = sql.replace(/\$([a-zA-Z]+)/g, (_, n: string) => `$${names.indexOf(n) + 1}${['from', 'to'].includes(n) ? '' : n.startsWith('n') ? '::int' : '::float8'}`);
  const t0 = performance.now();
  const { rows } = await db.query<CellCount>(text, values);
  return { cells: rows.map((r) => ({ ...r, trips: Number(r.trips) })), ms: performance.now() - t0 };
}
