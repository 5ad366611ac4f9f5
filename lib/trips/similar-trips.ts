// Similar trips: groups of trips with the same origin cell, destination cell and time-of-day
// bucket, summed from store.trip_groups (never from raw trips). Coarser cells (a geohash
// prefix) and longer buckets are derived from the stored ones.
import type pg from 'pg';
import { appPool } from '../db/app-db';
import { cellInfo, lonToX, latToY, makeGrid, type CellInfo, type Grid } from '../geo/cells';
import { InvalidInputError } from '../errors/domain-errors';
import { cellXSql, cellYSql } from '../geo/cell-key';
import { DEFAULT_BUCKET_MINUTES, DEFAULT_CELL_PRECISION } from '../geo/grid-defaults';
import { readStoreSettings } from '../ingest/store-settings';
import { crossesAntimeridian } from './antimeridian';
import { Params } from './sql-params';
import type { BBox, SimilarTripsQuery } from './schemas';
import { findRegion } from './weekly-average';
import { resolveWindow } from './window';

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

/** A group is at least two trips: one trip is not a pattern. */
export const MIN_GROUP_TRIPS = 2;

/**
 * Equal sizes are ordered by a hash of the group's key: stable from run to run, but unrelated to
 * position (ordering by cell columns bunched the lines on the box's west edge).
 */
const TIE_BREAK = `md5(concat_ws(',', s.region_id, s.ox, s.oy, s.dx, s.dy, s.bucket))`;

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
  const p = new Params();
  const filters = [`g.week >= ${p.add(window.from)}`, `g.week < ${p.add(window.to)}`];
  if (q.region !== undefined) {
    const region = await findRegion(db, q.region);
    filters.push(`g.region_id = ${p.add(region.id)}`);
  }
  if (q.bbox) {
    const r = cellRange(fine, q.bbox);
    // Across the antimeridian (west > east) the columns wrap: x0..last and 0..x1.
    const columns = crossesAntimeridian(q.bbox)
      ? `(${cellXSql('u.o')} >= ${p.add(r.x0)} OR ${cellXSql('u.o')} <= ${p.add(r.x1)})`
      : `${cellXSql('u.o')} BETWEEN ${p.add(r.x0)} AND ${p.add(r.x1)}`;
    filters.push(columns, `${cellYSql('u.o')} BETWEEN ${p.add(r.y0)} AND ${p.add(r.y1)}`);
  }
  const sx = p.add(fine.xBits - coarse.xBits);
  const sy = p.add(fine.yBits - coarse.yBits);
  const per = p.add(bucketMinutes / settings.bucketMinutes);
  const { rows } = await db.query<{ region: string; ox: number; oy: number; dx: number; dy: number; bucket: number; trips: number }>(
    `SELECT r.name AS region, s.ox, s.oy, s.dx, s.dy, s.bucket, s.trips
     FROM (
       SELECT g.region_id, ${cellXSql('u.o')} >> ${sx} AS ox, ${cellYSql('u.o')} >> ${sy} AS oy,
              ${cellXSql('u.d')} >> ${sx} AS dx, ${cellYSql('u.d')} >> ${sy} AS dy,
              g.bucket / ${per} AS bucket, sum(u.n)::int8 AS trips
       FROM store.trip_groups g, unnest(g.origins, g.destinations, g.trips) AS u(o, d, n)
       WHERE ${filters.join(' AND ')}
       GROUP BY 1, 2, 3, 4, 5, 6
       HAVING sum(u.n) >= ${MIN_GROUP_TRIPS}
     ) s JOIN regions r ON r.id = s.region_id
     ORDER BY s.trips DESC, ${TIE_BREAK}
     LIMIT ${p.add(q.limit)}`,
    p.values);
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

export function bucketLabel(bucket: number, minutes: number) {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const start = hhmm(bucket * minutes);
  const end = hhmm((bucket + 1) * minutes);
  return { start, end, label: `${start}-${end}` };
}

