// "How many trips a week in this box, or in this region?" - exact, from aggregates plus a
// boundary read of raw trips:
//   box:    from store.cell_tiles, the totals of whole tiles inside the box and the whole
//           fine cells inside it from the other tiles it meets, and raw trips only in the thin
//           strips left at the box edges; match=both from raw trips (see bothCounts); a region
//           lying wholly inside the box, from store.region_weeks;
//   region: store.region_weeks.
import type pg from 'pg';
import { appPool } from '../db/app-db';
import { queryWithout } from '../db/query-without';
import { BLOCK_INDEXED_SQL } from './block-indexed';
import { NotFoundError } from '../errors/domain-errors';
import { columnWest, latToY, lonToX, rowSouth } from '../geo/cells';
import { blockInSql, blockKeys, END_COLUMNS, type End } from '../geo/end-block';
import { SUB_BITS, SUB_CELLS, SUB_MASK, tileGridOf } from '../geo/tile-key';
import { regionKey } from '../ingest/trip-names';
import { readTripVersions } from '../ingest/similar-rollup';
import { readStoreSettings, type StoreSettings } from '../ingest/store-settings';
import { crossesAntimeridian, splitAtAntimeridian } from './antimeridian';
import {
  blockRect, boundaryStrips, clip, contains, innerCells, regionsMeeting, ringRects, type CellRange, type RegionExtent, type Strip,
} from './box-cells';
import { PARTITION_WEEK, PER_PARTITION, weekCounts, type PartitionWeek } from './partition-weeks';
import { Params } from './sql-params';
import type { BBox, WeeklyAverageQuery } from './schemas';
import { mondays, RAW_READ_PARTS, resolveWindow, splitWindow, type WeekWindow } from './window';
import { groupWindow, isDroppedTable, MAX_NAMED_PARTITIONS, partitionCountsSql, splitByWeeks, windowPartitions } from './window-partitions';

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

export async function weeklyAverage(q: WeeklyAverageQuery, db: pg.Pool = appPool(), plan: BothPlan = 'auto'): Promise<WeeklyAverage> {
  const window = await resolveWindow(db, q.from, q.to);
  let area: WeeklyAverage['area'];
  let counts: WeekCounts;
  if (q.region !== undefined) {
    const region = await findRegion(db, q.region);
    area = { region: region.name };
    counts = window.weeks ? await regionsWeeks(db, [region.id], window) : new Map();
  } else {
    const box = q.bbox!;
    area = { bbox: [box.minLon, box.minLat, box.maxLon, box.maxLat] };
    counts = window.weeks ? await boxWeeks(db, box, q.match, window, plan) : new Map();
  }
  const series = mondays(window).map((weekStart) => ({ weekStart, trips: counts.get(weekStart) ?? 0 }));
  const totalTrips = series.reduce((sum, w) => sum + w.trips, 0);
  return {
    area, match: q.match, from: window.from, to: window.to, weeks: window.weeks, totalTrips,
    weeklyAverage: window.weeks ? totalTrips / window.weeks : 0, series,
  };
}

/** The region a name means (regionKey: case and Unicode normal form aside; the oldest of equals). */
export async function findRegion(db: pg.Pool, name: string): Promise<{ id: number; name: string }> {
  const { rows } = await db.query<{ id: number; name: string }>('SELECT id, name FROM regions ORDER BY id');
  const key = regionKey(name);
  const region = rows.find((r) => regionKey(r.name) === key);
  if (!region) throw new NotFoundError(`unknown region "${name}"`);
  return region;
}

/** Every trip of the regions, per week. */
async function regionsWeeks(db: pg.Pool, regionIds: number[], w: WeekWindow): Promise<WeekCounts> {
  const { rows } = await db.query<{ week: string; trips: number }>(
    `SELECT week, sum(trips)::int8 AS trips FROM store.region_weeks WHERE region_id = ANY($1::int2[]) AND week >= $2 AND week < $3 GROUP BY week`,
    [regionIds, w.from, w.to]);
  return new Map(rows.map((r) => [r.week, r.trips]));
}

