// Similar trips: groups of trips with the same origin cell, destination cell and time-of-day
// bucket, summed from store.trip_groups (never from raw trips). Coarser cells (a geohash
// prefix) and longer buckets are derived from the stored ones.
import type pg from 'pg';
import { appPool } from '../db/app-db';
import { queryWithout } from '../db/query-without';
import { cellInfo, lonToX, latToY, makeGrid, type CellInfo, type Grid } from '../geo/cells';
import { InvalidInputError } from '../errors/domain-errors';
import { cellXSql, cellYSql, groupTripsSql } from '../geo/cell-key';
import { DEFAULT_BUCKET_MINUTES, DEFAULT_CELL_PRECISION } from '../geo/grid-defaults';
import { MIN_GROUP_TRIPS } from '../ingest/similar-rollup';
import { readStoreSettings } from '../ingest/store-settings';
import { crossesAntimeridian } from './antimeridian';
import { Params } from './sql-params';
import type { BBox, SimilarTripsQuery } from './schemas';
import { findRegion } from './weekly-average';
import { resolveWindow, storeWeeks, type WeekWindow } from './window';

export interface SimilarTripGroup {
  region: string;
  origin: CellInfo;
  destination: CellInfo;
  bucket: { start: string; end: string; label: string };
  trips: number;
}

export interface SimilarTrips {
  precision: number;
  bucketMinutes: number;
  from: string;
  to: string;
  groups: SimilarTripGroup[];
}

/**
 * Origin cells (store precision) that intersect the box: the bbox filter of similar trips. For a
 * box across the antimeridian x0 > x1 may hold: the columns then wrap (see similarTrips).
 */
export function cellRange(g: Grid, box: BBox) {
  return { x0: lonToX(g, box.minLon), x1: lonToX(g, box.maxLon), y0: latToY(g, box.minLat), y1: latToY(g, box.maxLat) };
}

export { MIN_GROUP_TRIPS };

/**
 * Equal sizes are ordered by a hash of the group's key: stable from run to run, but unrelated to
 * position (ordering by cell columns bunched the lines on the box's west edge).
 */
const tieBreak = (s: string, region = `${s}.region_id`) => `md5(concat_ws(',', ${region}, ${s}.ox, ${s}.oy, ${s}.dx, ${s}.dy, ${s}.bucket))`;

type GroupRow = { region: string; ox: number; oy: number; dx: number; dy: number; bucket: number; trips: number };

export async function similarTrips(q: SimilarTripsQuery, db: pg.Pool = appPool()): Promise<SimilarTrips> {
  const settings = await readStoreSettings(db);
  const window = await resolveWindow(db, q.from, q.to);
  const precision = q.precision ?? settings?.grid.precision ?? DEFAULT_CELL_PRECISION;
  const bucketMinutes = q.bucketMinutes ?? settings?.bucketMinutes ?? DEFAULT_BUCKET_MINUTES;
  if (settings && precision > settings.grid.precision) {
    throw new InvalidInputError('precision', `the store keeps cells up to precision ${settings.grid.precision}`);
  }
  if (settings && (bucketMinutes % settings.bucketMinutes !== 0 || 1440 % bucketMinutes !== 0)) {
    throw new InvalidInputError('bucketMinutes', `must be a multiple of ${settings.bucketMinutes} that divides 1440`);
  }
  const empty = { precision, bucketMinutes, from: window.from, to: window.to, groups: [] };
  if (!settings || !window.weeks) return empty;
  const fine = settings.grid;
  const coarse = makeGrid(precision);
  const regionId = q.region === undefined ? undefined : (await findRegion(db, q.region)).id;
  // The rollup holds the store's own cells and buckets over all of its weeks.
  const rollup = precision === fine.precision && bucketMinutes === settings.bucketMinutes
    && ((!q.from && !q.to) || coversStore(window, await storeWeeks(db)));
  const rows = rollup
    ? await fromRollups(db, fine, q, regionId, window)
    : await fromWeeks(db, fine, coarse, q, regionId, window, bucketMinutes / settings.bucketMinutes);
  return {
    ...empty,
    groups: rows.map((r) => ({
      region: r.region,
      origin: cellInfo(coarse, r.ox, r.oy),
      destination: cellInfo(coarse, r.dx, r.dy),
      bucket: bucketLabel(r.bucket, bucketMinutes),
      trips: r.trips,
    })),
  };
}

