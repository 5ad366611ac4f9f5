// "How many trips a week in this box, or in this region?" - exact, from aggregates plus a
// boundary read of raw trips:
//   box:    whole cells inside the box from store.cell_weeks (or store.trip_groups for
//           match=both) + raw trips in the thin strips between the cells and the box edges;
//   region: store.region_weeks.
import type pg from 'pg';
import { appPool } from '../db/app-db';
import { notFound } from '../http/api-error';
import { readStoreSettings } from '../ingest/store-settings';
import { boundaryStrips, innerCells, type CellBlock, type Strip } from './box-cells';
import { Params } from './sql-params';
import type { BBox, WeeklyAverageQuery } from './schemas';
import { mondays, resolveWindow, type WeekWindow } from './window';

export type Match = 'origin' | 'destination' | 'both';

export interface WeeklyAverage {
  area: { bbox: [number, number, number, number] } | { region: string };
  match: Match;
  from: string;
  to: string;
  weeks: number;
  totalTrips: number;
  weeklyAverage: number;
  series: { weekStart: string; trips: number }[];
}

type WeekCounts = Map<string, number>;

export async function weeklyAverage(q: WeeklyAverageQuery, db: pg.Pool = appPool()): Promise<WeeklyAverage> {
  const window = await resolveWindow(db, q.from, q.to);
  let area: WeeklyAverage['area'];
  let counts: WeekCounts;
  if (q.region !== undefined) {
    const region = await findRegion(db, q.region);
    area = { region: region.name };
    counts = window.weeks ? await regionWeeks(db, region.id, window) : new Map();
  } else {
    const box = q.bbox!;
    area = { bbox: [box.minLon, box.minLat, box.maxLon, box.maxLat] };
    counts = window.weeks ? await boxWeeks(db, box, q.match, window) : new Map();
  }
  const series = mondays(window).map((weekStart) => ({ weekStart, trips: counts.get(weekStart) ?? 0 }));
  const totalTrips = series.reduce((sum, w) => sum + w.trips, 0);
  return {
    area, match: q.match, from: window.from, to: window.to, weeks: window.weeks, totalTrips,
    weeklyAverage: window.weeks ? totalTrips / window.weeks : 0, series,
  };
}

export async function findRegion(db: pg.Pool, name: string): Promise<{ id: number; name: string }> {
  const { rows } = await db.query<{ id: number; name: string }>(
    'SELECT id, name FROM regions WHERE lower(name) = lower($1) ORDER BY id LIMIT 1', [name]);
  if (!rows[0]) throw notFound(`unknown region "${name}"`);
  return rows[0];
}

async function regionWeeks(db: pg.Pool, regionId: number, w: WeekWindow): Promise<WeekCounts> {
  const { rows } = await db.query<{ week: string; trips: number }>(
    `SELECT week, trips FROM store.region_weeks WHERE region_id = $1 AND week >= $2 AND week < $3`,
    [regionId, w.from, w.to]);
  return new Map(rows.map((r) => [r.week, r.trips]));
}

async function boxWeeks(db: pg.Pool, box: BBox, match: Match, w: WeekWindow): Promise<WeekCounts> {
  const settings = await readStoreSettings(db);
  if (!settings) return new Map(); // nothing ingested yet
  const extents = await regionExtents(db, box, w);
  if (!extents.length) return new Map();
  const block = innerCells(settings.grid, box);
  const strips = boundaryStrips(box, block);
  // Only regions that reach into the block / into an edge strip need each part.
  const innerRegions = block ? regionsMeeting(extents, [{ minLon: block.west, maxLon: block.east, minLat: block.south, maxLat: block.north }]) : [];
  const edgeRegions = regionsMeeting(extents, match === 'both' ? [box] : strips);
  const [inner, boundary] = await Promise.all([
    block && innerRegions.length ? innerCounts(db, block, match, innerRegions, w) : Promise.resolve(new Map<string, number>()),
    edgeRegions.length ? boundaryCounts(db, box, block, strips, match, edgeRegions, w) : Promise.resolve(new Map<string, number>()),
  ]);
  for (const [week, n] of boundary) inner.set(week, (inner.get(week) ?? 0) + n);
  return inner;
}

interface RegionExtent extends BBox {
  regionId: number;
}

/** Extents (both trip ends) of the regions whose trips reach into the box during the window. */
async function regionExtents(db: pg.Pool, box: BBox, w: WeekWindow): Promise<RegionExtent[]> {
  const { rows } = await db.query<RegionExtent>(
    `SELECT region_id AS "regionId", min(min_lon) AS "minLon", min(min_lat) AS "minLat", max(max_lon) AS "maxLon", max(max_lat) AS "maxLat"
     FROM store.region_weeks
     WHERE week >= $1 AND week < $2 AND max_lon >= $3 AND min_lon <= $4 AND max_lat >= $5 AND min_lat <= $6
     GROUP BY region_id`,
    [w.from, w.to, box.minLon, box.maxLon, box.minLat, box.maxLat]);
  return rows;
}

