// Trips per week from an origin area to a destination area (either may be left out), exact:
//  - one box or one region alone: the GET's answer (lib/trips/weekly-average.ts);
//  - one polygon alone: tiles and fine cells wholly inside it from store.cell_tiles, and raw
//    trips only in the fine cells its boundary may touch, tested point by point in SQL;
//  - anything else (origin -> destination): raw trips starting in the origin area's extent,
//    each end classified by its fine cell (inside / outside / boundary: exact point-in-polygon).
// Points float8 cannot settle in SQL (store.orient_sign answers NULL) come back one by one and
// are decided in TypeScript with exact predicates. A box is the polygon of its rectangle(s).
import type pg from 'pg';
import { appPool } from '../db/app-db';
import { queryWithout, type PlanShape } from '../db/query-without';
import { extentOf, boxShape, pointInShape, type Extent, type Shape } from '../geo/polygon';
import { boundarySubCells, cellOfKey, insideSubRuns, shapeCells, TILE_TOTAL, subCellGrid, SUB_CELL_BITS, SUB_CELL_MASK, type ShapeCells } from '../geo/polygon-cells';
import { validateGeometry } from '../geo/polygon-validate';
import { cellBitmap, type CellBitmap } from '../geo/cell-bitmap';
import { coverRects, exactRects, rectDegrees, type CellRect } from '../geo/cell-rects';
import { blockInSql, blockKeys, END_COLUMNS, type End } from '../geo/end-block';
import { SUB_BITS, tileGridOf } from '../geo/tile-key';
import { readStoreSettings, type StoreSettings } from '../ingest/store-settings';
import { BLOCK_INDEXED_SQL } from './block-indexed';
import { clip } from './box-cells';
import { cellXYSql, inBitmapSql, insideOfValueSql, polygonValueSql, subCellVerdictSql } from './area-sql';
import type { AreaInput, AreaWeeklyAverageBody } from './area-schemas';
import { PARTITION_WEEK, PER_PARTITION, weekOfGroup, type PartitionWeek } from './partition-weeks';
import { Params } from './sql-params';
import { addCounts, findRegion, weeklyAverage, type WeeklyAverage } from './weekly-average';
import { mondays, RAW_READ_PARTS, resolveWindow, splitWindow, type WeekWindow } from './window';

type WeekCounts = Map<string, number>;
type Side = { end: End; region: { id: number; name: string } } | { end: End; shape: Shape; extent: Extent };

/** The GET's answer for the window, with the areas echoed back instead of area and match. */
export type AreaWeeklyAverage = Omit<WeeklyAverage, 'area' | 'match'> & { areas: { origin?: AreaInput; destination?: AreaInput } };

export async function areaWeeklyAverage(body: AreaWeeklyAverageBody, db: pg.Pool = appPool()): Promise<AreaWeeklyAverage> {
  const given = (['origin', 'destination'] as const).filter((e) => body[e]);
  // independent lookups, at once (each a round trip before any count can start)
  const [sides, window, settings] = await Promise.all([
    Promise.all(given.map((end) => resolveSide(db, end, body[end]!))), resolveWindow(db, body.from, body.to), readStoreSettings(db),
  ]);
  const counts = window.weeks ? await countAreas(db, body, sides, window, settings) : new Map();
  const series = mondays(window).map((weekStart) => ({ weekStart, trips: counts.get(weekStart) ?? 0 }));
  const totalTrips = series.reduce((sum, w) => sum + w.trips, 0);
  const areas = Object.fromEntries(given.map((e) => [e, body[e]]));
  return { areas, from: window.from, to: window.to, weeks: window.weeks, totalTrips, weeklyAverage: window.weeks ? totalTrips / window.weeks : 0, series };
}

async function resolveSide(db: pg.Pool, end: End, area: AreaInput): Promise<Side> {
  if (area.region !== undefined) return { end, region: await findRegion(db, area.region) };
  const shape = area.bbox ? boxShape(...area.bbox) : validateGeometry(area.polygon!, `${end}.polygon`);
  return { end, shape, extent: extentOf(shape) };
}