const coversStore = (w: WeekWindow, store: { from: string; to: string } | null) => !store || (w.from <= store.from && w.to >= store.to);

/** The bbox filter on an origin cell key expression (store precision). */
function originInBox(p: Params, fine: Grid, box: BBox, key: string): string[] {
  const r = cellRange(fine, box);
  // Across the antimeridian (west > east) the columns wrap: x0..last and 0..x1.
  const columns = crossesAntimeridian(box)
    ? `(${cellXSql(key)} >= ${p.add(r.x0)} OR ${cellXSql(key)} <= ${p.add(r.x1)})`
    : `${cellXSql(key)} BETWEEN ${p.add(r.x0)} AND ${p.add(r.x1)}`;
  return [columns, `${cellYSql(key)} BETWEEN ${p.add(r.y0)} AND ${p.add(r.y1)}`];
}

/**
 * Groups summed from the weekly trip_groups of the window, coarsened to the asked precision and
 * bucket (sx, sy: bits dropped from columns and rows; per: stored buckets per asked bucket).
 */
function weeksSql(p: Params, fine: Grid, coarse: Grid, per: number, filters: string[]): string {
  const sx = p.add(fine.xBits - coarse.xBits);
  const sy = p.add(fine.yBits - coarse.yBits);
  const perSql = p.add(per);
  return `SELECT g.region_id, ${cellXSql('u.o')} >> ${sx} AS ox, ${cellYSql('u.o')} >> ${sy} AS oy,
            ${cellXSql('u.d')} >> ${sx} AS dx, ${cellYSql('u.d')} >> ${sy} AS dy,
            g.bucket / ${perSql} AS bucket, sum(${groupTripsSql('u.n')})::int8 AS trips
     FROM store.trip_groups g, unnest(g.origins, g.destinations, g.trips) AS u(o, d, n)
     WHERE ${filters.join(' AND ')}
     GROUP BY 1, 2, 3, 4, 5, 6
     HAVING sum(${groupTripsSql('u.n')}) >= ${MIN_GROUP_TRIPS}`;
}

const ranked = (groups: string, p: Params, limit: number) =>
  `SELECT r.name AS region, s.ox, s.oy, s.dx, s.dy, s.bucket, s.trips
   FROM (${groups}) s JOIN regions r ON r.id = s.region_id
   ORDER BY s.trips DESC, ${tieBreak('s')}
   LIMIT ${p.add(limit)}`;

async function fromWeeks(db: pg.Pool, fine: Grid, coarse: Grid, q: SimilarTripsQuery, regionId: number | undefined, window: WeekWindow, per: number) {
  const p = new Params();
  const filters = [`g.week >= ${p.add(window.from)}`, `g.week < ${p.add(window.to)}`];
  if (regionId !== undefined) filters.push(`g.region_id = ${p.add(regionId)}`);
  if (q.bbox) filters.push(...originInBox(p, fine, q.bbox, 'u.o'));
  const groups = weeksSql(p, fine, coarse, per, filters);
  return (await db.query<GroupRow>(ranked(groups, p, q.limit), p.values)).rows;
}

/**
 * The whole store at its own precision and bucket: each region's top groups from its rollup when
 * current (largest sizes first: the sort stops within the size that fills `limit`; a box reads
 * only the chunks whose origins it meets), else summed from trip_groups as in fromWeeks. Only
 * regions whose extent meets the box take part.
 */