async function boxWeeks(db: pg.Pool, requested: BBox, match: Match, w: WeekWindow, plan: BothPlan): Promise<WeekCounts> {
  if (crossesAntimeridian(requested)) {
    // Two boxes that share no point; with match=both, plus the trips from one to the other.
    const [west, east] = splitAtAntimeridian(requested);
    const parts = [boxWeeks(db, west, match, w, plan), boxWeeks(db, east, match, w, plan)];
    if (match === 'both') parts.push(crossingCounts(db, west, east, w));
    return addCounts(await Promise.all(parts));
  }
  const settings = await readStoreSettings(db);
  if (!settings) return new Map(); // nothing ingested yet
  const meeting = await regionExtents(db, requested, w);
  // A region whose every trip (both ends) lies in the box counts whole, whatever the match.
  const covered = meeting.filter((e) => contains(requested, e)).map((e) => e.regionId);
  const extents = meeting.filter((e) => !covered.includes(e.regionId));
  const parts: Promise<WeekCounts>[] = [];
  if (covered.length) parts.push(regionsWeeks(db, covered, w));
  if (extents.length) parts.push(boxWeeksOf(db, settings, extents, requested, match, w, plan));
  return addCounts(await Promise.all(parts));
}

/** Trips per week in a box (not across the antimeridian) of the regions with these extents. */
async function boxWeeksOf(
  db: pg.Pool, settings: StoreSettings, extents: ReadRegion[], requested: BBox, match: Match, w: WeekWindow, plan: BothPlan,
): Promise<WeekCounts> {
  // No trip of these regions lies outside their extents, so clipping the box to them changes
  // no count, and keeps a continent-sized box as cheap as a city-sized one.
  const box = clip(requested, extents);
  if (match === 'both') return bothCounts(db, settings, extents, box, w, plan);
  return countBox(db, settings, extents, box, match, w);
}

/**
 * match=both, each region by the cheaper of two exact ways:
 * - inside: the raw trips that start in the box (origin BRIN), those ending there counted;
 * - outside: D - X, where D are the region's trips ending in the box (match=destination's cheap
 *   path) and X those of them that start outside it, read raw from around the box.
 * A box covering most of a city reads its few outside trips instead of millions inside (10M
 * rows, 35-50 km boxes: 2.5M rows read per query). Whole-cell pairs from store.trip_groups
 * spare neither read (~9 in 10 groups hold one trip): measured slower at every box size.
 */
async function bothCounts(
  db: pg.Pool, settings: StoreSettings, extents: ReadRegion[], box: BBox, w: WeekWindow, plan: BothPlan,
): Promise<WeekCounts> {
  const outsideIds = plan === 'auto' ? await regionsMostlyInside(db, settings, extents, box, w)
    : new Set(plan === 'outside' ? extents.map((e) => e.regionId) : []);
  const outside = extents.filter((e) => outsideIds.has(e.regionId));
  const inside = extents.filter((e) => !outsideIds.has(e.regionId)).map((e) => e.regionId);
  const parts: Promise<WeekCounts>[] = [];
  if (inside.length) parts.push(bothFromInside(db, inside, box, w));
  if (outside.length) parts.push(bothFromOutside(db, settings, outside, box, w));
  return addCounts(await Promise.all(parts));
}

/** bothCounts' inside way: the raw trips starting in the box, those ending there counted. */
const bothFromInside = (db: pg.Pool, regions: number[], box: BBox, w: WeekWindow): Promise<WeekCounts> =>
  partitionWeekCounts(db, regions, w, (p) => [inRect(p, 'origin', box), inRect(p, 'destination', box)]);

/** How bothCounts reads each region: by its own choice (auto), or forced one way (tests). */
export type BothPlan = 'auto' | 'inside' | 'outside';