async function countAreas(db: pg.Pool, body: AreaWeeklyAverageBody, sides: Side[], w: WeekWindow, settings: StoreSettings | null): Promise<WeekCounts> {
  const one = sides.length === 1 ? sides[0] : null;
  const area = one ? body[one.end]! : null;
  if (one && area && (area.bbox || area.region)) {
    // The GET already answers these exactly (and boxes faster, from its strips).
    const box = area.bbox && { minLon: area.bbox[0], minLat: area.bbox[1], maxLon: area.bbox[2], maxLat: area.bbox[3] };
    const r = await weeklyAverage({ ...(box ? { bbox: box } : { region: area.region }), match: one.end, from: w.from, to: w.to }, db);
    return new Map(r.series.map((s) => [s.weekStart, s.trips]));
  }
  const regionIds = sides.flatMap((s) => ('region' in s ? [s.region.id] : []));
  if (new Set(regionIds).size > 1) return new Map(); // a trip has one region
  if (regionIds.length === sides.length) {
    // Region to the same region: every trip of it.
    const r = await weeklyAverage({ region: (sides[0] as { region: { name: string } }).region.name, match: 'origin', from: w.from, to: w.to }, db);
    return new Map(r.series.map((x) => [x.weekStart, x.trips]));
  }
  if (!settings) return new Map();
  const shapes = sides.filter((s): s is Extract<Side, { shape: Shape }> => 'shape' in s);
  let regions = await regionsMeeting(db, shapes.map((s) => s.extent), w);
  // (a side names a region, the other is a shape: only that region's trips)
  if (regionIds.length) regions = regions.filter((r) => r.id === regionIds[0]);
  if (!regions.length) return new Map();
  // each shape's cells only where it meets the regions (the fewer rows of cells to walk)
  const extents = regions.map((r) => r.extent);
  const plans = shapes.map((s) => ({ ...s, cells: shapeCells(s.shape, settings.fine, tileGridOf(settings.grid), clip(s.extent, extents)) }));
  const ids = regions.map((r) => r.id);
  const blockIndexed = regions.every((r) => r.blockIndexed);
  if (sides.length === 1 && plans[0].cells) {
    // One polygon: cells inside from the aggregates, boundary cells from raw trips.
    const [inside, boundary] = await Promise.all([
      tileCounts(db, settings, plans[0].end, plans[0].cells, ids, w),
      rawCounts(db, settings, [{ ...plans[0], boundaryOnly: true, blockIndexed }], ids, w),
    ]);
    return addCounts([inside, boundary]);
  }
  return rawCounts(db, settings, plans.map((p) => ({ ...p, boundaryOnly: false, blockIndexed })), ids, w);
}

interface MeetingRegion {
  id: number;
  extent: Extent;
  /**
   * most of its trips in the window lie in partitions with block indexes (region_weeks.block_indexed:
   * a partition awaiting its first organising, or indexed before the origin block index existed,
   * is not flagged)
   */
  blockIndexed: boolean;
}

/** Regions whose trips (either end) reach into every given extent during the window. */
async function regionsMeeting(db: pg.Pool, extents: Extent[], w: WeekWindow): Promise<MeetingRegion[]> {
  const { rows } = await db.query<{ id: number; blockIndexed: boolean } & Extent>(
    `SELECT region_id AS id, min(min_lon) AS "minLon", min(min_lat) AS "minLat", max(max_lon) AS "maxLon", max(max_lat) AS "maxLat",
            ${BLOCK_INDEXED_SQL} AS "blockIndexed"
     FROM store.region_weeks WHERE week >= $1 AND week < $2 AND trips > 0 GROUP BY region_id`, [w.from, w.to]);
  const meets = (a: Extent, b: Extent) => a.maxLon >= b.minLon && a.minLon <= b.maxLon && a.maxLat >= b.minLat && a.minLat <= b.maxLat;
  return rows.filter((r) => extents.every((e) => meets(r, e))).map(({ id, blockIndexed, ...extent }) => ({ id, extent, blockIndexed }));
}

