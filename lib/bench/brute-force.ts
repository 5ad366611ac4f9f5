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