/**
 * The regions for which reading around the box is the cheaper way: those with at most
 * 1/OUTSIDE_SHARE_INVERSE as many trips outside the box as inside, nearly all in partitions with
 * their origin BRIN (without it the read around the box reads the partition whole: 1M rows,
 * partitions of ~2-5k rows, match=both p95 68 -> 169 ms). Trips inside are estimated from a few
 * index rows of store.cell_tiles: each tile the box meets counts by the share of its area inside
 * the box. The margin pays for the cheap count the outside way adds.
 */
export async function regionsMostlyInside(
  db: pg.Pool, settings: StoreSettings, extents: RegionExtent[], box: BBox, w: WeekWindow,
): Promise<Set<number>> {
  const tiles = tileGridOf(settings.grid);
  if (!innerCells(tiles, box)) return new Set(); // under two tiles across: few trips inside, read them
  const [x0, x1, y0, y1] = [lonToX(tiles, box.minLon), lonToX(tiles, box.maxLon), latToY(tiles, box.minLat), latToY(tiles, box.maxLat)];
  const share = (lo: number, hi: number, a: number, b: number) => (Math.min(hi, b) - Math.max(lo, a)) / (b - a);
  const xShare = range(x0, x1).map((x) => share(box.minLon, box.maxLon, columnWest(tiles, x), columnWest(tiles, x + 1)));
  const yShare = range(y0, y1).map((y) => share(box.minLat, box.maxLat, rowSouth(tiles, y), rowSouth(tiles, y + 1)));
  const { rows } = await db.query<{ regionId: number }>(
    `WITH inside AS (
       SELECT region_id, sum(trips * ($6::float8[])[tx - $4 + 1] * ($7::float8[])[ty - $5 + 1]) AS trips
       FROM store.cell_tiles
       WHERE side = 0 AND region_id = ANY($1::int2[]) AND week >= $2 AND week < $3
         AND tx = ANY($8::int4[]) AND ty BETWEEN $5 AND $9
       GROUP BY region_id),
     total AS (
       SELECT region_id, sum(trips)::int8 AS trips,
              sum(trips) FILTER (WHERE to_regclass('store.' || store.trip_partition_name(region_id, week) || '_origin_brin') IS NOT NULL)::int8 AS indexed
       FROM store.region_weeks
       WHERE region_id = ANY($1::int2[]) AND week >= $2 AND week < $3 GROUP BY region_id)
     SELECT t.region_id AS "regionId" FROM total t JOIN inside i USING (region_id)
     WHERE (t.trips - i.trips) * $10 <= i.trips AND t.indexed * 10 >= t.trips * 9`,
    [extents.map((e) => e.regionId), w.from, w.to, x0, y0, xShare, yShare, range(x0, x1), y1, OUTSIDE_SHARE_INVERSE]);
  return new Set(rows.map((r) => r.regionId));
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/**
 * Read around the box when the trips outside it are at most 1/this of those inside (10M rows,
 * the slowest 20 of 200 benchmark boxes, each way timed: the outside way won up to ~1/6 outside,
 * lost from ~1/4: D's cheap path costs ~100 ms in a big city whatever the read saves).
 */
const OUTSIDE_SHARE_INVERSE = 5;

/**
 * bothCounts' outside way for these regions: D - X per week, where D are the trips ending in the
 * box (match=destination's cheap path) and X those ending there but starting outside it, read
 * raw from around the box. Its two reads run at once, each in its own snapshot: were a load,
 * deletion or retention to commit between them, D - X could mix two states (even fall below
 * zero), so the regions' change counters are read before and after, and if they moved the
 * answer is read the inside way, one statement per half window.
 */
async function bothFromOutside(db: pg.Pool, settings: StoreSettings, extents: ReadRegion[], box: BBox, w: WeekWindow): Promise<WeekCounts> {
  const ids = extents.map((e) => e.regionId);
  const versions = await readTripVersions(db, ids);
  const [ending, fromOutside] = await Promise.all([
    countBox(db, settings, extents, box, 'destination', w),
    // its own counter reads would repeat the ones around both reads here
    listedPartitionCounts(db, ids, w, (p) => [`(${outsideRectSql(p, 'origin', box).join(' OR ')})`, inRect(p, 'destination', box)]),
  ]);
  if (await readTripVersions(db, ids) !== versions) return bothFromInside(db, ids, box, w);
  const both: WeekCounts = new Map();
  for (const [week, n] of ending) both.set(week, n - (fromOutside.get(week) ?? 0));
  return both;
}

/** Trips per week in a box already clipped to the extents of the regions it meets. */
async function countBox(
  db: pg.Pool, settings: StoreSettings, extents: ReadRegion[], box: BBox, end: End, w: WeekWindow,
): Promise<WeekCounts> {
  const fine = innerCells(settings.fine, box);
  const strips = boundaryStrips(box, fine);
  const meeting = (rects: BBox[]) => regionsMeeting(extents, rects);
  const parts: Promise<WeekCounts>[] = [];
  const fineRegions = fine ? meeting([blockRect(fine)]) : [];
  if (fine && fineRegions.length) {
    const tiles = tileGridOf(settings.grid);
    parts.push(tileCounts(db, end === 'origin' ? 0 : 1, innerCells(tiles, box), fine, fineRegions, w));
  }
  const edgeRegions = meeting(strips);
  if (strips.length && edgeRegions.length) {
    const blockIndexed = extents.every((e) => !edgeRegions.includes(e.regionId) || e.blockIndexed);
    parts.push(boundaryCounts(db, settings, box, strips, end, edgeRegions, blockIndexed, w));
  }
  return addCounts(await Promise.all(parts));
}

/** Trips per week of several parts that share no trip, added up. */
export function addCounts(parts: WeekCounts[]): WeekCounts {
  const total: WeekCounts = new Map();
  for (const counts of parts) {
    for (const [week, n] of counts) total.set(week, (total.get(week) ?? 0) + n);
  }
  return total;
}

/**
 * Trips with one end in each of two disjoint boxes (match=both across the antimeridian), from
 * raw trips: only regions reaching into both boxes can have any.
 */
async function crossingCounts(db: pg.Pool, a: BBox, b: BBox, w: WeekWindow): Promise<WeekCounts> {
  const [inA, inB] = await Promise.all([regionExtents(db, a, w), regionExtents(db, b, w)]);
  const regions = inA.map((e) => e.regionId).filter((id) => inB.some((e) => e.regionId === id));
  if (!regions.length) return new Map();
  return partitionWeekCounts(db, regions, w, (p) =>
    [`((${inRect(p, 'origin', a)} AND ${inRect(p, 'destination', b)}) OR (${inRect(p, 'origin', b)} AND ${inRect(p, 'destination', a)}))`]);
}

/** A region a box read meets: its extent, and whether its partitions there have block indexes. */
type ReadRegion = RegionExtent & { blockIndexed: boolean };

/** Extents (both trip ends) of the regions whose trips reach into the box during the window. */
async function regionExtents(db: pg.Pool, box: BBox, w: WeekWindow): Promise<ReadRegion[]> {
  const { rows } = await db.query<ReadRegion>(
    `SELECT region_id AS "regionId", min(min_lon) AS "minLon", min(min_lat) AS "minLat", max(max_lon) AS "maxLon", max(max_lat) AS "maxLat",
            ${BLOCK_INDEXED_SQL} AS "blockIndexed"
     FROM store.region_weeks
     WHERE week >= $1 AND week < $2 AND max_lon >= $3 AND min_lon <= $4 AND max_lat >= $5 AND min_lat <= $6
     GROUP BY region_id`,
    [w.from, w.to, box.minLon, box.maxLon, box.minLat, box.maxLat]);
  return rows;
}

/**
 * Trips per week in the fine block F (whole fine cells inside the box), from store.cell_tiles:
 * the totals of the tiles in the tile block T (wholly inside the box; T lies within F), plus
 * the fine cells in F of the tiles F meets outside T (a ring one tile wide), unpacked. Tile
 * columns are listed (tx = ANY) so each becomes one index descent over its row range.
 */
async function tileCounts(
  db: pg.Pool, side: 0 | 1, whole: CellRange | null, fine: CellRange, regions: number[], w: WeekWindow,
): Promise<WeekCounts> {
  const p = new Params();
  const common = `side = ${p.add(side)} AND region_id = ANY(${p.add(regions)}::int2[]) AND week >= ${p.add(w.from)} AND week < ${p.add(w.to)}`;
  const tilesIn = (r: CellRange) => {
    const columns = Array.from({ length: r.x1 - r.x0 + 1 }, (_, i) => r.x0 + i);
    return `tx = ANY(${p.add(columns)}::int4[]) AND ty BETWEEN ${p.add(r.y0)} AND ${p.add(r.y1)}`;
  };
  const selects: string[] = [];
  if (whole) selects.push(`SELECT week, trips::int8 AS trips FROM store.cell_tiles WHERE ${common} AND ${tilesIn(whole)}`);
  const met = { x0: fine.x0 >> SUB_BITS, x1: fine.x1 >> SUB_BITS, y0: fine.y0 >> SUB_BITS, y1: fine.y1 >> SUB_BITS };
  const partial = ringRects(met, whole);
  if (partial.length) {
    // A tile's fines are sorted by sub-index, column by column (sub = column * 32 + row), so
    // the block's cells in a tile (columns c0..c1, rows r0..r1) are one slice of its arrays per
    // column, or one in all where the block holds whole columns; the cells outside it are one
    // slice before each column's run and one after the last. Slices are found by binary search
    // (width_bucket) and each tile row unnests the smaller side: the cells inside, or its total
    // less the cells outside (10M rows, a 40 km box's tile ring: 221k cells unnested before,
    // nearly all inside). Arrays are copied out of TOAST once (|| '{}', behind OFFSET 0).
    const n = SUB_MASK + 1; // fine cells per tile column
    const [x0, x1, y0, y1] = [fine.x0, fine.x1, fine.y0, fine.y1].map((v) => p.add(v));
    const ring = partial.map((r) => `SELECT week,
        unnest(CASE WHEN k < 0 THEN ARRAY[trips] ELSE trips_of[width_bucket((lo - 1)::int2, subs) + 1 : width_bucket(hi::int2, subs)] END)::int8 * sgn AS n
      FROM (SELECT week, trips, subs, trips_of, k, CASE WHEN inside OR k < 0 THEN 1 ELSE -1 END AS sgn,
          CASE WHEN inside THEN (c0 + k) * ${n} + r0 WHEN k = 0 THEN 0 ELSE (c0 + k - 1) * ${n} + r1 + 1 END AS lo,
          CASE WHEN inside THEN (CASE WHEN whole THEN c1 ELSE c0 + k END) * ${n} + r1
               WHEN k = c1 - c0 + 1 THEN ${SUB_CELLS - 1} ELSE (c0 + k) * ${n} + r0 - 1 END AS hi
        FROM (SELECT week, trips, fines || '{}'::int2[] AS subs, fine_trips || '{}'::int4[] AS trips_of, c0, c1, r0, r1,
            r0 = 0 AND r1 = ${SUB_MASK} AS whole, (c1 - c0 + 1) * (r1 - r0 + 1) * 2 <= ${SUB_CELLS} AS inside
          FROM (SELECT week, trips, fines, fine_trips,
              greatest(${x0} - (tx << ${SUB_BITS}), 0) AS c0, least(${x1} - (tx << ${SUB_BITS}), ${SUB_MASK}) AS c1,
              greatest(${y0} - (ty << ${SUB_BITS}), 0) AS r0, least(${y1} - (ty << ${SUB_BITS}), ${SUB_MASK}) AS r1
            FROM store.cell_tiles WHERE ${common} AND ${tilesIn(r)}) x OFFSET 0) t,
        generate_series(CASE WHEN inside THEN 0 ELSE -1 END, CASE WHEN NOT inside THEN c1 - c0 + 1 WHEN whole THEN 0 ELSE c1 - c0 END) AS k) s`);
    selects.push(`SELECT week, sum(n)::int8 AS trips FROM (${ring.join(' UNION ALL ')}) f GROUP BY week`);
  }
  const { rows } = await queryWithout<{ week: string; trips: number }>(db, ['sort'],
    `SELECT week, sum(trips)::int8 AS trips FROM (${selects.join(' UNION ALL ')}) tiles GROUP BY week`, p.values);
  return new Map(rows.map((r) => [r.week, r.trips]));
}

/** Raw trips with this end outside the block but inside the box (the thin strips along the edges). */
async function boundaryCounts(
  db: pg.Pool, settings: StoreSettings, box: BBox, strips: Strip[], end: End, regions: number[], blockIndexed: boolean, w: WeekWindow,
): Promise<WeekCounts> {
  // Destinations: the blocks the strips meet, one list the destination block index reads (where
  // the partitions have it, see block-indexed.ts), kept out of planning (measured on 60
  // destination boxes at 10M rows: planning -36%, execution -21%).
  const blocks = end === 'destination' && blockIndexed ? blockKeys(settings.fine, strips) : null;
  return rawWeekCounts(db, regions, w, (p) => [
    // One strip per edge; each is a box of its own, which the BRIN index on the origin can use.
    // A box narrow in either direction holds few rows besides its strips: then the box itself
    // is the one range the origin index reads (one scan per partition to plan, not four).
    // Destinations: the box is a cheap first filter before the four strips where a partition
    // is read whole (small ones have no index).
    ...(end === 'destination' || narrowBox(box) ? [inRect(p, end, box)] : []),
    ...(blocks ? [blockInSql(settings.fine, 'destination', p.add(blocks), { planned: false })] : []),
    `(${strips.map((s) => stripSql(p, end, s)).join(' OR ')})`,
  ]);
}

/**
 * Raw trips of the regions per week of the window meeting every filter, partition by partition,
 * each named as its own branch of one UNION ALL (window-partitions.ts): for reads of a box's
 * interior (match=both), where every row read pays the parent's per-row filters and grouping.
 * RAW_READ_PARTS statements of consecutive weeks run at once; a partition dropped since it was
 * listed sends its statement's weeks through the parent. A load committing between the listing
 * and the reads could add a partition they miss while they see its rows in the others (one week
 * half before, half after the load): the regions' change counters are read before the listing
 * and after the reads, and if they moved the window is read through the parent instead.
 */
async function partitionWeekCounts(db: pg.Pool, regions: number[], w: WeekWindow, filters: (p: Params) => string[]): Promise<WeekCounts> {
  const versions = await readTripVersions(db, regions);
  const counts = await listedPartitionCounts(db, regions, w, filters);
  if (await readTripVersions(db, regions) !== versions) return rawWeekCounts(db, regions, w, filters);
  return counts;
}

/**
 * partitionWeekCounts without its change-counter reads, for a caller that reads the counters
 * around it already (bothFromOutside): the partitions listed, then read.
 */
async function listedPartitionCounts(db: pg.Pool, regions: number[], w: WeekWindow, filters: (p: Params) => string[]): Promise<WeekCounts> {
  const partitions = await windowPartitions(db, regions, w);
  if (partitions.length > MAX_NAMED_PARTITIONS) return rawWeekCounts(db, regions, w, filters);
  return addCounts(await Promise.all(splitByWeeks(partitions, RAW_READ_PARTS).map(async (group) => {
    const p = new Params();
    const sql = partitionCountsSql(group, filters(p), () => `region_id = ANY(${p.add(regions)}::int2[])`);
    try {
      const { rows } = await queryWithout<{ i: number; trips: string }>(db, ['parallel'], sql, p.values); // see rawWeekCounts
      return addCounts(rows.map((r) => new Map([[group[r.i].week, Number(r.trips)]])));
    } catch (err) {
      if (!isDroppedTable(err)) throw err;
      return rawWeekCounts(db, regions, groupWindow(group), filters);
    }
  })));
}

/**
 * Raw trips of the regions per week of the window meeting every filter, through the parent
 * store.trips, rows grouped by partition (partition-weeks.ts): one query per part of the window
 * (RAW_READ_PARTS), at once. For thin reads (a box's edge strips): a partition costs less to plan
 * and start as a child of the parent than as a branch of its own (10M rows, 200 boxes alternated
 * in one process: origin and destination p50 5-17 ms lower than by name, p95 the same).
 */
async function rawWeekCounts(db: pg.Pool, regions: number[], w: WeekWindow, filters: (p: Params) => string[]): Promise<WeekCounts> {
  return addCounts(await Promise.all(splitWindow(w, RAW_READ_PARTS).map(async (part) => {
    const p = new Params();
    const where = [
      `region_id = ANY(${p.add(regions)}::int2[])`, `started_at >= ${p.add(part.from)}::timestamp`, `started_at < ${p.add(part.to)}::timestamp`,
      ...filters(p),
    ];
    // No parallel workers: the window's parts already run at once, one per core, and PostgreSQL
    // added a worker to each part (10M rows, 200 boxes per mode, alternated in one process:
    // origin p95 182-204 -> 87-94 ms, match=both 454-507 -> 232-347 ms; destination unchanged).
    const { rows } = await queryWithout<PartitionWeek & { trips: number }>(db, ['parallel'],
      `SELECT ${PARTITION_WEEK}, count(*)::int8 AS trips FROM store.trips WHERE ${where.join(' AND ')} GROUP BY ${PER_PARTITION}`,
      p.values);
    return weekCounts(rows);
  })));
}

/**
 * Up to this side (degrees of latitude, ~5 km), reading a box's interior with its strips costs
 * less than planning four scans per partition (10M realistic rows, 200 boxes: p50 -25%).
 */
const NARROW_BOX_DEGREES = 0.05;

function narrowBox(box: BBox): boolean {
  const height = box.maxLat - box.minLat;
  const width = (box.maxLon - box.minLon) * Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180);
  return Math.min(height, width) <= NARROW_BOX_DEGREES;
}

function stripSql(p: Params, end: End, s: Strip): string {
  const [lon, lat] = END_COLUMNS[end];
  return `(${lon} >= ${p.add(s.minLon)} AND ${lon} ${s.maxLonExclusive ? '<' : '<='} ${p.add(s.maxLon)}` +
    ` AND ${lat} >= ${p.add(s.minLat)} AND ${lat} ${s.maxLatExclusive ? '<' : '<='} ${p.add(s.maxLat)})`;
}

const inRect = (p: Params, end: End, box: BBox) =>
  stripSql(p, end, { ...box, maxLonExclusive: false, maxLatExclusive: false });

/**
 * Everything outside the closed box, as four disjoint arms (west, east, and south and north
 * between them), each a range condition the origin BRIN can use.
 */
function outsideRectSql(p: Params, end: End, box: BBox): string[] {
  const [lon, lat] = END_COLUMNS[end];
  const [w, e, s, n] = [box.minLon, box.maxLon, box.minLat, box.maxLat].map((v) => p.add(v));
  const between = `${lon} >= ${w} AND ${lon} <= ${e}`;
  return [`${lon} < ${w}`, `${lon} > ${e}`, `(${between} AND ${lat} < ${s})`, `(${between} AND ${lat} > ${n})`];
}