/**
 * Trips per week in the tiles and fine cells wholly inside a shape, from store.cell_tiles: whole
 * tiles by their totals; in the other tiles only the slices of the fine arrays that hold inside
 * cells (runs of sub-indexes, found by binary search: width_bucket), or, in a tile mostly
 * inside, its total less the slices outside (insideSubRuns): never more than half a tile
 * unnested. Each tile's arrays are copied out of TOAST once (`|| '{}'`, behind OFFSET 0), not
 * once per run sliced from them: the query 2-2.5x faster at 10M. Each part is summed on its own,
 * the runs per sign, so the unnested elements go straight into their aggregate (no cast, product
 * and append per element: -11% on 20 polygons at 10M, ~46,000 elements for a district).
 */
async function tileCounts(db: pg.Pool, s: StoreSettings, end: End, cells: ShapeCells, regions: number[], w: WeekWindow): Promise<WeekCounts> {
  if (!cells.wholeTiles.length && !cells.insideFine.length) return new Map();
  const tile = tileGridOf(s.grid);
  const runs = insideSubRuns(cells, s.fine, tile);
  const p = new Params();
  const common = `side = ${p.add(end === 'origin' ? 0 : 1)} AND region_id = ANY(${p.add(regions)}::int2[]) AND week >= ${p.add(w.from)} AND week < ${p.add(w.to)}`;
  const tileKey = `(tx::int8 * ${p.add(2 ** tile.yBits)}::int8 + ty)`;
  // The tiles' columns and rows (a superset of the tiles) are what the index on
  // (side, region_id, tx, ty, week) can seek; the key alone would scan the region's every tile.
  const tilesIn = (keys: number[]) => {
    const xy = keys.map((key) => cellOfKey(tile, key));
    const distinct = (k: 0 | 1) => [...new Set(xy.map((c) => c[k]))];
    return `tx = ANY(${p.add(distinct(0))}::int4[]) AND ty = ANY(${p.add(distinct(1))}::int4[]) AND ${tileKey} = ANY(${p.add(keys)}::int8[])`;
  };
  const { rows } = await queryWithout<{ week: string; trips: string }>(db, ['sort'],
    `SELECT week, sum(trips)::int8 AS trips FROM (
       SELECT week, sum(trips)::int8 AS trips FROM store.cell_tiles WHERE ${common} AND ${tilesIn(cells.wholeTiles)} GROUP BY week
       UNION ALL
       SELECT week, sum(n)::int8 * sign FROM (
         SELECT week, r.sign, unnest(CASE WHEN r.first = ${p.add(TILE_TOTAL)} THEN ARRAY[t.total]
           ELSE trips_of[width_bucket((r.first - 1)::int2, subs) + 1 : width_bucket(r.last, subs)] END) AS n
         FROM (SELECT week, ${tileKey} AS tile, trips AS total, fines || '{}'::int2[] AS subs, fine_trips || '{}'::int4[] AS trips_of
           FROM store.cell_tiles WHERE ${common} AND ${tilesIn(cells.partialTiles)} OFFSET 0) t
         JOIN unnest(${p.add(runs.tiles)}::int8[], ${p.add(runs.first)}::int2[], ${p.add(runs.last)}::int2[], ${p.add(runs.sign)}::int2[])
           AS r(tile, first, last, sign) ON r.tile = t.tile
       ) u GROUP BY week, sign
     ) t GROUP BY week`, p.values);
  return new Map(rows.map((r) => [r.week, Number(r.trips)]));
}

interface RawSide {
  end: End;
  shape: Shape;
  extent: Extent;
  cells: ShapeCells | null;
  boundaryOnly: boolean;
  /** the partitions read mostly have their block indexes */
  blockIndexed: boolean;
}

/** Rectangles a destination's block keys are listed for (32: measured on the 10M store, 64 read
 * fewer rows but cost as much more to plan). */
const MAX_READ_RECTS = 32;

/** Bitmap cells per fine cell width (a quarter: the bitmap's one-cell growth adds little to the
 * band read; 1, 4 and 8 measured alike on the 10M store, 8 a bigger parameter to copy per partition). */