/** Regions whose extent meets at least one of the rectangles (edges inclusive). */
function regionsMeeting(extents: RegionExtent[], rects: { minLon: number; maxLon: number; minLat: number; maxLat: number }[]): number[] {
  return extents
    .filter((e) => rects.some((r) => e.maxLon >= r.minLon && e.minLon <= r.maxLon && e.maxLat >= r.minLat && e.minLat <= r.maxLat))
    .map((e) => e.regionId);
}

/** Whole cells inside the box, from the aggregates. */
async function innerCounts(db: pg.Pool, b: CellBlock, match: Match, regions: number[], w: WeekWindow): Promise<WeekCounts> {
  const sql = match === 'both'
    ? `SELECT g.week, sum(u.n)::int8 AS trips
       FROM store.trip_groups g, unnest(g.origins, g.destinations, g.trips) AS u(o, d, n)
       WHERE g.region_id = ANY($1::int2[]) AND g.week >= $2 AND g.week < $3
         AND (u.o >> 15) BETWEEN $4 AND $5 AND (u.o & 32767) BETWEEN $6 AND $7
         AND (u.d >> 15) BETWEEN $4 AND $5 AND (u.d & 32767) BETWEEN $6 AND $7
       GROUP BY g.week`
    : `SELECT week, sum(trips)::int8 AS trips FROM store.cell_weeks
       WHERE side = $8 AND x BETWEEN $4 AND $5 AND y BETWEEN $6 AND $7 AND week >= $2 AND week < $3
         AND region_id = ANY($1::int2[])
       GROUP BY week`;
  const params: unknown[] = [regions, w.from, w.to, b.x0, b.x1, b.y0, b.y1];
  if (match !== 'both') params.push(match === 'origin' ? 0 : 1);
  const { rows } = await db.query<{ week: string; trips: number }>(sql, params);
  return new Map(rows.map((r) => [r.week, r.trips]));
}

const COLUMNS = { origin: ['origin_lon', 'origin_lat'], destination: ['dest_lon', 'dest_lat'] } as const;

/** Raw trips outside the block but inside the box (the thin strips along the edges). */
async function boundaryCounts(
  db: pg.Pool, box: BBox, block: CellBlock | null, strips: Strip[], match: Match, regions: number[], w: WeekWindow,
): Promise<WeekCounts> {
  const p = new Params();
  const filters: string[] = [
    `region_id = ANY(${p.add(regions)}::int2[])`,
    `started_at >= ${p.add(w.from)}::timestamp`,
    `started_at < ${p.add(w.to)}::timestamp`,
  ];
  if (match === 'both') {
    // Both ends in the box, but not both ends in the block (those came from trip_groups).
    filters.push(inRect(p, 'origin', box), inRect(p, 'destination', box));
    if (block) filters.push(`NOT (${inBlock(p, 'origin', block)} AND ${inBlock(p, 'destination', block)})`);
  } else {
    // One strip per edge; each is a box of its own, which the BRIN index on the origin can use.
    filters.push(`(${strips.map((s) => stripSql(p, match, s)).join(' OR ')})`);
  }
  const { rows } = await db.query<{ week: string; trips: number }>(
    `SELECT date_trunc('week', started_at)::date::text AS week, count(*)::int8 AS trips
     FROM store.trips WHERE ${filters.join(' AND ')} GROUP BY 1`,
    p.values);
  return new Map(rows.map((r) => [r.week, r.trips]));
}

function stripSql(p: Params, end: 'origin' | 'destination', s: Strip): string {
  const [lon, lat] = COLUMNS[end];
  return `(${lon} >= ${p.add(s.minLon)} AND ${lon} ${s.maxLonExclusive ? '<' : '<='} ${p.add(s.maxLon)}` +
    ` AND ${lat} >= ${p.add(s.minLat)} AND ${lat} ${s.maxLatExclusive ? '<' : '<='} ${p.add(s.maxLat)})`;
}

const inRect = (p: Params, end: 'origin' | 'destination', box: BBox) =>
  stripSql(p, end, { ...box, maxLonExclusive: false, maxLatExclusive: false });

const inBlock = (p: Params, end: 'origin' | 'destination', b: CellBlock) =>
  stripSql(p, end, { minLon: b.west, maxLon: b.east, maxLonExclusive: true, minLat: b.south, maxLat: b.north, maxLatExclusive: true });