async function fromRollups(db: pg.Pool, fine: Grid, q: SimilarTripsQuery, regionId: number | undefined, window: WeekWindow) {
  const regions = await regionsInPlay(db, fine, regionId, q.bbox);
  if (!regions.length) return [];
  const p = new Params();
  // Which rollups are current is decided again inside the one statement below (its snapshot), so
  // a load committing meanwhile moves its regions to the weeks' part, never out of the answer.
  const ids = p.add(regions.map((r) => r.id));
  const currentNow = `SELECT r.region_id FROM store.trip_group_rollups r WHERE r.region_id = ANY(${ids}::int2[]) AND r.built_version = r.version`;
  const parts: string[] = [];
  const where = ['t.region_id = c.region_id'];
  if (q.bbox) {
    const b = cellRange(fine, q.bbox);
    const [x0, x1, y0, y1] = [p.add(b.x0), p.add(b.x1), p.add(b.y0), p.add(b.y1)];
    where.push(crossesAntimeridian(q.bbox) ? `(t.ox1 >= ${x0} OR t.ox0 <= ${x1})` : `t.ox1 >= ${x0} AND t.ox0 <= ${x1}`,
      `t.oy1 >= ${y0} AND t.oy0 <= ${y1}`, ...originInBox(p, fine, q.bbox, 'u.o'));
  }
  parts.push(`SELECT c.region_id, top.* FROM (${currentNow}) AS c(region_id)
              CROSS JOIN LATERAL (
                SELECT g.* FROM store.trip_group_totals t, unnest(t.origins, t.destinations, t.buckets) AS u(o, d, b),
                  LATERAL (SELECT ${cellXSql('u.o')} AS ox, ${cellYSql('u.o')} AS oy, ${cellXSql('u.d')} AS dx, ${cellYSql('u.d')} AS dy,
                                  u.b AS bucket, t.trips::int8 AS trips) g
                WHERE ${where.join(' AND ')}
                ORDER BY t.trips DESC, ${tieBreak('g', 'c.region_id')}
                LIMIT ${p.add(q.limit)}) top`);
  // the other regions (no rollup, or one a change made stale), summed from their weeks
  const filters = [`g.week >= ${p.add(window.from)}`, `g.week < ${p.add(window.to)}`,
    `g.region_id = ANY(ARRAY(SELECT id FROM unnest(${ids}::int2[]) AS a(id) EXCEPT ${currentNow}))`];
  if (q.bbox) filters.push(...originInBox(p, fine, q.bbox, 'u.o'));
  parts.push(weeksSql(p, fine, fine, 1, filters));
  const groups = parts.map((s) => `(${s})`).join(' UNION ALL ');
  // walk each rollup's index in size order (see query-without.ts), and the stale regions' weeks by index
  return (await queryWithout<GroupRow>(db, ['bitmapscan', 'seqscan'], ranked(groups, p, q.limit), p.values)).rows;
}

/**
 * The regions a request covers (the one asked for, those whose extent meets the box, or all).
 * Extents are in degrees; compared as cells, since a box's edge cells reach past the box.
 */
async function regionsInPlay(db: pg.Pool, fine: Grid, regionId: number | undefined, box: BBox | undefined) {
  const { rows } = await db.query<{ id: number; min_lon: number; min_lat: number; max_lon: number; max_lat: number }>(
    `SELECT w.region_id AS id,
            min(w.min_lon) AS min_lon, min(w.min_lat) AS min_lat, max(w.max_lon) AS max_lon, max(w.max_lat) AS max_lat
     FROM store.region_weeks w
     WHERE ($1::int2 IS NULL OR w.region_id = $1) AND w.trips > 0
     GROUP BY w.region_id`, [regionId ?? null]);
  if (!box) return rows;
  const b = cellRange(fine, box);
  return rows.filter((r) => {
    const e = cellRange(fine, { minLon: r.min_lon, minLat: r.min_lat, maxLon: r.max_lon, maxLat: r.max_lat });
    const columns = crossesAntimeridian(box) ? e.x1 >= b.x0 || e.x0 <= b.x1 : e.x1 >= b.x0 && e.x0 <= b.x1;
    return columns && e.y1 >= b.y0 && e.y0 <= b.y1;
  });
}

export function bucketLabel(bucket: number, minutes: number) {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const start = hhmm(bucket * minutes);
  const end = hhmm((bucket + 1) * minutes);
  return { start, end, label: `${start}-${end}` };
}