const BITMAP_CELLS_PER_FINE = 4;

/**
 * The fine cells a side's raw trips may lie in, as exact rectangles: its boundary cells
 * (boundaryOnly) or every cell of the shape, each whole tile one rectangle.
 */
function readCellRects(side: RawSide & { cells: ShapeCells }, s: StoreSettings): CellRect[] {
  const c = side.cells;
  const keys = side.boundaryOnly ? c.boundaryFine : [...c.boundaryFine, ...c.insideFine];
  const rects = exactRects(keys.map((key) => cellOfKey(s.fine, key)));
  if (!side.boundaryOnly) {
    const tile = tileGridOf(s.grid);
    const n = 1 << SUB_BITS;
    for (const key of c.wholeTiles) {
      const [tx, ty] = cellOfKey(tile, key);
      rects.push({ x0: tx * n, x1: tx * n + n - 1, y0: ty * n, y1: ty * n + n - 1 });
    }
  }
  return rects;
}

/** rawCountsIn over the window, one query per part of it, at once (see RAW_READ_PARTS). */
async function rawCounts(db: pg.Pool, s: StoreSettings, sides: RawSide[], regions: number[], w: WeekWindow): Promise<WeekCounts> {
  const prepared = sides.map((side) => prepareSide(side, s));
  return addCounts(await Promise.all(splitWindow(w, RAW_READ_PARTS).map((part) => rawCountsIn(db, s, prepared, regions, part))));
}

/** What a side's reads need from its cells, computed once for every part of the window. */
interface PreparedSide extends RawSide {
  /** blocks: the keys of the end's block index to read (null: read by the extent) */
  read: { blocks: number[] | null; bitmap: CellBitmap; boundaryKeys: number[]; subCells: ReturnType<typeof boundarySubCells> } | null;
}

function prepareSide(side: RawSide, s: StoreSettings): PreparedSide {
  const c = side.cells;
  if (!c) return { ...side, read: null };
  const subCells = boundarySubCells(side.shape, s.fine, c.boundaryFine);
  const boundaryKeys = subCells ? subCells.keys : [...c.boundaryFine].sort((a, b) => a - b);
  const cells = readCellRects({ ...side, cells: c }, s);
  const degrees = (rs: CellRect[]) => rs.map((r) => rectDegrees(s.fine, r));
  // Block keys are listed only where the partitions have block indexes (elsewhere a read is
  // whole, and the list costs planning and a test per row for nothing): a destination's for a
  // few rectangles, an origin's only for a boundary band (its cells are a thin ring; a whole
  // shape is read by its extent, through the BRIN; and a partition indexed before the origin
  // block index existed has only its BRIN until maintenance, while the band's read leaves the
  // BRIN aside). The bitmap takes them all, a quarter fine cell per bit. All are supersets:
  // every row's cell is still tested.
  const blocks = !side.blockIndexed ? null
    : side.end === 'destination' ? blockKeys(s.fine, degrees(coverRects(cells, MAX_READ_RECTS)))
    : side.boundaryOnly ? blockKeys(s.fine, degrees(cells)) : null;
  const bitmap = cellBitmap(degrees(cells), side.extent, s.fine.dx / BITMAP_CELLS_PER_FINE);
  return { ...side, read: { blocks, bitmap, boundaryKeys, subCells } };
}

/**
 * Raw trips whose ends lie in every side's shape (one side with boundaryOnly: only trips in its
 * boundary cells). Layers, each fenced with OFFSET 0 so an expression is computed once per row
 * and the per-partition scans stay small to plan: the read (the shapes' extents, range
 * conditions an index on either end can use, and the bitmap of the cells to read; its
 * projection floors each point onto the sub-cell grid) -> each point's sub-cell (the floors
 * settled against exact edges) -> its fine cell and that cell's
 * place among the boundary cells -> verdicts (inside 1, outside 0, undecided NULL: in a
 * sub-cell an edge may touch) -> counts per week, the undecided rows listed with their
 * coordinates and settled by the exact point-in-polygon of lib/geo/polygon.ts.
 */
async function rawCountsIn(db: pg.Pool, s: StoreSettings, sides: PreparedSide[], regions: number[], w: WeekWindow): Promise<WeekCounts> {
  const p = new Params();
  const tile = tileGridOf(s.grid);
  const filters = [`region_id = ANY(${p.add(regions)}::int2[])`, `started_at >= ${p.add(w.from)}::timestamp`, `started_at < ${p.add(w.to)}::timestamp`];
  const keys: string[] = [], cellKeys: string[] = [], subKeys: string[] = [], verdicts: string[] = [];
  for (const [i, side] of sides.entries()) {
    const [lon, lat] = END_COLUMNS[side.end];
    // The extent is what an index reads (one scan per partition, cheap to plan: each OR arm
    // would cost a scan of its own, measured slower); the bitmap of the cells to read then drops
    // most of its rows in the scan itself, before any cell is computed (a cheap test per row:
    // 30% less than rectangles tested above the scan, measured on the 10M store).
    // Where an origin band's blocks are listed, the block index reads and the extent stays a
    // first filter only, written so the BRIN cannot take it (ANDed with the block index, its
    // page-wide matches would make every row of the band's pages a recheck); partitions without
    // indexes, read whole, still drop most rows on it before the costlier tests.
    const { cells: c, read } = side;
    const e = side.extent;
    const plain = side.end === 'origin' && read?.blocks ? ' + 0::float8' : '';
    filters.push(`${lon}${plain} BETWEEN ${p.add(e.minLon)}::float8 AND ${p.add(e.maxLon)}::float8`, `${lat}${plain} BETWEEN ${p.add(e.minLat)}::float8 AND ${p.add(e.maxLat)}::float8`);
    if (c && read) {
      filters.push(inBitmapSql(p, read.bitmap, lon, lat));
      // The blocks: what the partition's block index of this end reads. The origin band's are
      // left out of planning (one side, sequential scans off: the index is the plan anyway); two
      // sides leave the planner to weigh the destination's list against the origin's extent.
      if (read.blocks) filters.push(blockInSql(s.fine, side.end, p.add(read.blocks), { planned: side.end === 'destination' }));

      // The cell decides; in a boundary cell its sub-cell does, and where an edge may touch
      // that the verdict stays NULL and the point is tested exactly in TypeScript below (few
      // rows: no per-edge SQL to plan for every query). Points are placed on the sub-cell grid
      // (exact, like lonToX) and their fine cells derived from it (the grids nest by powers of 2).
      const xy = cellXYSql(p, lon, lat, subCellGrid(s.fine));
      keys.push(`${xy.floors[0]} AS rx${i}`, `${xy.floors[1]} AS ry${i}`);
      const [sx, sy] = xy.settle(`rx${i}`, `ry${i}`);
      cellKeys.push(`${sx} AS sx${i}`, `${sy} AS sy${i}`);
      const fk = `fk${i}`, bi = `bi${i}`;
      const sub = p.add(SUB_CELL_BITS);
      const boundaryKeys = p.add(read.boundaryKeys);
      const fineKey = `(sx${i} >> ${sub}) * ${p.add(2 ** s.fine.yBits)}::int8 + (sy${i} >> ${sub})`;
      subKeys.push(
        `${fineKey} AS ${fk}`,
        `(((sx${i} & ${p.add(SUB_CELL_MASK)}) << ${sub}) | (sy${i} & ${p.add(SUB_CELL_MASK)}))::int4 AS sb${i}`,
        `width_bucket(${fineKey}, ${boundaryKeys}::int8[]) AS ${bi}`,
      );
      const boundary = `${bi} > 0 AND (${boundaryKeys}::int8[])[${bi}] = ${fk}`;
      const inBoundary = read.subCells ? subCellVerdictSql(p, read.subCells, bi, `sb${i}`) : 'NULL';
      let elsewhere = '0';
      if (!side.boundaryOnly) {
        const F = p.add(2 ** s.fine.yBits), T = p.add(2 ** tile.yBits);
        const tk = `((${fk} / ${F}::int8) >> 5) * ${T}::int8 + ((${fk} % ${F}::int8) >> 5)`;
        elsewhere = `CASE WHEN ${fk} = ANY(${p.add(c.insideFine)}::int8[]) OR ${tk} = ANY(${p.add(c.wholeTiles)}::int8[]) THEN 1 ELSE 0 END`;
      }
      verdicts.push(`CASE WHEN ${boundary} THEN ${inBoundary} ELSE ${elsewhere} END AS in${i}`);
    } else {
      // Too many cells to list: every point of the extent through the SQL point-in-polygon.
      side.shape.forEach((polygon, j) => keys.push(`${polygonValueSql(p, polygon, lon, lat)} AS v${i}_${j}`));
      const inside = side.shape.map((_, j) => insideOfValueSql(`v${i}_${j}`));
      verdicts.push(`CASE WHEN ${inside.map((x) => `${x} = 1`).join(' OR ')} THEN 1 WHEN ${inside.map((x) => `${x} IS NULL`).join(' OR ')} THEN NULL ELSE 0 END AS in${i}`);
    }
  }
  // Only the coordinates of the ends tested come back (for the undecided points).
  const coordList = [...new Set(sides.flatMap((side) => END_COLUMNS[side.end]))];
  const coords = coordList.join(', ');
  const undecided = sides.map((_, i) => `in${i} IS NULL`).join(' OR ');
  // Grouped per partition (a week each, see partition-weeks.ts), verdicts and undecided points.
  // The floors are computed by the scan itself (its projection), a layer less per row.
  const sql = `SELECT ${PARTITION_WEEK}, ${sides.map((_, i) => `in${i}`).join(', ')},
      ${coordList.map((c) => `CASE WHEN ${undecided} THEN ${c} END AS ${c}`).join(', ')}, count(*)::int8 AS n
    FROM (SELECT part, started_at, ${coords}, ${verdicts.join(', ')}
      FROM (SELECT c.*${subKeys.map((k) => `, ${k}`).join('')}
      FROM (SELECT k.*${cellKeys.map((k) => `, ${k}`).join('')}
      FROM (SELECT ${PER_PARTITION} AS part, started_at, ${coords}${keys.map((k) => `, ${k}`).join('')}
        FROM store.trips WHERE ${filters.join(' AND ')} OFFSET 0) k
        OFFSET 0) c OFFSET 0) b OFFSET 0) v
    WHERE ${sides.map((_, i) => `in${i} IS DISTINCT FROM 0`).join(' AND ')}
    GROUP BY part, ${sides.map((_, i) => i + 3).join(', ')}, ${coordList.map((_, k) => sides.length + 3 + k).join(', ')}`;
  // No parallel workers: the window's parts already run at once, one per core (with the bitmap
  // in the scan the planner added workers to each; without, the 10M origin polygons' p95 was
  // lower in each of three paired runs). One side: no sequential scans either. Rows are in map
  // order, uncorrelated with either coordinate, so the planner costs a BRIN read like a full
  // one and reads ~16k-row partitions whole for a district's few hundred (10M rows, 20 origin
  // polygons, three alternated pairs: p95 -15 to -30%, p50 -2 to -17%; two sides measured
  // slightly slower, the planner keeps its choice there).
  const shapes: PlanShape[] = sides.length === 1 ? ['parallel', 'seqscan'] : ['parallel'];
  const { rows } = await queryWithout<PartitionWeek & Record<string, string | number | null>>(db, shapes, sql, p.values);
  const counts: WeekCounts = new Map();
  for (const r of rows) {
    // NULL verdicts (a sub-cell an edge may touch, or float8 could not tell): settled exactly here.
    const ok = sides.every((side, i) => {
      if (r[`in${i}`] !== null) return true;
      const [lon, lat] = END_COLUMNS[side.end];
      return pointInShape(side.shape, [Number(r[lon]), Number(r[lat])]);
    });
    const week = weekOfGroup(r);
    if (ok) counts.set(week, (counts.get(week) ?? 0) + Number(r.n));
  }
  return counts;
}
